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
    }

    var model: Model

    func value(_ name: String) -> String { model.query.first { $0.0 == name }?.1 ?? "" }

    func render() -> PageContent {
        var bcuOptions = model.bcus.map { ($0.code, "\($0.code) \($0.name)") }
        if model.includesOtherAreas { bcuOptions.append(("NONE", "Outside the Met's BCUs")) }
        return .group(
            Part.heading(
                "Crimes",
                "Crimes recorded in \(model.scopeLabel), newest first. The list shows no one's details; opening a crime is audited."
            ),
            .p(
                .if(model.canRecord, .group(.a(.class("button"), .href(Paths.newCrime), "Record a crime"), .text(" "))),
                .a(.href(Paths.recordingDecisions), "Reports awaiting a recording decision")),
            .form(
                .class("filters"), .method(.get), .action(Paths.crimes()), .attribute(named: "role", value: "search"),
                .component(
                    Part.select("BCU", name: "bcu", options: bcuOptions, selected: value("bcu"), includeAny: "Any BCU")),
                .component(
                    Part.select(
                        "Crime type", name: "type", options: CrimeCategory.allCases.map { ($0.code, $0.name) },
                        selected: value("type"),
                        includeAny: "Any type")),
                .component(
                    Part.select(
                        "Status", name: "status", options: CrimeStatus.Code.allCases.map { ($0.rawValue, $0.label) },
                        selected: value("status"), includeAny: "Any status")),
                .component(Part.field("Recorded from", name: "from", value: value("from"), type: .date)),
                .component(Part.field("Recorded before", name: "to", value: value("to"), type: .date)),
                .component(
                    Part.select(
                        "Flag", name: "flag", options: CrimeFlags.all.map { ($0.code!, $0.label!) },
                        selected: value("flag"),
                        includeAny: "Any")),
                .component(
                    Part.select(
                        "Outcome", name: "outcome",
                        options: [("none", "No outcome yet")]
                            + OutcomeType.allCases.map { (String($0.rawValue), "\($0.rawValue) \($0.label)") },
                        selected: value("outcome"), includeAny: "Any outcome")),
                .div(.class("field"), .button(.type(.submit), "Search"))
            ),
            .if(model.rows.isEmpty, .p(model.isFirstPage ? "No crimes match." : "No more crimes.")),
            .if(
                !model.rows.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(
                            .tr(
                                .th("Reference"), .th("Recorded"), .th("Type"), .th("BCU"), .th("Priority"),
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
            .nav(
                .class("pager"), .ariaLabel("Pages"),
                .if(!model.isFirstPage, .a(.href("/crimes?" + link(after: nil)), "← Newest")),
                .unwrap(model.next) { next in
                    .a(.href("/crimes?" + link(after: next)), .attribute(named: "rel", value: "next"), "Older →")
                }
            )
        )
    }

    func link(after: String?) -> String {
        var items = model.query.filter { !$0.1.isEmpty && $0.0 != "after" }
        if let after { items.append(("after", after)) }
        return items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
    }
}
