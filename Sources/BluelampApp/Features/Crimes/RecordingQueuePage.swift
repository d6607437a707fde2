import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/crimes/awaiting-decision`: the reports awaiting their recording decision in the viewer's scope, oldest first,
/// each with the time left before the decision falls due or, once past it, how long it is overdue (in words and in
/// red, never colour alone), and the counts awaiting and overdue at the top. The allowance is the recording policy's.
struct RecordingQueuePage {
    struct Model {
        var queue: RecordingQueue
        var policy: CrimeRecordingPolicyRevision
        var now: Date
        var scopeLabel: String
        var bcus: [BCU]
        var selectedBCU: BCU?
        var canManagePolicy: Bool
        var notice: String?
    }

    var model: Model

    var clock: CrimeRecordingClock { model.policy.policy.clock }

    func render() -> PageContent {
        let queue = model.queue
        return .group(
            .p(.a(.href(Paths.crimes()), "← Crimes")),
            Part.heading(
                "Reports awaiting a recording decision",
                "In \(model.scopeLabel), oldest report first. The Crime Recording Rules: each report is recorded as a crime, "
                    + "recorded as an incident or found to be no crime within \(clock.allowanceText) of reaching the police."
            ),
            Part.flash(model.notice),
            .dl(
                .class("facts"),
                .dt("Awaiting a decision"), .dd(.strong(.id("awaiting-count"), .text(String(queue.awaiting)))),
                .dt("Overdue"),
                .dd(
                    .strong(
                        .id("overdue-count"), .class(queue.overdue > 0 ? "red" : ""),
                        .text(queue.overdue == 0 ? "None" : "\(queue.overdue) past the \(clock.allowanceText) allowed"))
                ),
                .dt("Allowance"),
                .dd(
                    .text(policyLine()),
                    .if(model.canManagePolicy, .group(.text(" · "), .a(.href(Paths.recordingPolicy), "Change"))))
            ),
            .if(
                model.bcus.count > 1,
                .form(
                    .class("filters"), .method(.get), .action(Paths.recordingDecisions),
                    .component(
                        Part.select(
                            "BCU", name: "bcu", options: model.bcus.map { ($0.code, "\($0.code) \($0.name)") },
                            selected: model.selectedBCU?.code, includeAny: "Every BCU in scope")),
                    .div(.class("field"), .button(.type(.submit), "Show")))),
            .if(queue.rows.isEmpty, .p("No report is awaiting its recording decision.")),
            .if(
                queue.rows.count < queue.awaiting,
                .p(.class("muted"), .text("Showing the oldest \(queue.rows.count) of \(queue.awaiting)."))),
            .if(
                !queue.rows.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .caption(.text("Reports awaiting a recording decision, oldest first")),
                        .thead(
                            .tr(
                                .th("Reference"), .th("Reported"), .th("Type"), .th("BCU"), .th("Priority"),
                                .th("Decision due"))),
                        .tbody(.forEach(queue.rows) { row in self.row(row) })
                    )))
        )
    }

    func row(_ row: AwaitingReport) -> Node<HTML.TableContext> {
        let left = row.due.timeIntervalSince(model.now)
        let overdue = left < 0
        return .tr(
            .class(overdue ? "overdue" : ""),
            CrimeParts.cell("Reference", .a(.href(Paths.crime(row.id) + "#recording-decision"), .text(row.reference))),
            CrimeParts.cell("Reported", .text(CrimeParts.dateTime.string(from: row.reportedAt))),
            CrimeParts.cell("Type", .text("\(row.category.name): \(row.offenceDescription)")),
            CrimeParts.cell("BCU", .text(row.bcu?.code ?? "—")),
            CrimeParts.cell("Priority", CrimeParts.priorityBadge(row.priority)),
            CrimeParts.cell(
                "Decision due",
                overdue
                    ? .span(.class("badge red"), .text("Overdue by \(CrimeRecordingClock.duration(-left))"))
                    : .group(
                        .text("\(CrimeRecordingClock.duration(left)) left"), .br(),
                        .span(.class("muted"), .text("by \(CrimeParts.dateTime.string(from: row.due))"))))
        )
    }

    func policyLine() -> String {
        let policy = model.policy
        guard policy.version > 0 else { return "\(clock.allowanceText), the Crime Recording Rules' default" }
        let when = policy.createdAt.map { " on " + CrimeParts.date.string(from: $0) } ?? ""
        return
            "\(clock.allowanceText), policy version \(policy.version) set by \(policy.createdBy)\(when): \(policy.reason)"
    }
}
