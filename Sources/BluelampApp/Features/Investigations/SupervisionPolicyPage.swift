import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/investigations/policy`: the supervision policy in force (first review, then the interval) with the form that
/// puts a new version in force, and the victim-blaming lexicon with forms to add and withdraw phrases
/// (administrators; every change audited).
struct SupervisionPolicyPage {
    struct Model {
        var version: Int
        var policy: SupervisionPolicy
        var createdBy: String
        var createdAt: Date?
        var reason: String
        var lexicon: [String]
        var typed: [String: String] = [:]
        var errors: [String] = []
        var csrf: String?
        var notice: String?
    }

    var model: Model

    func facts() -> PageContent {
        let version = model.version == 0 ? "The default (no version set)" : String(model.version)
        let when = model.createdAt.map { " on " + CrimeParts.dateTime.string(from: $0) } ?? ""
        let first = "Within \(model.policy.firstReviewDays) days of allocation"
        let then = "At most every \(model.policy.reviewIntervalDays) days while open"
        return .dl(
            .class("facts"),
            .dt("First review"), .dd(.text(first)),
            .dt("Then"), .dd(.text(then)),
            .dt("Version"), .dd(.text(version)),
            .dt("Set by"), .dd(.text(model.createdBy + when + ": " + model.reason))
        )
    }

    func render() -> PageContent {
        .group(
            Part.heading(
                "Supervision policy",
                "When supervisors review open investigations, and the phrasings flagged to them in investigation notes."
            ),
            Part.flash(model.notice),
            Part.errors(model.errors),
            facts(),
            .form(
                .class("stack"), .method(.post), .action(Paths.supervisionPolicy()),
                .h2("Change the policy"),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.field(
                        "First review within (days)", name: "first_review_days",
                        value: model.typed["first_review_days"] ?? String(model.policy.firstReviewDays), type: .number,
                        required: true)),
                .component(
                    Part.field(
                        "Then every (days)", name: "review_interval_days",
                        value: model.typed["review_interval_days"] ?? String(model.policy.reviewIntervalDays),
                        type: .number, required: true)),
                .component(
                    CrimeParts.textarea(
                        "Reason", name: "reason", value: model.typed["reason"] ?? "",
                        hint: "Why the policy changes; kept with the version.")),
                .button(.type(.submit), "Put in force")
            ),
            .section(
                .id("lexicon"),
                .h2("Victim-blaming lexicon"),
                .p(
                    .text(
                        "A note or statement containing one of these phrasings is flagged to the supervisor with the "
                            + "phrase highlighted. Nothing is blocked or changed.")),
                .ul(.forEach(model.lexicon) { .li(.text($0)) }),
                .form(
                    .class("stack"), .method(.post), .action(Paths.lexiconPhrases),
                    .component(Part.csrf(model.csrf)),
                    .component(Part.field("Phrase to add", name: "phrase", value: model.typed["phrase"] ?? "")),
                    .button(.type(.submit), "Add phrase")),
                .form(
                    .class("stack"), .method(.post), .action(Paths.withdrawLexiconPhrase),
                    .component(Part.csrf(model.csrf)),
                    .component(
                        Part.select(
                            "Phrase to withdraw", name: "withdraw_phrase", options: model.lexicon.map { ($0, $0) },
                            selected: nil)),
                    .button(.type(.submit), "Withdraw phrase"))
            )
        )
    }
}
