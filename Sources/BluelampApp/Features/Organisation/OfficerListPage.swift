import BluelampCore
import BluelampPersistence
import Plot

struct OfficerListPage {
    struct Model {
        var officers: [OfficerSummary]
        var total: Int
        var offset: Int
        var limit: Int
        var query: [(String, String)]
        var bcus: [BCU]
        var selectedBCU: String?
        var selectedRank: String?
        var selectedLevel: String?
        var selectedStatus: String?
        var name: String
        var scopeLabel: String
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Officers",
                "Officers and staff investigators you may see (\(model.scopeLabel)). Opening a record is audited."),
            .form(
                .class("filters"), .method(.get), .action(Paths.officers()), .attribute(named: "role", value: "search"),
                .component(Part.field("Name or warrant number", name: "q", value: model.name)),
                .component(
                    Part.select(
                        "BCU", name: "bcu", options: model.bcus.map { ($0.code, "\($0.code) \($0.name)") },
                        selected: model.selectedBCU, includeAny: "Any BCU")),
                .component(
                    Part.select(
                        "Rank", name: "rank", options: Rank.allCases.map { ($0.rawValue, $0.name) },
                        selected: model.selectedRank, includeAny: "Any rank")),
                .component(
                    Part.select(
                        "PIP level", name: "pip", options: PIPLevel.allCases.map { (String($0.rawValue), $0.label) },
                        selected: model.selectedLevel, includeAny: "Any level")),
                .component(
                    Part.select(
                        "Status", name: "status", options: OfficerStatus.allCases.map { ($0.rawValue, $0.label) },
                        selected: model.selectedStatus, includeAny: "Any status")),
                .div(.class("field"), .button(.type(.submit), "Search"))
            ),
            Part.pager(
                basePath: Paths.officers(), query: model.query, offset: model.offset, limit: model.limit,
                total: model.total),
            .if(!model.officers.isEmpty, OfficerTable.render(model.officers)),
            Part.pager(
                basePath: Paths.officers(), query: model.query, offset: model.offset, limit: model.limit,
                total: model.total)
        )
    }
}
