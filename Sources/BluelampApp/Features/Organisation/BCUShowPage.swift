import BluelampCore
import BluelampPersistence
import Plot

struct BCUShowPage {
    struct Model {
        var bcu: BCU
        var boroughs: [String]
        var teams: [TeamSummary]
        var canViewOfficers: Bool
    }

    var model: Model

    func render() -> PageContent {
        .group(
            .p(.a(.href(Paths.bcus), "← All BCUs")),
            Part.heading(
                "\(model.bcu.name) (\(model.bcu.code))",
                model.boroughs.isEmpty
                    ? "Force-wide specialist units." : "Boroughs: " + model.boroughs.joined(separator: ", ") + "."),
            .h2("Teams and units"),
            .if(model.teams.isEmpty, .p("No teams are recorded for this BCU yet.")),
            .if(
                !model.teams.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(.tr(.th("Team"), .th("Kind"), .th(.class("num"), "Officers"))),
                        .tbody(
                            .forEach(model.teams) { team in
                                .tr(
                                    .td(
                                        .attribute(named: "data-label", value: "Team"),
                                        .a(.href(Paths.team(team.id)), .text(team.name))),
                                    .td(
                                        .attribute(named: "data-label", value: "Kind"),
                                        .text(TeamKind(rawValue: team.kind)?.label ?? team.kind)),
                                    .td(
                                        .class("num"), .attribute(named: "data-label", value: "Officers"),
                                        .text(String(team.officers)))
                                )
                            })
                    ))),
            .if(
                model.canViewOfficers,
                .p(.a(.href(Paths.officers(bcu: model.bcu)), .text("Officers in \(model.bcu.name) →"))))
        )
    }
}
