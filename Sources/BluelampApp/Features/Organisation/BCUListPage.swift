import BluelampCore
import BluelampPersistence
import Plot

struct BCUListPage {
    struct Model {
        var forceName: String
        var bcus: [BCUSummary]
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "BCUs and force-wide units",
                "\(model.forceName): \(model.bcus.filter { $0.bcu != .force }.count) Basic Command Units and the force-wide specialist units."
            ),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    .thead(
                        .tr(
                            .th("BCU"), .th("Code"), .th("Boroughs"), .th(.class("num"), "Teams"),
                            .th(.class("num"), "Officers"))),
                    .tbody(
                        .forEach(model.bcus) { row in
                            .tr(
                                .td(
                                    .attribute(named: "data-label", value: "BCU"),
                                    .a(.href(Paths.bcu(row.bcu)), .text(row.bcu.name))),
                                .td(.attribute(named: "data-label", value: "Code"), .text(row.bcu.code)),
                                .td(
                                    .attribute(named: "data-label", value: "Boroughs"),
                                    .text(row.boroughs.isEmpty ? "Force-wide" : row.boroughs.joined(separator: ", "))),
                                .td(
                                    .class("num"), .attribute(named: "data-label", value: "Teams"),
                                    .text(String(row.teams))),
                                .td(
                                    .class("num"), .attribute(named: "data-label", value: "Officers"),
                                    .text(String(row.officers)))
                            )
                        })
                ))
        )
    }
}
