import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/allocation`: the crimes awaiting allocation in the allocator's BCUs, most urgent deadline first.
struct AllocationQueuePage {
    struct Model {
        var items: [AllocationQueueItem]
        var total: Int
        var overdue: Int
        var offset: Int
        var limit: Int
        var now: Date
        var bcus: [BCU]
        var selectedBCU: BCU?
        var selectedUnit: AllocationUnitKind?
        var scopeLabel: String
        var policyVersion: Int
        var canManagePolicy: Bool
        var recentRuns: [AllocationRunSummary]
        var csrf: String?
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Allocation queue",
                "Crimes awaiting allocation in \(model.selectedBCU?.name ?? model.scopeLabel), most urgent deadline first. "
                    + "Deadlines and requirements come from allocation policy version \(model.policyVersion)."),
            filters(),
            .p(
                .strong(.text("\(model.total) crime\(model.total == 1 ? "" : "s") awaiting allocation")),
                .if(model.overdue > 0, .group(.text(", "), .span(.class("red"), .text("\(model.overdue) overdue")))),
                .text(".")
            ),
            .if(model.total > 0, proposeForm()),
            .if(model.total == 0, .p(.class("muted"), "Nothing is waiting: every crime here has an investigator.")),
            .if(!model.items.isEmpty, table()),
            .if(
                model.total > model.limit,
                Part.pager(
                    basePath: Paths.allocationQueue(), query: query, offset: model.offset, limit: model.limit,
                    total: model.total)),
            .if(!model.recentRuns.isEmpty, runs()),
            .if(model.canManagePolicy, .p(.a(.href(Paths.allocationPolicy()), "The allocation policy")))
        )
    }

    var query: [(String, String)] {
        [("bcu", model.selectedBCU?.code ?? ""), ("unit", model.selectedUnit?.rawValue ?? "")]
    }

    private func filters() -> PageContent {
        .form(
            .class("filters"), .method(.get), .action(Paths.allocationQueue()),
            .component(
                Part.select(
                    "BCU", name: "bcu", options: model.bcus.map { ($0.code, "\($0.code) \($0.name)") },
                    selected: model.selectedBCU?.code, includeAny: "All my BCUs")),
            .component(
                Part.select(
                    "Unit", name: "unit",
                    options: AllocationUnitKind.allCases.map { ($0.rawValue, AllocationPart.unitLabel($0)) },
                    selected: model.selectedUnit?.rawValue, includeAny: "Every unit")),
            .button(.type(.submit), .class("secondary"), "Filter")
        )
    }

    private func proposeForm() -> PageContent {
        .form(
            .method(.post), .action(Paths.proposeAllocation),
            .component(Part.csrf(model.csrf)),
            .input(.type(.hidden), .name("bcu"), .value(model.selectedBCU?.code ?? "")),
            .input(.type(.hidden), .name("unit"), .value(model.selectedUnit?.rawValue ?? "")),
            .p(
                .class("hint"),
                .text(
                    "The allocator proposes an investigator for every crime shown by these filters, against today's caseloads "
                        + "and caps. Nothing is allocated until you accept.")),
            .button(.type(.submit), .text("Propose allocations for \(model.total) crime\(model.total == 1 ? "" : "s")"))
        )
    }

    private func table() -> PageContent {
        .div(
            .class("table-wrap"),
            .table(
                .class("responsive"),
                .caption(.text("Crimes awaiting allocation")),
                .thead(
                    .tr(
                        .th("Crime"), .th("Type"), .th("BCU"), .th("Priority"), .th("Needs"), .th("Recorded"),
                        .th("Allocate by"))),
                .tbody(
                    .forEach(model.items) { item in
                        let r = item.requirement
                        let raised = r.priority != item.triagePriority
                        return .tr(
                            .if(item.deadline < model.now, .class("overdue")),
                            AllocationPart.cell("Crime", .a(.href(Paths.crime(item.crimeID)), .text(item.reference))),
                            AllocationPart.cell(
                                "Type",
                                .group(
                                    .text(item.category.name),
                                    .if(
                                        item.offenceDescription != item.category.name,
                                        .span(.class("muted"), .text(" · \(item.offenceDescription)"))),
                                    .if(
                                        !item.flags.isEmpty,
                                        .span(.class("muted"), .text(" · " + CrimeParts.flagList(item.flags))))
                                )),
                            AllocationPart.cell("BCU", item.bcu?.code ?? "—"),
                            AllocationPart.cell(
                                "Priority",
                                .group(
                                    .text("P\(r.priority.rawValue)"),
                                    .if(
                                        raised,
                                        .span(.class("muted"), .text(" (raised from P\(item.triagePriority.rawValue))"))
                                    ))),
                            AllocationPart.cell(
                                "Needs",
                                .group(
                                    .text(r.level.label + (r.specialism.map { " \($0.code)" } ?? "")),
                                    .span(.class("muted"), .text(" · \(AllocationPart.unitLabel(r.unit))")))),
                            AllocationPart.cell("Recorded", AllocationPart.dateTime(item.recordedAt)),
                            AllocationPart.cell(
                                "Allocate by", AllocationPart.countdown(deadline: item.deadline, now: model.now))
                        )
                    })
            ))
    }

    private func runs() -> PageContent {
        .group(
            .h2("Recent allocator runs"),
            .ul(
                .forEach(model.recentRuns) { run in
                    .li(
                        .a(.href(Paths.allocationRun(run.id)), .text("Run \(run.id)")),
                        .text(
                            " · \(AllocationPart.dateTime(run.createdAt)) by \(run.createdBy): \(run.proposed) of \(run.crimes) "
                                + "crimes proposed"
                                + (run.purpose == "rebalance" ? " (rebalancing an officer's crimes)" : "")))
                })
        )
    }
}
