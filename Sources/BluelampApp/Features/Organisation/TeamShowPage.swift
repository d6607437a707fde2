import BluelampCore
import BluelampPersistence
import Plot

struct TeamShowPage {
    struct Model {
        var team: TeamSummary
        var officers: [OfficerSummary]
        var canViewOfficers: Bool
    }

    var model: Model

    func render() -> PageContent {
        .group(
            .p(.a(.href(Paths.bcu(model.team.bcu)), .text("← \(model.team.bcu.name)"))),
            Part.heading(
                model.team.name,
                "\(TeamKind(rawValue: model.team.kind)?.label ?? model.team.kind), \(model.team.bcu.name). \(model.team.officers) officers."
            ),
            .if(model.canViewOfficers, OfficerTable.render(model.officers)),
            .if(!model.canViewOfficers, .p(.class("muted"), "Your roles show team sizes only, not officers' records."))
        )
    }
}

/// The officers table used on the officer list and team pages.
enum OfficerTable {
    /// The officers as a table; with `sorting`, the list's order and address, its headings order the list.
    static func render(
        _ officers: [OfficerSummary], sorting: (order: SortOrder, basePath: String, query: [(String, String)])? = nil
    ) -> PageContent {
        func heading(_ label: String, _ key: String) -> Node<HTML.TableRowContext> {
            guard let sorting else { return .th(.text(label)) }
            return Part.sortHeader(
                label, key: key, order: sorting.order, basePath: sorting.basePath, query: sorting.query)
        }
        return .div(
            .class("table-wrap"),
            .table(
                .class("responsive"),
                .thead(
                    .tr(
                        heading("Name", "name"), heading("Warrant no.", "warrant"), .th("Rank"), heading("BCU", "bcu"),
                        .th("Team"), heading("PIP", "pip"), .th("Specialisms"), .th("Status"))),
                .tbody(
                    .forEach(officers) { o in
                        .tr(
                            .td(
                                .attribute(named: "data-label", value: "Name"),
                                .a(.href(Paths.officer(o.id)), .text("\(o.familyName), \(o.givenName)"))),
                            .td(.attribute(named: "data-label", value: "Warrant no."), .text(o.warrantNumber)),
                            .td(.attribute(named: "data-label", value: "Rank"), .text(o.rank.abbreviation)),
                            .td(.attribute(named: "data-label", value: "BCU"), .text(o.bcu.code)),
                            .td(.attribute(named: "data-label", value: "Team"), .text(o.teamName ?? "—")),
                            .td(.attribute(named: "data-label", value: "PIP"), .text(o.pipLevel?.label ?? "—")),
                            .td(
                                .attribute(named: "data-label", value: "Specialisms"),
                                .text(
                                    o.specialisms.isEmpty
                                        ? "—" : o.specialisms.map(\.specialism.code).joined(separator: ", "))),
                            .td(
                                .attribute(named: "data-label", value: "Status"),
                                .span(.class(o.status == .onDuty ? "green" : "amber"), .text(o.status.label)))
                        )
                    })
            ))
    }
}
