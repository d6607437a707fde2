import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// Findings from every inspection, filtered by kind, status, area and owner.
struct FindingListPage {
    struct Row: Hashable {
        var stored: StoredFinding
        var areaName: String
        var reminder: FindingReminder?
    }

    struct Model {
        var rows: [Row]
        var kind: String?
        var status: String?
        var area: String?
        var owner: String?
        var areaOptions: [(String, String)]
        var ownerOptions: [(String, String)]
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Findings",
                "Causes of concern, recommendations, areas for improvement and innovative practice from every inspection, "
                    + "with their owners, due dates and status."),
            .component(InspectionNav.render(current: Paths.findings())),
            .form(
                .class("filters"), .method(.get), .action(Paths.findings()),
                .component(
                    Part.select(
                        "Kind", name: "kind", options: FindingKind.allCases.map { ($0.rawValue, $0.label) },
                        selected: model.kind, includeAny: "Any kind")),
                .component(
                    Part.select(
                        "Status", name: "status",
                        options: [("unresolved", "Not closed or superseded")]
                            + FindingStatus.allCases.map { ($0.rawValue, $0.label) }, selected: model.status,
                        includeAny: "Any status")),
                .component(
                    Part.select(
                        "Area", name: "area", options: model.areaOptions, selected: model.area, includeAny: "Any area")),
                .component(
                    Part.select(
                        "Owner", name: "owner", options: model.ownerOptions, selected: model.owner, includeAny: "Anyone"
                    )),
                .div(.class("field"), .button(.type(.submit), "Filter"))
            ),
            .p(.class("muted"), .text("\(model.rows.count) finding\(model.rows.count == 1 ? "" : "s").")),
            .if(
                !model.rows.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(
                            .tr(
                                .th("Finding"), .th("Kind"), .th("Area"), .th("Inspection"), .th("Owner"), .th("Due"),
                                .th("Status"))),
                        .tbody(
                            .forEach(model.rows) { row in
                                .tr(
                                    .td(
                                        .attribute(named: "data-label", value: "Finding"),
                                        .a(
                                            .href(Paths.finding(row.stored.id)),
                                            .strong(.text(row.stored.finding.id)), .text(" "),
                                            .text(InspectionPart.excerpt(row.stored.finding.text, limit: 120)))),
                                    .td(
                                        .attribute(named: "data-label", value: "Kind"),
                                        .text(row.stored.finding.kind.label)),
                                    .td(.attribute(named: "data-label", value: "Area"), .text(row.areaName)),
                                    .td(
                                        .attribute(named: "data-label", value: "Inspection"),
                                        .text(row.stored.inspectionTitle)),
                                    .td(
                                        .attribute(named: "data-label", value: "Owner"),
                                        .text(row.stored.finding.owner ?? "No owner")),
                                    .td(
                                        .attribute(named: "data-label", value: "Due"),
                                        .text(InspectionPart.day(row.stored.finding.due)), .text(" "),
                                        InspectionPart.reminderBadge(row.reminder)),
                                    .td(
                                        .attribute(named: "data-label", value: "Status"),
                                        InspectionPart.statusBadge(row.stored.finding.status))
                                )
                            })
                    )))
        )
    }
}
