import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/allocation/crimes/:id/override`: choose the officer for one crime by hand, with a reason.
struct AllocationOverridePage {
    typealias Candidate = AllocationService.Candidate

    struct Model {
        var crimeID: Int
        var reference: String
        var category: CrimeCategory
        var offenceDescription: String
        var bcu: BCU?
        var status: CrimeStatus.Code
        var requirement: AllocationRequirement
        var deadline: Date
        var holder: String?
        var proposal: AllocationRationale?
        var candidates: [Candidate]
        var canOverrideBeyondPolicy: Bool
        var now: Date
        var csrf: String?
        var errors: [String] = []
        var selectedOfficer: String?
        var selectedReason: String?
        var detail: String = ""
    }

    var model: Model

    func render() -> PageContent {
        let r = model.requirement
        return .group(
            .p(.a(.href(Paths.allocationQueue()), "← Allocation queue")),
            Part.heading(
                "Choose the officer for \(model.reference)",
                "\(model.category.name) · \(model.offenceDescription) · \(model.bcu?.name ?? "Force-wide")"),
            Part.errors(model.errors),
            .dl(
                .class("facts"),
                .dt("Status"), .dd(.text(model.status.label)),
                .dt("The policy requires"),
                .dd(
                    .text(
                        "\(r.level.label)" + (r.specialism.map { " with \($0.name) (\($0.code))" } ?? "")
                            + ", \(AllocationPart.unitLabel(r.unit).lowercased())"
                            + (r.rule.map { " (rule: \($0))" } ?? ""))),
                .dt("Priority"), .dd(.text("P\(r.priority.rawValue)")),
                .dt("Allocate by"),
                .dd(
                    model.status == .awaitingAllocation
                        ? AllocationPart.countdown(deadline: model.deadline, now: model.now) : .text("—")),
                .dt("Held by"), .dd(.text(model.holder ?? "Nobody")),
                .dt("The allocator proposed"), .dd(.text(model.proposal?.summary ?? "No open proposal"))
            ),
            .p(
                .class("hint"),
                .text(
                    model.canOverrideBeyondPolicy
                        ? "As a supervisor you may choose an officer beyond their cap, below the required level or without "
                            + "the specialism; the allocation is then flagged on the dashboards. Say why."
                        : "You may choose any officer within policy. An officer beyond their cap, below the required level or "
                            + "without the specialism needs a supervisor.")),
            form(),
            .h2("Officers who could take it"),
            candidates()
        )
    }

    private func form() -> PageContent {
        .form(
            .class("stack"), .method(.post), .action(Paths.allocationOverride(crime: model.crimeID)),
            .component(Part.csrf(model.csrf)),
            .component(
                AllocationPart.select(
                    "Officer", name: "officer", id: "officer",
                    options: model.candidates.filter { $0.assessment.unavailable == nil }.map { candidate in
                        let o = candidate.officer
                        let note = candidate.assessment.isWithinPolicy ? "" : " — supervisor only"
                        return (
                            String(o.id),
                            "\(o.label), \(o.level?.label ?? "no PIP") · \(o.openCrimes) of \(candidate.cap)\(note)"
                        )
                    },
                    selected: model.selectedOfficer)),
            .component(
                AllocationPart.select(
                    "Reason", name: "reason", id: "reason", options: AllocationPart.reasonOptions,
                    selected: model.selectedReason)),
            .component(
                AllocationPart.textArea(
                    "Why this officer", name: "detail", id: "detail", value: model.detail, required: true,
                    hint: "Recorded with the allocation and in the audit log.")),
            .button(.type(.submit), "Allocate")
        )
    }

    private func candidates() -> PageContent {
        .div(
            .class("table-wrap"),
            .table(
                .class("responsive"),
                .thead(.tr(.th("Officer"), .th("Team"), .th("Skills"), .th("Load"), .th("Against the policy"))),
                .tbody(
                    .forEach(model.candidates) { candidate in
                        let o = candidate.officer
                        return .tr(
                            AllocationPart.cell("Officer", .a(.href(Paths.officerCaseload(o.id)), .text(o.label))),
                            AllocationPart.cell("Team", o.teamName ?? "—"),
                            AllocationPart.cell(
                                "Skills",
                                AllocationPart.skills(
                                    level: o.level, specialisms: o.specialisms.map(\.code).sorted(), bcu: o.bcu.code)),
                            AllocationPart.cell("Load", AllocationPart.load(o.openCrimes, cap: candidate.cap)),
                            AllocationPart.cell(
                                "Against the policy",
                                candidate.assessment.isWithinPolicy
                                    ? .span(.class("green"), "Within policy")
                                    : .span(
                                        .class(candidate.assessment.unavailable != nil ? "muted" : "red"),
                                        .text(candidate.assessment.summary)))
                        )
                    })
            ))
    }
}
