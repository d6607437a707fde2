import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// The supervisor's overdue list: visits overdue, risk reviews overdue, notifications missed.
struct RSOOverduePage {
    struct VisitRow {
        var id: Int
        var name: String
        var reference: String
        var bcu: BCU
        var risk: OffenderRiskLevel
        var manager: String?
        var lastSeen: Date?
        var daysOverdue: Int
        var considerArrestOrWarrant: Bool
    }

    struct ReviewRow {
        var id: Int
        var name: String
        var bcu: BCU
        var risk: OffenderRiskLevel
        var manager: String?
        var reviewDue: Date
        var daysOverdue: Int
    }

    struct NotificationRow {
        var id: Int
        var name: String
        var bcu: BCU
        var kind: RSONotificationKind
        var dueOn: Date
        var daysOverdue: Int
    }

    struct Model {
        var today: Date
        var scopeLabel: String
        var bcus: [BCU]
        var selected: BCU?
        var visits: [VisitRow]
        var visitsTotal: Int
        var reviews: [ReviewRow]
        var reviewsTotal: Int
        var notifications: [NotificationRow]
        var notificationsTotal: Int
        var canDecide: Bool
        /// The reason the record links carry: the viewer is reviewing the overdue list.
        var reason: String
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Overdue",
                "Registered sex offenders overdue a home visit, a risk review or a notification, as on \(OffenderParts.day(model.today)) (\(model.scopeLabel)). Every name shown is audited."
            ),
            OffenderParts.links(bcus: model.selected.map { [$0] } ?? [], canDecide: model.canDecide),
            OffenderParts.bcuFilter(action: Paths.overdueOffenders, bcus: model.bcus, selected: model.selected),
            .h2(.text("Home visits overdue (\(model.visitsTotal))")),
            shown(model.visits.count, of: model.visitsTotal),
            .if(
                !model.visits.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        OffenderParts.head(["Offender", "BCU", "Risk", "Manager", "Last seen", "Overdue"]),
                        .tbody(
                            .forEach(model.visits) { row in
                                .tr(
                                    OffenderParts.cell("Offender", link(row.id, row.name)),
                                    OffenderParts.cell("BCU", text: row.bcu.code),
                                    OffenderParts.cell("Risk", OffenderParts.riskBadge(row.risk)),
                                    OffenderParts.cell("Manager", text: row.manager ?? "None"),
                                    OffenderParts.cell(
                                        "Last seen", text: row.lastSeen.map(OffenderParts.day) ?? "Never"),
                                    OffenderParts.cell(
                                        "Overdue",
                                        .group(
                                            .text(OffenderParts.days(row.daysOverdue)),
                                            .if(
                                                row.considerArrestOrWarrant,
                                                .group(
                                                    .text(" "), .span(.class("badge red"), "Consider arrest or warrant")
                                                ))))
                                )
                            })
                    ))),
            .h2(.text("Risk reviews overdue (\(model.reviewsTotal))")),
            shown(model.reviews.count, of: model.reviewsTotal),
            .if(
                !model.reviews.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        OffenderParts.head(["Offender", "BCU", "Risk", "Manager", "Review was due", "Overdue"]),
                        .tbody(
                            .forEach(model.reviews) { row in
                                .tr(
                                    OffenderParts.cell("Offender", link(row.id, row.name)),
                                    OffenderParts.cell("BCU", text: row.bcu.code),
                                    OffenderParts.cell("Risk", OffenderParts.riskBadge(row.risk)),
                                    OffenderParts.cell("Manager", text: row.manager ?? "None"),
                                    OffenderParts.cell("Review was due", text: OffenderParts.day(row.reviewDue)),
                                    OffenderParts.cell("Overdue", text: OffenderParts.days(row.daysOverdue))
                                )
                            })
                    ))),
            .h2(.text("Notifications missed (\(model.notificationsTotal))")),
            shown(model.notifications.count, of: model.notificationsTotal),
            .if(
                !model.notifications.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        OffenderParts.head(["Offender", "BCU", "Requirement", "Due by", "Overdue"]),
                        .tbody(
                            .forEach(model.notifications) { row in
                                .tr(
                                    OffenderParts.cell("Offender", link(row.id, row.name)),
                                    OffenderParts.cell("BCU", text: row.bcu.code),
                                    OffenderParts.cell("Requirement", text: row.kind.label),
                                    OffenderParts.cell("Due by", text: OffenderParts.day(row.dueOn)),
                                    OffenderParts.cell("Overdue", text: OffenderParts.days(row.daysOverdue))
                                )
                            })
                    )))
        )
    }

    private func link(_ id: Int, _ name: String) -> PageContent {
        .a(.href(OffenderParts.recordPath(id, reason: model.reason)), .text(name))
    }

    private func shown(_ count: Int, of total: Int) -> PageContent {
        .if(
            count < total,
            .p(
                .class("muted"),
                .text("The \(count) most pressing of \(total) are shown; choose a BCU to narrow the list.")))
    }
}

