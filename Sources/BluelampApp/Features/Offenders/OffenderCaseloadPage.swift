import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// The offender manager's caseload and this week's plan (issue 8, "Pages").
struct OffenderCaseloadPage {
    struct Row {
        var id: Int
        var reference: String
        var name: String
        var risk: OffenderRiskLevel
        var addressArea: String
        var lastSeen: Date?
        var nextDue: Date
        var daysOverdue: Int
        var considerArrestOrWarrant: Bool
        var reattemptDue: Date?
        var reviewDue: Date
        var reviewOverdue: Bool
        var reactive: Bool
        var planned: [Date]
    }

    struct PlannedRow {
        var offenderID: Int
        var name: String
        var risk: OffenderRiskLevel
        var date: Date
        var time: String
        var announced: Bool
        var reason: PlannedVisit.Reason
        var dueBy: Date
    }

    struct BacklogRow {
        var offenderID: Int
        var name: String
        var risk: OffenderRiskLevel
        var firstOverdue: Date
        /// Days overdue today, as every page counts them (`RSOVisitStatus`); the planner's forecast is not shown
        /// as a number of days, so one offender never shows two different figures.
        var daysOverdueToday: Int
        var stillOverdueAtEnd: Bool
    }

    struct Model {
        var managerName: String?
        /// False when the viewer is not an officer with a caseload.
        var hasCaseload: Bool
        var today: Date
        var rows: [Row]
        var week: [PlannedRow]
        var weekUnannouncedShare: Double
        var backlog: [BacklogRow]
        var forecastWeeks: Int
        var visitsPerWeek: Int
        var bcus: [BCU]
        var canDecide: Bool
        /// Whether the viewer may put an offender on the register (in some BCU).
        var canRegister: Bool = false
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "My caseload",
                model.hasCaseload
                    ? "Registered sex offenders managed by \(model.managerName ?? "you"), as on \(OffenderParts.day(model.today)). Opening a record is audited."
                    : "Registered sex offenders, visits and wanted suspects in the BCUs you cover."),
            OffenderParts.links(bcus: model.bcus, canDecide: model.canDecide),
            .if(
                model.canRegister,
                .p(.a(.class("button"), .href(Paths.registerOffender), "Put an offender on the register"))),
            .if(!model.hasCaseload, .p("You do not manage any registered sex offenders. Use the lists above.")),
            .if(model.hasCaseload, caseload())
        )
    }

    private func caseload() -> PageContent {
        let overdue = model.rows.count { $0.daysOverdue > 0 && !$0.reactive }
        let escalations = model.rows.count { $0.considerArrestOrWarrant && !$0.reactive }
        return .group(
            .ul(
                .class("cards"),
                .li(.class("card"), .h2("Offenders"), .p(.class("figure"), .text(String(model.rows.count)))),
                .li(
                    .class("card"), .h2("Overdue a visit"),
                    .p(.class("figure \(overdue > 0 ? "red" : "green")"), .text(String(overdue)))),
                .li(
                    .class("card"), .h2("Consider arrest or warrant"),
                    .p(.class("figure \(escalations > 0 ? "red" : "green")"), .text(String(escalations)))),
                .li(
                    .class("card"), .h2("Planned this week"), .p(.class("figure"), .text(String(model.week.count))),
                    .p(
                        .class("muted"),
                        .text(
                            "\(Int((model.weekUnannouncedShare * 100).rounded()))% unannounced; capacity \(model.visitsPerWeek) a week"
                        )))
            ),
            .h2("This week's plan"),
            .p(
                .class("muted"),
                "Planned by the visit planner: overdue and very high risk first, days and times spread, evenings and weekends included, at least half unannounced."
            ),
            .if(model.week.isEmpty, .p("No visits fall due this week.")),
            .if(!model.week.isEmpty, weekTable()),
            .if(!model.backlog.isEmpty, backlog()),
            .h2("Offenders"),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    OffenderParts.head([
                        "Offender", "Risk", "Area", "Last seen", "Next visit due", "Risk review", "Planned",
                    ]),
                    .tbody(
                        .forEach(model.rows) { row in
                            .tr(
                                OffenderParts.cell(
                                    "Offender",
                                    .group(
                                        .a(.href(OffenderParts.recordPath(row.id)), .text(row.name)), .text(" "),
                                        .span(.class("muted"), .text(row.reference)))),
                                OffenderParts.cell("Risk", OffenderParts.riskBadge(row.risk)),
                                OffenderParts.cell("Area", text: row.addressArea),
                                OffenderParts.cell("Last seen", text: OffenderParts.day(row.lastSeen)),
                                OffenderParts.cell("Next visit due", due(row)),
                                OffenderParts.cell(
                                    "Risk review",
                                    .group(
                                        .text(OffenderParts.day(row.reviewDue)),
                                        .if(
                                            row.reviewOverdue, .group(.text(" "), .span(.class("badge red"), "Overdue"))
                                        ))),
                                OffenderParts.cell(
                                    "Planned",
                                    .text(
                                        row.planned.isEmpty
                                            ? "—" : row.planned.map(OffenderParts.day).joined(separator: ", ")))
                            )
                        })
                ))
        )
    }

    private func due(_ row: Row) -> PageContent {
        if row.reactive { return .span(.class("muted"), "Reactive management") }
        return .group(
            .text(OffenderParts.day(row.nextDue)),
            .if(
                row.daysOverdue > 0,
                .group(.text(" "), .span(.class("badge red"), .text("\(OffenderParts.days(row.daysOverdue)) overdue")))),
            .if(
                row.considerArrestOrWarrant,
                .group(.text(" "), .span(.class("badge red"), "Consider arrest or warrant"))),
            .unwrap(row.reattemptDue) {
                .group(.text(" "), .span(.class("badge amber"), .text("Re-attempt by \(OffenderParts.day($0))")))
            }
        )
    }

    private func weekTable() -> PageContent {
        .div(
            .class("table-wrap"),
            .table(
                .class("responsive"),
                OffenderParts.head(["Day", "Time", "Offender", "Risk", "Announced", "Why this week"]),
                .tbody(
                    .forEach(model.week) { visit in
                        .tr(
                            OffenderParts.cell("Day", text: OffenderParts.weekday(visit.date)),
                            OffenderParts.cell("Time", text: visit.time),
                            OffenderParts.cell(
                                "Offender", .a(.href(OffenderParts.recordPath(visit.offenderID)), .text(visit.name))),
                            OffenderParts.cell("Risk", OffenderParts.riskBadge(visit.risk)),
                            OffenderParts.cell(
                                "Announced", visit.announced ? .text("Announced") : .strong("Unannounced")),
                            OffenderParts.cell("Why this week", text: reason(visit))
                        )
                    })
            ))
    }

    private func reason(_ visit: PlannedRow) -> String {
        switch visit.reason {
        case .overdue: "Overdue since \(OffenderParts.day(visit.dueBy))"
        case .due: "Due by \(OffenderParts.day(visit.dueBy))"
        case .broughtForward: "Brought forward from \(OffenderParts.day(visit.dueBy)): later weeks are full"
        }
    }

    private func backlog() -> PageContent {
        .group(
            .h2("Backlog forecast"),
            .div(
                .class("flash error"), .attribute(named: "role", value: "status"),
                .text(
                    "At \(model.visitsPerWeek) visits a week, \(model.backlog.count) offender\(model.backlog.count == 1 ? "" : "s") will be overdue at some point in the next \(model.forecastWeeks) weeks. Ask your supervisor for help with the visits."
                )),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    OffenderParts.head([
                        "Offender", "Risk", "Overdue from", "Overdue today",
                        "Still overdue in \(model.forecastWeeks) weeks",
                    ]),
                    .tbody(
                        .forEach(model.backlog) { entry in
                            .tr(
                                OffenderParts.cell(
                                    "Offender", .a(.href(OffenderParts.recordPath(entry.offenderID)), .text(entry.name))
                                ),
                                OffenderParts.cell("Risk", OffenderParts.riskBadge(entry.risk)),
                                OffenderParts.cell("Overdue from", text: OffenderParts.day(entry.firstOverdue)),
                                OffenderParts.numberCell(
                                    "Overdue today",
                                    text: entry.daysOverdueToday > 0 ? OffenderParts.days(entry.daysOverdueToday) : "No"
                                ),
                                OffenderParts.cell(
                                    "Still overdue in \(model.forecastWeeks) weeks",
                                    text: entry.stillOverdueAtEnd ? "Yes" : "No")
                            )
                        })
                ))
        )
    }
}
