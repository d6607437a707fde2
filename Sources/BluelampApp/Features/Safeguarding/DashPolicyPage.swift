import BluelampCore
import Foundation
import Plot

/// `/safeguarding/dash-policy`: the DASH policy in force (the score bands, the supervisor's review time, the
/// potential-escalation rule for MARAC) with the form that puts a new version in force (administrators; audited).
struct DashPolicyPage {
    struct Model {
        var version: Int
        var policy: DashPolicy
        var createdBy: String
        var createdAt: Date?
        var reason: String
        var typed: [String: String] = [:]
        var errors: [String] = []
        var csrf: String?
        var notice: String?
    }

    var model: Model

    func render() -> PageContent {
        let p = model.policy
        let version = model.version == 0 ? "The default (no version set)" : String(model.version)
        let when = model.createdAt.map { " on " + CrimeParts.dateTime.string(from: $0) } ?? ""
        func field(_ label: String, _ name: String, _ value: Int, hint: String) -> PageContent {
            Part.field(
                label, name: name, value: model.typed[name] ?? String(value), type: .number, required: true, hint: hint)
        }
        return .group(
            Part.heading(
                "DASH policy",
                "How a DASH risk assessment's answers become its level, how soon a supervisor reviews it, and when "
                    + "a victim's history requires a MARAC referral."),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .dl(
                .class("facts"),
                .dt("Standard"), .dd(.text("0 to \(p.mediumFrom - 1) \"yes\" answers")),
                .dt("Medium"), .dd(.text("\(p.mediumFrom) to \(p.highFrom - 1) \"yes\" answers")),
                .dt("High"), .dd(.text("\(p.highFrom) or more \"yes\" answers")),
                .dt("Supervisor review"), .dd(.text("Within \(p.supervisionHours) hours of completion")),
                .dt("Potential escalation"),
                .dd(.text("\(p.escalationCount) or more domestic abuse crimes in \(p.escalationMonths) months")),
                .dt("Version"), .dd(.text(version)),
                .dt("Set by"), .dd(.text(model.createdBy + when + ": " + model.reason))
            ),
            .form(
                .class("stack"), .method(.post), .action(Paths.dashPolicy()),
                .h2("Change the policy"),
                .component(Part.csrf(model.csrf)),
                .component(field("Medium from (yes answers)", "medium_from", p.mediumFrom, hint: "Default 10.")),
                .component(field("High from (yes answers)", "high_from", p.highFrom, hint: "Default 14.")),
                .component(
                    field(
                        "Supervisor review within (hours)", "supervision_hours", p.supervisionHours, hint: "Default 24."
                    )),
                .component(
                    field(
                        "Potential escalation: crimes", "escalation_count", p.escalationCount,
                        hint: "Domestic abuse crimes against the victim that require a MARAC referral. Default 3.")),
                .component(
                    field(
                        "Potential escalation: within (months)", "escalation_months", p.escalationMonths,
                        hint: "Default 12.")),
                .component(
                    CrimeParts.textarea(
                        "Reason", name: "reason", value: model.typed["reason"] ?? "",
                        hint: "Why the policy changes; kept with the version.")),
                .button(.type(.submit), "Put in force")
            )
        )
    }
}
