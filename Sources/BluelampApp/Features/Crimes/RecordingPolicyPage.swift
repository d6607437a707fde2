import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/crimes/recording-policy`: the allowance for the recording decision in force, and the form that puts a new one
/// in force with the reason for the change (administrators).
struct RecordingPolicyPage {
    struct Model {
        var current: CrimeRecordingPolicyRevision
        var allowanceHours: String
        var reason: String
        var errors: [String]
        var csrf: String?
        var notice: String?
    }

    var model: Model

    func render() -> PageContent {
        let current = model.current
        return .group(
            Part.heading(
                "Crime recording policy",
                "How long after a report reaches the police its recording decision is due. The Crime Recording Rules give 24 hours."
            ),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .dl(
                .class("facts"),
                .dt("In force"), .dd(.text(current.policy.clock.allowanceText)),
                .dt("Version"),
                .dd(.text(current.version == 0 ? "The default (no version set)" : String(current.version))),
                .dt("Set by"),
                .dd(
                    .text(
                        current.createdBy
                            + (current.createdAt.map { " on " + CrimeParts.dateTime.string(from: $0) } ?? "") + ": "
                            + current.reason))
            ),
            .form(
                .class("stack"), .method(.post), .action(Paths.recordingPolicy),
                .h2("Change the allowance"),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.field(
                        "Allowance (hours)", name: "allowance_hours", value: model.allowanceHours, type: .number,
                        required: true,
                        hint:
                            "A whole number of hours from \(CrimeRecordingPolicy.allowedHours.lowerBound) to \(CrimeRecordingPolicy.allowedHours.upperBound)."
                    )),
                .component(
                    CrimeParts.textarea(
                        "Reason", name: "reason", value: model.reason,
                        hint: "Why the policy changes; kept with the version.")),
                .button(.type(.submit), "Put in force")
            )
        )
    }
}
