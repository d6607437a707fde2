import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// Every registered indicator: what it counts, its PEEL area, unit, direction and bands, and its
/// value now for the whole force and each BCU the viewer may see.
struct IndicatorListPage {
    struct Row: Hashable {
        var definition: IndicatorDefinition
        var areaName: String
        var history: IndicatorHistory
        /// Computed now, for `Model.liveScope`.
        var live: IndicatorReading
        /// From the latest daily snapshot, for each scope the viewer may see.
        var snapshots: [ScopeValue]
    }

    struct ScopeValue: Hashable {
        var scope: String
        var reading: IndicatorReading
    }

    struct Model {
        var rows: [Row]
        var window: DateInterval
        var liveScope: String
        var snapshotDay: String?
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Indicators",
                "Each figure defined once, tied to a PEEL area, and computed from the live records over the 30 days to "
                    + "\(InspectionPart.day(model.window.end.addingTimeInterval(-1)))."),
            .component(InspectionNav.render(current: "/inspection/indicators")),
            .if(model.rows.isEmpty, .p(.class("muted"), "No indicators are registered.")),
            .forEach(model.rows) { row in
                let d = row.definition
                let t = d.thresholds
                let better = d.direction == .higherIsBetter ? "at least" : "at most"
                return .section(
                    .class("card indicator"), .id(d.id),
                    .h2(.text(d.name)),
                    .p(.text(d.description)),
                    .dl(
                        .class("facts"),
                        .dt("Id"), .dd(.code(.text(d.id))),
                        .dt("PEEL area"), .dd(.text(row.areaName)),
                        .dt("Unit"), .dd(.text(d.unit.rawValue)),
                        .dt("Better"), .dd(.text(d.direction == .higherIsBetter ? "Higher" : "Lower")),
                        .dt("Bands"),
                        .dd(
                            .text(
                                "good \(better) \(InspectionPart.value(t.good, unit: d.unit)); adequate \(better) "
                                    + "\(InspectionPart.value(t.adequate, unit: d.unit)); requires improvement \(better) "
                                    + "\(InspectionPart.value(t.requiresImprovement, unit: d.unit)); otherwise inadequate")),
                        .unwrap(d.thresholdSource) { .group(.dt("Bands from"), .dd(.text($0))) },
                        .dt("History"),
                        .dd(
                            .text(
                                row.history == .currentOnly
                                    ? "The records as they stand each day: the trend is kept by the daily snapshot."
                                    : "Computed for any past period from the records' dates.")),
                        .dt("Now"),
                        .dd(
                            .strong(.text(InspectionPart.value(row.live))), .text(" for \(model.liveScope) "),
                            InspectionPart.bandBadge(row.live))
                    ),
                    .if(row.snapshots.isEmpty, .p(.class("muted"), "No daily snapshot yet.")),
                    .if(
                        !row.snapshots.isEmpty,
                        .details(
                        .summary(.text("By BCU, as snapshotted on \(InspectionPart.day(model.snapshotDay ?? ""))")),
                        .div(
                        .class("table-wrap"),
                        .table(
                            .class("responsive"),
                            .thead(.tr(.th("Scope"), .th(.class("num"), "Value"), .th("Band"))),
                            .tbody(
                                .forEach(row.snapshots) { value in
                                    .tr(
                                        .td(.attribute(named: "data-label", value: "Scope"), .text(value.scope)),
                                        .td(.class("num"), .attribute(named: "data-label", value: "Value"), .text(InspectionPart.value(value.reading))),
                                        .td(.attribute(named: "data-label", value: "Band"), InspectionPart.bandBadge(value.reading))
                                    )
                                })
                        ))))
                )
            }
        )
    }
}
