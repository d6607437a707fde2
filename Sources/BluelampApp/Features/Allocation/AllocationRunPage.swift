import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/allocation/runs/:id`: the allocator's proposal for each crime with its explanation, checkboxes to
/// accept some or all, and an override form per crime.
struct AllocationRunPage {
    struct Model {
        var run: AllocationRunSummary
        var lines: [AllocationProposalLine]
        var total: Int
        var open: Int
        var offset: Int
        var limit: Int
        var now: Date
        var csrf: String?
        /// What the last acceptance did, when this page answers one.
        var acceptance: AllocationAcceptance?
        var notice: String?
    }

    var model: Model

    static let acceptFormID = "accept-selected"

    func render() -> PageContent {
        let run = model.run
        return .group(
            .p(.a(.href(Paths.allocationQueue()), "← Allocation queue")),
            Part.heading(
                run.purpose == "rebalance" ? "Rebalancing run \(run.id)" : "Proposed allocations: run \(run.id)",
                "Run by \(run.createdBy) on \(AllocationPart.dateTime(run.createdAt)) over "
                    + "\(run.bcus.map { $0.sorted().map(\.code).joined(separator: ", ") } ?? "the whole force")"
                    + (run.unit.map { ", \(AllocationPart.unitLabel($0).lowercased())" } ?? "")
                    + ", under policy version \(run.policyVersion): \(run.proposed) of \(run.crimes) crimes given an officer "
                    + "among \(run.officers) investigators taking new work (total cost \(run.cost), solved in "
                    + String(format: "%.0f", run.solveMilliseconds) + " ms)."),
            Part.flash(model.notice),
            .unwrap(model.acceptance) { acceptance in acceptanceNotice(acceptance) },
            .if(model.open > 0, acceptForms()),
            .if(
                model.open == 0 && run.purpose == "propose",
                .p(
                    .class("muted"),
                    "No proposal of this run is still open: each was accepted, superseded or overtaken.")),
            table(),
            .if(
                model.total > model.limit,
                Part.pager(
                    basePath: Paths.allocationRun(run.id), query: [], offset: model.offset, limit: model.limit,
                    total: model.total))
        )
    }

    private func acceptanceNotice(_ acceptance: AllocationAcceptance) -> PageContent {
        .group(
            Part.flash(
                "Allocated \(acceptance.accepted.count) crime\(acceptance.accepted.count == 1 ? "" : "s")."
                    + (acceptance.refused.isEmpty ? "" : " \(acceptance.refused.count) could not be accepted:")),
            .if(
                !acceptance.refused.isEmpty,
                .div(
                    .class("flash error"), .attribute(named: "role", value: "alert"),
                    .ul(
                        .forEach(acceptance.refused) { refused in .li(.text("\(refused.reference): \(refused.reason)"))
                        })))
        )
    }

    private func acceptForms() -> PageContent {
        .div(
            .class("actions"),
            .form(
                .method(.post), .action(Paths.acceptAllocationRun(model.run.id)),
                .component(Part.csrf(model.csrf)),
                .input(.type(.hidden), .name("all"), .value("1")),
                .button(.type(.submit), .text("Accept all \(model.open) open proposals"))
            ),
            .form(
                .id(Self.acceptFormID), .method(.post), .action(Paths.acceptAllocationRun(model.run.id)),
                .component(Part.csrf(model.csrf)),
                .button(.type(.submit), .class("secondary"), "Accept the ticked proposals")
            )
        )
    }

    private func table() -> PageContent {
        .div(
            .class("table-wrap"),
            .table(
                .class("responsive proposals"),
                .caption(.text("Proposals, most urgent first")),
                .thead(
                    .tr(.th("Accept"), .th("Crime"), .th("Needs"), .th("Proposed officer"), .th("Why"), .th("Override"))
                ),
                .tbody(.forEach(model.lines) { line in row(line) })
            ))
    }

    private func row(_ line: AllocationProposalLine) -> Node<HTML.TableContext> {
        let r = line.rationale
        return .tr(
            .if(line.deadline < model.now && line.isOpen, .class("overdue")),
            AllocationPart.cell("Accept", line.isOpen ? checkbox(line) : status(line)),
            AllocationPart.cell(
                "Crime",
                .group(
                    .a(.href(Paths.crime(line.crimeID)), .text(line.reference)),
                    .br(),
                    .span(
                        .class("muted"),
                        .text("\(line.category?.name ?? "") · \(line.bcu?.code ?? "FORCE") · P\(line.priority)")),
                    .br(),
                    line.crimeStatus == .awaitingAllocation
                        ? AllocationPart.countdown(deadline: line.deadline, now: model.now)
                        : .span(.class("muted"), .text(line.crimeStatus.label)))),
            AllocationPart.cell(
                "Needs",
                .unwrap(
                    r,
                    { r in
                        .group(
                            .text(r.requiredLabel),
                            .br(),
                            .span(.class("muted"), .text(AllocationPart.unitLabel(r.unit))),
                            .unwrap(r.rule) { .group(.br(), .span(.class("muted"), .text("Rule: \($0)"))) })
                    }, else: .text("—"))),
            AllocationPart.cell("Proposed officer", officer(line)),
            AllocationPart.cell("Why", why(line)),
            AllocationPart.cell(
                "Override", line.crimeStatus == .awaitingAllocation || line.isOpen ? overrideForm(line) : .text("—"))
        )
    }

    private func checkbox(_ line: AllocationProposalLine) -> PageContent {
        .label(
            .class("tick"),
            .input(
                .type(.checkbox), .name("crime[]"), .value(String(line.crimeID)),
                .attribute(named: "form", value: Self.acceptFormID), .id("accept-\(line.crimeID)")),
            .span(.class("visually-hidden"), .text("Accept the proposal for \(line.reference)"))
        )
    }

    private func status(_ line: AllocationProposalLine) -> PageContent {
        switch line.kind {
        case .proposal:
            if line.officerID == nil { return .span(.class("amber"), "Left waiting") }
            if let ended = line.endedAt {
                return .span(.class("muted"), .text("Superseded \(AllocationPart.dateTime(ended))"))
            }
            return .span(.class("muted"), .text("Crime now \(line.crimeStatus.label.lowercased())"))
        case .accepted, .reallocated, .override:
            return .span(
                .class("green"),
                .text(
                    "\(line.kind.label)" + (line.allocatedBy.map { " by \($0)" } ?? "")
                        + (line.endedAt != nil ? "; since moved" : "")))
        }
    }

    private func officer(_ line: AllocationProposalLine) -> PageContent {
        guard let r = line.rationale, let officerID = line.officerID else {
            return .span(.class("amber"), "Nobody: left waiting")
        }
        return .group(
            .a(.href(Paths.officerCaseload(officerID)), .text(line.officerLabel ?? r.officerID ?? "")),
            .unwrap(line.officerTeam) { .group(.br(), .span(.class("muted"), .text($0))) },
            .br(),
            .text(AllocationPart.skills(level: r.officerLevel, specialisms: r.officerSpecialisms, bcu: r.officerBCU)),
            .br(),
            .text("Load \(r.loadBefore ?? 0) → \(r.loadAfter ?? 0) of cap \(r.cap ?? 0)"),
            .unwrap(r.openCrimeNumber) { .span(.class("muted"), .text(" (this is open crime no. \($0))")) }
        )
    }

    private func why(_ line: AllocationProposalLine) -> PageContent {
        guard let r = line.rationale else { return .text(line.explanation) }
        if let reason = r.unallocatedReason {
            return .p(.text("Left waiting: \(reason)."))
        }
        return .group(
            .p(
                .text(
                    "Cost \(r.overskill + r.crossBCU + r.workload): overskill \(r.overskill), cross-BCU \(r.crossBCU), workload \(r.workload)."
                )),
            .p(.text(r.alternative.map { "Next best: \($0)." } ?? "No other eligible officer has room.")),
            .unwrap(r.refused) { .p(.class("muted"), .text("Not chosen although cheaper: \($0).")) }
        )
    }

    private func overrideForm(_ line: AllocationProposalLine) -> PageContent {
        let id = line.crimeID
        return .details(
            .summary("Choose another officer"),
            .form(
                .method(.post), .action(Paths.allocationOverride(crime: id)),
                .component(Part.csrf(model.csrf)),
                .input(.type(.hidden), .name("run"), .value(String(model.run.id))),
                .component(
                    AllocationPart.field("Warrant number", name: "warrant", id: "warrant-\(id)", required: true)),
                .component(
                    AllocationPart.select(
                        "Reason", name: "reason", id: "reason-\(id)", options: AllocationPart.reasonOptions,
                        selected: nil)),
                .component(
                    AllocationPart.textArea(
                        "Why this officer", name: "detail", id: "detail-\(id)", rows: 2, required: true)),
                .button(.type(.submit), "Allocate to this officer")
            ),
            .p(.a(.href(Paths.allocationOverride(crime: id)), "Choose from a list of officers"))
        )
    }
}
