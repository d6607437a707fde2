import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/crimes`: the crime search, newest first, paged by keyset so the thousandth page costs what the first does.
struct CrimeSearchPage {
    struct Model {
        var rows: [CrimeSummary]
        var next: String?
        /// The filters as given, to keep them in the form and the "next page" link.
        var query: [(String, String)]
        var bcus: [BCU]
        var includesOtherAreas: Bool
        var scopeLabel: String
        var canRecord: Bool
        var isFirstPage: Bool
        /// What is wrong with the filters given; the list is not searched until they are put right.
        var problems: [FormProblem] = []
        /// How many crimes match, counted up to `CrimeService.listCap + 1`.
        var total = 0
        /// The position of this page's first row in the whole list (1 on the first page).
        var start = 1
    }

    var model: Model

    func value(_ name: String) -> String { model.query.first { $0.0 == name }?.1 ?? "" }

    func error(_ field: String) -> String? { FormProblem.message(model.problems, field: field) }

    /// The order the list is in (newest first when none, or a refused one, was asked for).
    var order: SortOrder {
        SortOrder(parameter: value("sort"), keys: ["recorded"], fallback: CrimeRoutes.newestFirst)
            ?? CrimeRoutes.newestFirst
    }

    var filtered: Bool { model.query.contains { !$0.1.isEmpty && $0.0 != "after" && $0.0 != "sort" } }

    /// "Showing 1–50 of 1,234 crimes", or "of more than 10,000".
    var showing: String {
        let last = model.start + model.rows.count - 1
        let of =
            model.total > CrimeService.listCap
            ? "more than \(CrimeService.listCap.formatted())" : model.total.formatted()
        return
            "Showing \(model.start.formatted())–\(last.formatted()) of \(of) \(model.total == 1 ? "crime" : "crimes")"
    }

    /// The crimes as CSV: what the list shows, one row each, no one's details.
    static func csv(_ rows: [CrimeSummary]) -> String {
        var lines = ["reference,recorded_at,crime_type,offence,bcu,borough,priority,status,outcome,flags"]
        for row in rows {
            lines.append(
                [
                    row.reference, AuditCSV.timestamp(row.recordedAt), row.category.name, row.offenceDescription,
                    row.bcu?.code ?? "", row.borough ?? "", "P\(row.priority.rawValue)", row.status.label,
                    row.outcome.map { "\($0.rawValue) \($0.label)" } ?? "", CrimeParts.flagList(row.flags),
                ].map(AuditCSV.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    func render() -> PageContent {
        var bcuOptions = model.bcus.map { ($0.code, "\($0.code) \($0.name)") }
        if model.includesOtherAreas { bcuOptions.append(("NONE", "Outside the Met's BCUs")) }
        return .group(
            Part.heading(
                "Crimes",
                "Crimes recorded in \(model.scopeLabel), newest first. The list shows no one's details; opening a crime is audited."
            ),
            Part.errorSummary(model.problems),
            .p(
                .if(model.canRecord, .group(.a(.class("button"), .href(Paths.newCrime), "Record a crime"), .text(" "))),
                .a(.href(Paths.recordingDecisions), "Reports awaiting a recording decision")),
            .form(
                .class("filters"), .method(.get), .action(Paths.crimes()), .attribute(named: "role", value: "search"),
                .component(
                    Part.select(
                        "BCU", name: "bcu", options: bcuOptions, selected: value("bcu"), includeAny: "Any BCU",
                        error: error("bcu"))),
                .component(
                    Part.select(
                        "Crime type", name: "type", options: CrimeCategory.allCases.map { ($0.code, $0.name) },
                        selected: value("type"),
                        includeAny: "Any type", error: error("type"))),
                .component(
                    Part.select(
                        "Status", name: "status", options: CrimeStatus.Code.allCases.map { ($0.rawValue, $0.label) },
                        selected: value("status"), includeAny: "Any status", error: error("status"))),
                .component(
                    Part.field("Recorded from", name: "from", value: value("from"), type: .date, error: error("from"))),
                .component(
                    Part.field("Recorded before", name: "to", value: value("to"), type: .date, error: error("to"))),
                .component(
                    Part.select(
                        "Flag", name: "flag", options: CrimeFlags.all.map { ($0.code!, $0.label!) },
                        selected: value("flag"),
                        includeAny: "Any", error: error("flag"))),
                .component(
                    Part.select(
                        "Outcome", name: "outcome",
                        options: [("none", "No outcome yet")]
                            + OutcomeType.allCases.map { (String($0.rawValue), "\($0.rawValue) \($0.label)") },
                        selected: value("outcome"), includeAny: "Any outcome", error: error("outcome"))),
                .component(
                    Part.select(
                        "Order", name: "sort", options: [("-recorded", "Newest first"), ("recorded", "Oldest first")],
                        selected: value("sort").isEmpty ? "-recorded" : value("sort"), error: error("sort"))),
                .div(.class("field"), .button(.type(.submit), "Search"))
            ),
            .if(
                model.problems.isEmpty && model.rows.isEmpty,
                .p(
                    .text(model.isFirstPage ? "No crimes match these filters." : "No more crimes."),
                    .if(filtered, .group(.text(" "), .a(.href(Paths.crimes()), "Clear filters"))))),
            .if(
                model.problems.isEmpty && !model.rows.isEmpty,
                .p(
                    .class("list-summary"), .strong(.text(showing)), .text(" · "),
                    .a(.href(Paths.crimesCSV(query: model.query)), "Download these crimes (CSV)"),
                    .if(filtered, .group(.text(" · "), .a(.href(Paths.crimes()), "Clear filters"))))),
            .if(
                !model.rows.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(
                            .tr(
                                .th("Reference"),
                                Part.sortHeader(
                                    "Recorded", key: "recorded", order: order, basePath: Paths.crimes(),
                                    query: model.query, firstDescending: true),
                                .th("Type"), .th("BCU"), .th("Priority"),
                                .th("Status"), .th("Outcome"))),
                        .tbody(
                            .forEach(model.rows) { row in
                                .tr(
                                    CrimeParts.cell("Reference", .a(.href(Paths.crime(row.id)), .text(row.reference))),
                                    // A report awaiting its recording decision is filed under the time it was reported.
                                    CrimeParts.cell(
                                        "Recorded",
                                        .text(
                                            row.status == .awaitingRecordingDecision
                                                ? "Not yet (reported \(CrimeParts.dateTime.string(from: row.recordedAt)))"
                                                // police.uk publishes the month only: never its first day at midnight.
                                                : row.isRecordingTimeKnown
                                                    ? CrimeParts.dateTime.string(from: row.recordedAt)
                                                    : CrimeParts.month.string(from: row.recordedAt) + " (police.uk)")),
                                    CrimeParts.cell(
                                        "Type",
                                        .group(
                                            .text(row.category.name),
                                            .if(
                                                !row.flags.isEmpty,
                                                .group(
                                                    .br(), .span(.class("muted"), .text(CrimeParts.flagList(row.flags)))
                                                )))),
                                    CrimeParts.cell("BCU", .text(row.bcu.map { $0.code } ?? (row.borough ?? "—"))),
                                    CrimeParts.cell("Priority", CrimeParts.priorityBadge(row.priority)),
                                    CrimeParts.cell("Status", CrimeParts.statusBadge(row.status)),
                                    CrimeParts.cell(
                                        "Outcome", .text(row.outcome.map { "\($0.rawValue) \($0.label)" } ?? "—"))
                                )
                            })
                    ))),
            .if(
                !model.rows.isEmpty,
                Part.pager(
                    Part.Pager(
                        summary: showing,
                        previous: model.isFirstPage
                            ? nil
                            : ("/crimes?" + link(after: nil, start: 1), order.descending ? "← Newest" : "← Oldest"),
                        next: model.next.map {
                            (
                                "/crimes?" + link(after: $0, start: model.start + model.rows.count),
                                order.descending ? "Older →" : "Newer →"
                            )
                        })))
        )
    }

    func link(after: String?, start: Int) -> String {
        var items = model.query.filter { !$0.1.isEmpty && $0.0 != "after" && $0.0 != "start" }
        if let after { items.append(("after", after)) }
        if start > 1 { items.append(("start", String(start))) }
        return items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
    }
}
