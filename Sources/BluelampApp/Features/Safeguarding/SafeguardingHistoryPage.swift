import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/people/{id}/safeguarding`: a person's safeguarding history, newest first, in sections: their DASH assessments
/// and MARAC referrals, then their protection notices and orders, Clare's Law requests and missing episodes
/// (`ProtectionHistorySections`).
struct SafeguardingHistoryPage {
    /// One part of the history: a heading, its column headings and its rows (each cell's text, and a link for the
    /// first cell).
    struct Section {
        var title: String
        var columns: [String]
        var rows: [(link: String?, cells: [String])]
        var empty: String
    }

    struct Model {
        var personID: Int
        var name: String
        var sections: [Section]
        /// Further sections drawn by another area (orders, disclosures, missing episodes).
        var more: PageContent = .empty
    }

    var model: Model

    /// The DASH and MARAC section from a person's assessments.
    static func dashSection(_ lines: [DashAssessmentLine]) -> Section {
        Section(
            title: "DASH risk assessments and MARAC referrals",
            columns: ["Crime", "BCU", "Completed", "Score", "Level", "Supervisor review", "MARAC"],
            rows: lines.map { line in
                let a = line.assessment
                return (
                    link: Paths.dash(a.crimeID) as String?,
                    cells: [
                        line.crimeReference, line.bcu?.code ?? "", CrimeParts.dateTime.string(from: a.completedAt),
                        "\(a.yesCount) yes", a.level.label,
                        a.firstReview.map { $0.decision.label } ?? "Not yet reviewed",
                        a.marac.status.label + (a.marac.meetingOn.map { " (\($0.text))" } ?? ""),
                    ]
                )
            }, empty: "No DASH assessment in your scope.")
    }

    func render() -> PageContent {
        .group(
            Part.heading("Safeguarding history: \(model.name)", "Newest first. Only records in your scope are shown."),
            .forEach(model.sections) { section in
                .section(
                    .h2(.text(section.title)),
                    .if(section.rows.isEmpty, .p(.text(section.empty))),
                    .if(
                        !section.rows.isEmpty,
                        .table(
                            .thead(
                                .tr(
                                    .forEach(section.columns) {
                                        .th(.attribute(named: "scope", value: "col"), .text($0))
                                    })),
                            .tbody(
                                .forEach(section.rows) { row in
                                    .tr(
                                        .forEach(Array(row.cells.enumerated())) { item in
                                            let content: PageContent =
                                                item.offset == 0 && row.link != nil
                                                ? .a(.href(row.link ?? ""), .text(item.element)) : .text(item.element)
                                            return CrimeParts.cell(section.columns[item.offset], content)
                                        })
                                }))))
            },
            model.more)
    }
}
