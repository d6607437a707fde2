import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/organised-crime/groups/{id}`: one group — its status and areas, where its mapping stands and its mapping
/// history, the lead responsible officer, members linked to their records and crimes, the 4P plan (flagged when a P
/// is missing), disruptions, linked crimes and neighbourhood intelligence. Supervisors in the owning BCU change it
/// through the forms here; a refused form comes back with its problems listed and what was typed kept.
struct OCGGroupPage {
    struct Model {
        var file: OrganisedCrimeService.GroupFile
        var officers: [OfficerSummary]
        var errors: [String] = []
        var notice: String?
        var csrf: String?
        var typed: [String: String] = [:]
    }

    var model: Model
    var file: OrganisedCrimeService.GroupFile { model.file }
    var group: OrganisedCrimeGroup { file.group }
    var manage: Bool { file.canManage }

    func render() -> PageContent {
        .group(
            .p(.a(.href(Paths.ocgRegister()), .text("← Organised crime groups"))),
            Part.heading("\(group.reference): \(group.name)", group.criminality.map(\.label).joined(separator: "; ")),
            Part.flash(model.notice),
            Part.errors(model.errors),
            facts(),
            mappingSection(),
            leadSection(),
            membersSection(),
            planSection(),
            disruptionsSection(),
            crimesSection(),
            intelligenceSection(),
            .if(manage, statusForm())
        )
    }

    func facts() -> PageContent {
        .dl(
            .class("facts"),
            .dt("Status"),
            .dd(.text(group.status.label + (group.statusReason.isEmpty ? "" : ": \(group.statusReason)"))),
            .dt("Identified"), .dd(.text(group.identifiedOn.text)),
            .dt("BCUs"), .dd(.text(group.bcus.map { "\($0.name) (\($0.code))" }.joined(separator: ", "))),
            .dt("Boroughs"), .dd(.text(group.boroughs.isEmpty ? "—" : group.boroughs.joined(separator: ", "))),
            .dt("LSOAs"), .dd(.text(group.lsoas.isEmpty ? "—" : group.lsoas.joined(separator: ", "))),
            .dt("What to look for"), .dd(.text(group.indicators.isEmpty ? "—" : group.indicators)),
            .dt("Mapping"), .dd(OCGParts.state(file.state)),
            .dt("Plan"), .dd(OCGParts.missing(file.missingPs))
        )
    }

    func mappingSection() -> PageContent {
        .section(
            .id("mapping"), .h2("Mapping"),
            .p(
                .class("hint"),
                .text(
                    "First mapping due by \(file.mappingDueOn.text). Threat, harm and risk are each scored 1 to 5; "
                        + "band 1 from a total of \(file.policy.band1From), band 2 from \(file.policy.band2From).")),
            .if(file.mappings.isEmpty, .p("Not yet mapped.")),
            .if(
                !file.mappings.isEmpty,
                OCGParts.table(
                    caption: "Mappings, newest first",
                    headers: ["Scored on", "Threat", "Harm", "Risk", "Total", "Band", "Scorer", "Rationale"],
                    rows: file.mappings.map { m in
                        .tr(
                            CrimeParts.cell("Scored on", .text(m.scoredOn.text)),
                            CrimeParts.cell("Threat", .text(String(m.score.threat))),
                            CrimeParts.cell("Harm", .text(String(m.score.harm))),
                            CrimeParts.cell("Risk", .text(String(m.score.risk))),
                            CrimeParts.cell("Total", .text(String(m.score.total))),
                            CrimeParts.cell("Band", .text(m.band.label)),
                            CrimeParts.cell("Scorer", .text(m.scorer)),
                            CrimeParts.cell("Rationale", .text(m.rationale.isEmpty ? "—" : m.rationale)))
                    })),
            .if(manage && group.status.isManaged, mappingForm())
        )
    }

    func mappingForm() -> PageContent {
        .form(
            .class("stack"), .method(.post), .action(Paths.ocgGroupPart(group.id, "mappings")),
            .h3(.text(file.mappings.isEmpty ? "Map the group" : "Re-assess the group")),
            .component(Part.csrf(model.csrf)),
            .forEach(OCGScore.matrix) { dimension in
                .component(
                    Part.select(
                        dimension.dimension, name: dimension.field,
                        options: dimension.levels.enumerated().map {
                            (String($0.offset + 1), "\($0.offset + 1): \($0.element)")
                        },
                        selected: model.typed[dimension.field]))
            },
            .component(CrimeParts.textarea("Rationale", name: "rationale", value: model.typed["rationale"] ?? "")),
            .button(.type(.submit), "Record scoring"))
    }

    func leadSection() -> PageContent {
        .section(
            .id("lead"), .h2("Lead responsible officer"),
            .p(
                .text(
                    file.lead.map(OCGParts.officer)
                        ?? (group.status == .active ? "None assigned: every active group needs one." : "None"))),
            .unwrap(file.leadEligibility) { eligibility in
                if case .ineligible(let reasons) = eligibility {
                    return .p(
                        .class("badge red"),
                        .text("Does not meet the policy now: " + reasons.joined(separator: "; ")))
                }
                return .empty
            },
            .if(
                manage,
                .form(
                    .class("stack"), .method(.post), .action(Paths.ocgGroupPart(group.id, "lead")),
                    .component(Part.csrf(model.csrf)),
                    .component(
                        Part.select(
                            "Lead responsible officer", name: "officer_id",
                            options: model.officers.map { (String($0.id), OCGParts.officer($0)) },
                            selected: model.typed["officer_id"] ?? file.lead.map { String($0.id) })),
                    .p(
                        .class("hint"),
                        .text(
                            "Must be \(file.policy.leadMinimumRank.name.lowercased()) or above, accredited to "
                                + "\(file.policy.leadMinimumPIP.label) or higher.")),
                    .button(.type(.submit), "Assign")))
        )
    }

    func membersSection() -> PageContent {
        .section(
            .id("members"), .h2("Members"),
            .if(file.members.isEmpty, .p("No members recorded.")),
            .if(
                !file.members.isEmpty,
                OCGParts.table(
                    caption: "Members, their role and their crimes", headers: ["Person", "Role", "Added", "Crimes"],
                    rows: file.members.map { m in
                        .tr(
                            CrimeParts.cell(
                                "Person", .text(m.name + (m.dateOfBirth.map { " (born \(UKDate.day($0)))" } ?? ""))),
                            CrimeParts.cell("Role", .text(m.role.label)),
                            CrimeParts.cell("Added", .text(m.addedOn.text)),
                            CrimeParts.cell(
                                "Crimes",
                                m.crimes.isEmpty
                                    ? .text("None")
                                    : .group(
                                        .forEach(m.crimes) { c in
                                            .group(
                                                .a(.href(Paths.crime(c.id)), .text("\(c.reference) (\(c.role))")),
                                                .text(" "))
                                        })))
                    })),
            .if(
                manage,
                .form(
                    .class("stack"), .method(.post), .action(Paths.ocgGroupPart(group.id, "members")),
                    .h3("Add a member"),
                    .component(Part.csrf(model.csrf)),
                    .component(
                        Part.field(
                            "Person's record number", name: "person_id", value: model.typed["person_id"] ?? "",
                            required: true, hint: "The id of the person's record on a crime")),
                    .component(
                        Part.select(
                            "Role", name: "role", options: OCGMemberRole.allCases.map { ($0.rawValue, $0.label) },
                            selected: model.typed["role"])),
                    .button(.type(.submit), "Add member")))
        )
    }

    func planSection() -> PageContent {
        .section(
            .id("plan"), .h2("4P management plan"),
            .if(
                !file.missingPs.isEmpty,
                .p(
                    .class("badge amber"),
                    .text("The plan has no action under " + file.missingPs.map(\.label).joined(separator: ", ") + "."))),
            .if(
                !file.plan.isEmpty,
                OCGParts.table(
                    caption: "Plan actions by due date",
                    headers: ["P", "Action", "Owner", "Due", "Status", "Result", "Change"],
                    rows: file.plan.map(planRow))),
            .if(manage, planForm())
        )
    }

    func planRow(_ a: PlanAction) -> Node<HTML.TableContext> {
        let owner =
            a.ownerOfficerID.flatMap { id in
                model.officers.first { $0.id == id }.map(OCGParts.officer) ?? "Officer \(id)"
            }
            ?? a.ownerAgency
        return .tr(
            CrimeParts.cell("P", .text(a.p.label)),
            CrimeParts.cell("Action", .text(a.action)),
            CrimeParts.cell("Owner", .text(owner)),
            CrimeParts.cell("Due", .text(a.dueOn.text)),
            CrimeParts.cell("Status", .text(a.status.label)),
            CrimeParts.cell("Result", .text(a.result.isEmpty ? "—" : a.result)),
            CrimeParts.cell(
                "Change",
                manage && a.status == .open
                    ? .form(
                        .class("inline"), .method(.post), .action(Paths.ocgPlanAction(group.id, a.id)),
                        .component(Part.csrf(model.csrf)),
                        .component(
                            Part.select(
                                "New status", name: "status-\(a.id)",
                                options: [PlanActionStatus.done, .cancelled].map { ($0.rawValue, $0.label) },
                                selected: nil)),
                        .component(Part.field("Result", name: "result-\(a.id)")),
                        .button(.type(.submit), "Update"))
                    : .text("—")))
    }

    func planForm() -> PageContent {
        let t = model.typed
        return .form(
            .class("stack"), .method(.post), .action(Paths.ocgGroupPart(group.id, "plan")),
            .h3("Add a plan action"),
            .component(Part.csrf(model.csrf)),
            .component(
                Part.select(
                    "P", name: "p", options: FourP.allCases.map { ($0.rawValue, "\($0.label): \($0.aim)") },
                    selected: t["p"])),
            .component(CrimeParts.textarea("Action", name: "action", value: t["action"] ?? "")),
            .component(
                Part.select(
                    "Owning officer", name: "owner_officer_id",
                    options: model.officers.map { (String($0.id), OCGParts.officer($0)) },
                    selected: t["owner_officer_id"],
                    includeAny: "None: a partner agency owns it")),
            .component(
                Part.field(
                    "Owning partner agency", name: "owner_agency", value: t["owner_agency"] ?? "",
                    hint: "Leave empty when an officer owns it")),
            .component(Part.field("Due date", name: "due_on", value: t["due_on"] ?? "", type: .date, required: true)),
            .button(.type(.submit), "Add action"))
    }

    func disruptionsSection() -> PageContent {
        let t = model.typed
        return .section(
            .id("disruptions"), .h2("Disruptions"),
            .if(file.disruptions.isEmpty, .p("None recorded.")),
            .if(
                !file.disruptions.isEmpty,
                OCGParts.table(
                    caption: "Disruptions, newest first", headers: ["Date", "Type", "P served", "Outcome"],
                    rows: file.disruptions.map { d in
                        .tr(
                            CrimeParts.cell("Date", .text(d.on.text)),
                            CrimeParts.cell("Type", .text(d.type.label)),
                            CrimeParts.cell("P served", .text(d.p.label)),
                            CrimeParts.cell("Outcome", .text(d.outcome)))
                    })),
            .if(
                manage,
                .form(
                    .class("stack"), .method(.post), .action(Paths.ocgGroupPart(group.id, "disruptions")),
                    .h3("Record a disruption"),
                    .component(Part.csrf(model.csrf)),
                    .component(
                        Part.select(
                            "Type", name: "type", options: DisruptionType.allCases.map { ($0.rawValue, $0.label) },
                            selected: t["type"])),
                    .component(
                        Part.select(
                            "P served", name: "disruption_p", options: FourP.allCases.map { ($0.rawValue, $0.label) },
                            selected: t["disruption_p"])),
                    .component(Part.field("Date", name: "on", value: t["on"] ?? "", type: .date, required: true)),
                    .component(CrimeParts.textarea("Outcome", name: "outcome", value: t["outcome"] ?? "")),
                    .button(.type(.submit), "Record disruption")))
        )
    }

    func crimesSection() -> PageContent {
        .section(
            .id("crimes"), .h2("Linked crimes"),
            .if(file.crimes.isEmpty, .p("No crimes linked.")),
            .if(
                !file.crimes.isEmpty,
                .ul(
                    .forEach(file.crimes) { c in
                        .li(.a(.href(Paths.crime(c.crimeID)), .text("\(c.reference) (\(c.category))")))
                    })),
            .if(
                manage,
                .form(
                    .class("stack"), .method(.post), .action(Paths.ocgGroupPart(group.id, "crimes")),
                    .component(Part.csrf(model.csrf)),
                    .component(
                        Part.field("Crime record number", name: "crime_id", value: model.typed["crime_id"] ?? "")),
                    .button(.type(.submit), "Link crime")))
        )
    }

    func intelligenceSection() -> PageContent {
        .section(
            .id("intelligence"), .h2("Neighbourhood intelligence"),
            .if(file.intelligence.isEmpty, .p("None submitted.")),
            .if(
                !file.intelligence.isEmpty,
                OCGParts.table(
                    caption: "Intelligence submitted, newest first", headers: ["Submitted", "By", "Intelligence"],
                    rows: file.intelligence.map { i in
                        .tr(
                            CrimeParts.cell("Submitted", .text(CrimeParts.dateTime.string(from: i.submittedAt))),
                            CrimeParts.cell("By", .text(i.submittedBy)),
                            CrimeParts.cell("Intelligence", .text(i.text)))
                    })))
    }

    func statusForm() -> PageContent {
        .form(
            .class("stack"), .method(.post), .action(Paths.ocgGroupPart(group.id, "status")), .id("status"),
            .h2("Change status"),
            .component(Part.csrf(model.csrf)),
            .component(
                Part.select(
                    "Status", name: "status", options: OCGStatus.allCases.map { ($0.rawValue, $0.label) },
                    selected: model.typed["status"] ?? group.status.rawValue)),
            .component(
                CrimeParts.textarea(
                    "Reason for status", name: "status_reason", value: model.typed["status_reason"] ?? "",
                    hint: "Needed for any status but active")),
            .button(.type(.submit), "Change status"))
    }
}
