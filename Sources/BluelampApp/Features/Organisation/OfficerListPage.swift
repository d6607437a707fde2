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
        var order = OrganisationRoutes.byName
        /// What is wrong with the filters given; nothing is listed until they are put right.
        var problems: [FormProblem] = []
    }

    /// The orders offered in the form; the column headings offer the same.
    static let orders = [
        ("name", "Name, A to Z"), ("-name", "Name, Z to A"), ("warrant", "Warrant number"), ("bcu", "BCU"),
        ("pip", "PIP level, lowest first"), ("-pip", "PIP level, highest first"),
    ]

    func error(_ field: String) -> String? { FormProblem.message(model.problems, field: field) }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Officers",
                "Officers and staff investigators you may see (\(model.scopeLabel)). Opening a record is audited."),
            Part.errorSummary(model.problems),
            .form(
                .class("filters"), .method(.get), .action(Paths.officers()), .attribute(named: "role", value: "search"),
                .component(Part.field("Name or warrant number", name: "q", value: model.name)),
                .component(
                    Part.select(
                        "BCU", name: "bcu", options: model.bcus.map { ($0.code, "\($0.code) \($0.name)") },
                        selected: model.selectedBCU, includeAny: "Any BCU", error: error("bcu"))),
                .component(
                    Part.select(
                        "Rank", name: "rank", options: Rank.allCases.map { ($0.rawValue, $0.name) },
                        selected: model.selectedRank, includeAny: "Any rank", error: error("rank"))),
                .component(
                    Part.select(
                        "PIP level", name: "pip", options: PIPLevel.allCases.map { (String($0.rawValue), $0.label) },
                        selected: model.selectedLevel, includeAny: "Any level", error: error("pip"))),
                .component(
                    Part.select(
                        "Status", name: "status", options: OfficerStatus.allCases.map { ($0.rawValue, $0.label) },
                        selected: model.selectedStatus, includeAny: "Any status", error: error("status"))),
                .component(
                    Part.select(
                        "Order", name: "sort", options: Self.orders, selected: model.order.parameter,
                        error: error("sort"))),
                .div(.class("field"), .button(.type(.submit), "Search"))
            ),
            .if(
                model.problems.isEmpty,
                Part.pager(
                    basePath: Paths.officers(), query: model.query, offset: model.offset, limit: model.limit,
                    total: model.total)),
            .if(
                model.problems.isEmpty && !model.officers.isEmpty,
                .p(
                    .a(.href(Paths.officersCSV(query: model.query)), "Download these officers (CSV)"))),
            .if(
                model.problems.isEmpty && model.officers.isEmpty,
                .p(
                    .text("No officer matches these filters. "),
                    .a(.href(Paths.officers()), "Clear filters"))),
            .if(
                !model.officers.isEmpty,
                OfficerTable.render(
                    model.officers, sorting: (model.order, Paths.officers(), model.query))),
            Part.pager(
                basePath: Paths.officers(), query: model.query, offset: model.offset, limit: model.limit,
                total: model.total)
        )
    }
}