/// The supervisor's "consider arrest or warrant" cases, with a decision form for each open one.
struct RSOEscalationsPage {
    struct Model {
        var today: Date
        var scopeLabel: String
        var bcus: [BCU]
        var selected: BCU?
        var open: [RSOEscalationEntry]
        var decided: [RSOEscalationEntry]
        var csrf: String?
        var notice: String?
        var errors: [String]
        /// The case the errors belong to, and what its form held.
        var failedID: Int?
        var failedDecision: String
        var failedReason: String
        var reason: String
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Arrest or warrant escalations",
                "Offenders with no successful home visit for twice their visit frequency (\(model.scopeLabel)). Each needs a supervisor's recorded decision and reason."
            ),
            OffenderParts.links(bcus: model.selected.map { [$0] } ?? [], canDecide: true),
            OffenderParts.bcuFilter(action: Paths.escalations(), bcus: model.bcus, selected: model.selected),
            Part.flash(model.notice),
            .h2(.text("Awaiting a decision (\(model.open.count))")),
            .if(model.open.isEmpty, .p("No case is waiting for a decision.")),
            .forEach(model.open) { e in openCase(e) },
            .h2("Recently decided"),
            .if(model.decided.isEmpty, .p("No decisions yet.")),
            .if(
                !model.decided.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        OffenderParts.head(["Offender", "BCU", "Risk", "Raised", "Decision", "Reason", "Decided by"]),
                        .tbody(
                            .forEach(model.decided) { e in
                                .tr(
                                    OffenderParts.cell(
                                        "Offender",
                                        .a(
                                            .href(OffenderParts.recordPath(e.offenderID, reason: model.reason)),
                                            .text(e.offenderName))),
                                    OffenderParts.cell("BCU", text: e.bcu.code),
                                    OffenderParts.cell("Risk", OffenderParts.riskBadge(e.risk)),
                                    OffenderParts.cell("Raised", text: OffenderParts.day(e.raisedOn)),
                                    OffenderParts.cell("Decision", text: e.decision?.label ?? "—"),
                                    OffenderParts.cell("Reason", text: e.reason ?? "—"),
                                    OffenderParts.cell(
                                        "Decided by",
                                        text: "\(e.decidedBy ?? "—"), \(OffenderParts.moment(e.decidedAt))")
                                )
                            })
                    )))
        )
    }

    private func openCase(_ e: RSOEscalationEntry) -> PageContent {
        let failed = model.failedID == e.id
        let waiting = OffenderCalendar.days(from: e.raisedOn, to: model.today)
        return .div(
            .class("card escalation"), .id("escalation-\(e.id)"),
            .h3(
                .a(.href(OffenderParts.recordPath(e.offenderID, reason: model.reason)), .text(e.offenderName)),
                .text(" "), OffenderParts.riskBadge(e.risk)),
            .p(
                .text(
                    "\(e.offenderReference), \(e.bcu.name). Last seen \(e.lastSeenOn.map(OffenderParts.day) ?? "never"); twice the frequency passed on \(OffenderParts.day(e.escalationDate)). "
                ),
                .strong(.text("Waiting \(OffenderParts.days(waiting)).")),
                .text(" Offender manager: \(e.managerName ?? "none").")),
            .if(failed, Part.errors(model.errors)),
            .form(
                .method(.post), .action(Paths.escalation(e.id)),
                .component(Part.csrf(model.csrf)),
                .component(
                    OffenderParts.select(
                        "Decision", name: "decision", id: "decision-\(e.id)",
                        options: ArrestOrWarrantDecision.allCases.map { ($0.rawValue, $0.label) },
                        selected: failed ? model.failedDecision : nil, includeAny: "Choose")),
                .component(
                    OffenderParts.textArea(
                        "Reason", name: "decision_reason", id: "decision-reason-\(e.id)",
                        value: failed ? model.failedReason : "", required: true)),
                .button(.type(.submit), "Record the decision")
            )
        )
    }
}
