import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// The records behind the visit indicators a supervisor checks (issue 15): visit intervals longer than the risk
/// level's minimum and who approved them; high and very high risk offenders with no unannounced visit in the last
/// 12 months (the target is at least one a year); and the visits of a period that were announced.
struct RSOVisitChecksPage {
    struct Model {
        var today: Date
        var scopeLabel: String
        var bcus: [BCU]
        var selected: BCU?
        var intervals: [RSOIntervalException]
        var withoutUnannounced: [(offender: RSOSummary, lastUnannounced: Date?)]
        var from: Date
        var to: Date
        var announced: [RSOAnnouncedVisit]
        var announcedTotal: Int
        var visitsTotal: Int
        var canDecide: Bool
        /// The reason the record links carry.
        var reason: String
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Visit checks",
                "The records behind the home-visit indicators, as on \(OffenderParts.day(model.today)) (\(model.scopeLabel)). Every name shown is audited."
            ),
            OffenderParts.links(bcus: model.selected.map { [$0] } ?? [], canDecide: model.canDecide),
            OffenderParts.bcuFilter(action: Paths.visitChecks, bcus: model.bcus, selected: model.selected),
            intervals(),
            withoutUnannounced(),
            announced()
        )
    }

    private func link(_ id: Int, _ name: String) -> PageContent {
        .a(.href(OffenderParts.recordPath(id, reason: model.reason)), .text(name))
    }

    private func intervals() -> PageContent {
        .group(
            .h2(.id("intervals"), .text("Visit intervals longer than the minimum (\(model.intervals.count))")),
            .p(
                .class("hint"),
                .text(
                    "The minimum is every month for very high risk, 3 months for high, 6 for medium and 12 for low. A longer interval needs a supervisor's approval with a reason."
                )),
            .if(
                model.intervals.isEmpty, .p("None."),
                else: .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        OffenderParts.head(["Offender", "BCU", "Risk", "Interval", "Minimum", "Reason", "Approved by"]),
                        .tbody(
                            .forEach(model.intervals) { row in
                                .tr(
                                    OffenderParts.cell("Offender", link(row.offender.id, row.offender.name)),
                                    OffenderParts.cell("BCU", text: row.offender.bcu.code),
                                    OffenderParts.cell("Risk", OffenderParts.riskBadge(row.offender.risk)),
                                    OffenderParts.cell("Interval", text: "\(row.offender.frequency.months) months"),
                                    OffenderParts.cell(
                                        "Minimum", text: "\(row.offender.risk.defaultVisitFrequencyMonths) months"),
                                    OffenderParts.cell("Reason", text: row.offender.frequency.overrideReason ?? "—"),
                                    OffenderParts.cell(
                                        "Approved by",
                                        text: row.approvedBy.map { "\($0), \(OffenderParts.day(row.approvedOn))" }
                                            ?? "No approval recorded")
                                )
                            })
                    )))
        )
    }

    private func withoutUnannounced() -> PageContent {
        .group(
            .h2(
                .id("unannounced"),
                .text(
                    "High and very high risk without an unannounced visit in 12 months (\(model.withoutUnannounced.count))"
                )),
            .p(
                .class("hint"),
                .text(
                    "Offenders registered for a year or more and not managed reactively. The target is at least one unannounced visit a year."
                )),
            .if(
                model.withoutUnannounced.isEmpty, .p("None."),
                else: .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        OffenderParts.head(["Offender", "BCU", "Risk", "Manager", "Last unannounced visit"]),
                        .tbody(
                            .forEach(model.withoutUnannounced) { row in
                                .tr(
                                    OffenderParts.cell("Offender", link(row.offender.id, row.offender.name)),
                                    OffenderParts.cell("BCU", text: row.offender.bcu.code),
                                    OffenderParts.cell("Risk", OffenderParts.riskBadge(row.offender.risk)),
                                    OffenderParts.cell("Manager", text: row.offender.managerName ?? "None"),
                                    OffenderParts.cell(
                                        "Last unannounced visit",
                                        text: row.lastUnannounced.map { OffenderParts.day($0) } ?? "Never")
                                )
                            })
                    )))
        )
    }

    private func announced() -> PageContent {
        .group(
            .h2(
                .id("announced"),
                .text("Announced visits, \(OffenderParts.day(model.from)) to \(OffenderParts.day(model.to))")),
            .p(
                .text(
                    "\(model.announcedTotal) of \(model.visitsTotal) visits made were announced to the offender in advance."
                )),
            .if(
                model.announced.count < model.announcedTotal,
                .p(.class("muted"), .text("The latest \(model.announced.count) are shown."))),
            .if(
                model.announced.isEmpty, .p("None."),
                else: .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        OffenderParts.head(["Offender", "BCU", "Risk", "Visited", "Time", "Outcome"]),
                        .tbody(
                            .forEach(model.announced) { row in
                                .tr(
                                    OffenderParts.cell("Offender", link(row.offenderID, row.offenderName)),
                                    OffenderParts.cell("BCU", text: row.bcu.code),
                                    OffenderParts.cell("Risk", OffenderParts.riskBadge(row.risk)),
                                    OffenderParts.cell("Visited", text: OffenderParts.day(row.visitedOn)),
                                    OffenderParts.cell("Time", text: row.time),
                                    OffenderParts.cell("Outcome", text: row.outcome?.label ?? "—")
                                )
                            })
                    )))
        )
    }
}
