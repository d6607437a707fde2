import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/organised-crime`: the organised crime group register in the reader's BCUs, filtered by BCU and status, with
/// what needs doing listed per BCU — mapping and re-assessment overdue, active groups without a lead responsible
/// officer, and plans missing a P (PEEL 2016, Metropolitan, AFI9 and AFI11). Supervisors add groups here.
struct OCGRegisterPage {
    struct Model {
        var entries: [OCGRegisterEntry]
        var policy: OCGPolicy
        var today: CalendarDay
        var bcu: BCU?
        var status: OCGStatus?
        var bcus: [BCU]
        var canManage: Bool
        var manageableBCUs: [BCU]
        var title: String = "Organised crime groups"
        var errors: [String] = []
        var notice: String?
        var csrf: String?
        var typed: [String: String] = [:]
        /// What is wrong with the filters given; the register is not searched until they are put right.
        var filterProblems: [FormProblem] = []
    }

    var model: Model

    func state(_ e: OCGRegisterEntry) -> OCGMappingState {
        .of(status: e.group.status, firstMappingDue: e.mappingDueOn, nextDue: e.nextDueOn, today: model.today)
    }

    func render() -> PageContent {
        .group(
            Part.heading(
                model.title,
                "Mapped within \(model.policy.mappingDays) days of identification and re-assessed every "
                    + "\(model.policy.reassessmentDays) days (the force's OCG policy)."),
            Part.flash(model.notice),
            Part.errors(model.errors),
            Part.errorSummary(model.filterProblems),
            .p(
                .a(.href(Paths.ocgMine), .text("Groups you lead")),
                .if(
                    model.canManage,
                    .group(.text(" · "), .a(.href(Paths.ocgPartnerships()), .text("Partners and the local profile"))))),
            .if(model.bcus.isEmpty, .empty, else: filters()),
            attention(),
            list(),
            .if(model.canManage && !model.manageableBCUs.isEmpty, addForm())
        )
    }

    func filters() -> PageContent {
        .form(
            .class("filters"), .method(.get), .action("/organised-crime"),
            .component(
                Part.select(
                    "BCU", name: "bcu", options: OCGParts.bcuOptions(model.bcus), selected: model.bcu?.code,
                    includeAny: "All your BCUs", error: FormProblem.message(model.filterProblems, field: "bcu"))),
            .component(
                Part.select(
                    "Status", name: "status", options: OCGStatus.allCases.map { ($0.rawValue, $0.label) },
                    selected: model.status?.rawValue, includeAny: "Any status",
                    error: FormProblem.message(model.filterProblems, field: "status"))),
            .button(.type(.submit), "Filter"))
    }

    /// Per BCU: overdue mapping, overdue re-assessment, active groups without a lead, plans missing a P.
    func attention() -> PageContent {
        let byBCU = Dictionary(grouping: model.entries, by: \.group.owningBCU)
        let rows: [Node<HTML.TableContext>] = byBCU.keys.sorted().map { bcu in
            let entries = byBCU[bcu] ?? []
            let states = entries.map(state)
            let mappingOverdue = states.filter { if case .mappingOverdue = $0 { true } else { false } }.count
            let reassessOverdue = states.filter { if case .reassessmentOverdue = $0 { true } else { false } }.count
            let active = entries.filter { $0.group.status == .active }
            return .tr(
                CrimeParts.cell("BCU", .text("\(bcu.name) (\(bcu.code))")),
                CrimeParts.cell("Mapping overdue", .text(String(mappingOverdue))),
                CrimeParts.cell("Re-assessment overdue", .text(String(reassessOverdue))),
                CrimeParts.cell(
                    "Active without a lead officer",
                    .text(String(active.filter { $0.group.leadOfficerID == nil }.count))),
                CrimeParts.cell(
                    "Active plans missing a P", .text(String(active.filter { !$0.missingPs.isEmpty }.count))))
        }
        return .section(
            .id("attention"), .h2("Needing attention, by owning BCU"),
            .if(rows.isEmpty, .p("No groups in these BCUs.")),
            .if(
                !rows.isEmpty,
                OCGParts.table(
                    caption: "Overdue mapping and re-assessment, groups without a lead officer, plans missing a P",
                    headers: [
                        "BCU", "Mapping overdue", "Re-assessment overdue", "Active without a lead officer",
                        "Active plans missing a P",
                    ], rows: rows)))
    }

    func list() -> PageContent {
        .section(
            .id("groups"), .h2("Groups (\(model.entries.count))"),
            .if(
                !model.entries.isEmpty,
                OCGParts.table(
                    caption: "Organised crime groups",
                    headers: ["Group", "Status", "BCUs", "Mapping", "Band", "Lead officer", "Plan", "Members"],
                    rows: model.entries.map { e in
                        .tr(
                            .class(state(e).isOverdue ? "overdue" : ""),
                            CrimeParts.cell(
                                "Group",
                                .a(.href(Paths.ocgGroup(e.group.id)), .text("\(e.group.reference): \(e.group.name)"))),
                            CrimeParts.cell("Status", .text(e.group.status.label)),
                            CrimeParts.cell("BCUs", .text(e.group.bcus.map(\.code).joined(separator: ", "))),
                            CrimeParts.cell("Mapping", OCGParts.state(state(e))),
                            CrimeParts.cell("Band", .text(e.band?.label ?? "—")),
                            CrimeParts.cell(
                                "Lead officer",
                                e.leadOfficerName.map { PageContent.text($0) }
                                    ?? (e.group.status == .active
                                        ? .span(.class("badge red"), .text("None assigned")) : .text("—"))),
                            CrimeParts.cell(
                                "Plan", e.group.status.isManaged ? OCGParts.missing(e.missingPs) : .text("—")),
                            CrimeParts.cell("Members", .text(String(e.memberCount))))
                    })))
    }

    func addForm() -> PageContent {
        let t = model.typed
        return .form(
            .class("stack"), .method(.post), .action("/organised-crime"), .id("add-group"),
            .h2("Add a group to the register"),
            .component(Part.csrf(model.csrf)),
            .component(Part.field("Reference", name: "reference", value: t["reference"] ?? "", required: true)),
            .component(Part.field("Name", name: "name", value: t["name"] ?? "", required: true)),
            .component(
                Part.field(
                    "Date identified", name: "identified_on", value: t["identified_on"] ?? model.today.text,
                    type: .date, required: true)),
            .component(
                Part.select(
                    "Owning BCU", name: "bcus", options: OCGParts.bcuOptions(model.manageableBCUs),
                    selected: t["bcus"])),
            .component(
                Part.field(
                    "Other BCUs it operates in", name: "other_bcus", value: t["other_bcus"] ?? "",
                    hint: "BCU codes separated by commas, e.g. NE, CN")),
            .component(
                Part.select(
                    "Main criminality", name: "criminality",
                    options: CriminalityType.allCases.map { ($0.rawValue, $0.label) }, selected: t["criminality"])),
            .component(
                Part.field(
                    "Boroughs", name: "boroughs", value: t["boroughs"] ?? "", hint: "Separated by commas")),
            .component(
                Part.field(
                    "LSOAs", name: "lsoas", value: t["lsoas"] ?? "", hint: "LSOA codes such as E01001234, by commas")),
            .component(
                CrimeParts.textarea(
                    "What to look for", name: "indicators", value: t["indicators"] ?? "",
                    hint: "Vehicles, venues and methods neighbourhood officers should recognise")),
            .button(.type(.submit), "Add group"))
    }
}
