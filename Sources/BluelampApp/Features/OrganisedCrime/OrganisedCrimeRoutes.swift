import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// The organised crime pages (issue 19): adapters over `OrganisedCrimeService`. A form that breaks a rule comes back
/// with the problems listed and what was typed kept.
struct OrganisedCrimeRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let ocg = routes.grouped("organised-crime")
        ocg.get(use: register).requires(.viewOrganisedCrime)
        ocg.post(use: createGroup).requires(.manageOrganisedCrime)
        ocg.get("mine", use: mine).requires(.viewOrganisedCrime)
        ocg.get("awareness", use: awareness).requires(.viewOCGAwareness)
        ocg.get("partnerships", use: partnerships).requires(.manageOrganisedCrime)
        ocg.post("partnerships", "meetings", use: addMeeting).requires(.manageOrganisedCrime)
        ocg.post("partnerships", "profiles", use: addProfile).requires(.manageOrganisedCrime)
        ocg.get("policy", use: policy).requires(.managePolicy)
        ocg.post("policy", use: savePolicy).requires(.managePolicy)
        let one = ocg.grouped("groups", ":id")
        one.get(use: show).requires(.viewOrganisedCrime)
        one.post("intelligence", use: submitIntelligence).requires(.viewOCGAwareness)
        for part in ["status", "lead", "members", "mappings", "plan", "disruptions", "crimes"] {
            one.post(.constant(part), use: { try await change($0, part: part) }).requires(.manageOrganisedCrime)
        }
        one.post("plan", ":action", use: updateAction).requires(.manageOrganisedCrime)
    }

    func id(_ req: Request, _ name: String = "id") throws -> Int {
        guard let id = req.parameters.get(name, as: Int.self), id > 0 else {
            throw Abort(.notFound, reason: "There is no such record.")
        }
        return id
    }

    func form(_ req: Request) throws -> [String: String] {
        (try? req.content.decode([String: String].self)) ?? [:]
    }

    static let notices: [String: String] = [
        "created": "The group has been added to the register.",
        "status": "The group's status has been changed.",
        "lead": "The lead responsible officer has been assigned.",
        "members": "The member has been added.",
        "mappings": "The scoring has been recorded.",
        "plan": "The action has been added to the plan.",
        "action": "The plan action has been updated.",
        "disruptions": "The disruption has been recorded.",
        "crimes": "The crime has been linked.",
        "intelligence": "Thank you: your intelligence has been submitted to the group's lead officer.",
        "meeting": "The meeting has been recorded.",
        "profile": "The local profile has been recorded.",
        "policy": "The new policy is in force.",
    ]

    func notice(_ req: Request) -> String? {
        (try? req.query.get(String.self, at: "notice")).flatMap { Self.notices[$0] }
    }

    // MARK: - The register

    @Sendable func register(_ req: Request) async throws -> Response {
        try await registerPage(req, notice: notice(req))
    }

    func registerPage(_ req: Request, errors: [String] = [], typed: [String: String] = [:], notice: String? = nil)
        async throws -> Response
    {
        let principal = try req.requirePrincipal()
        let bcuCode = (try? req.query.get(String.self, at: "bcu")) ?? ""
        let statusCode = (try? req.query.get(String.self, at: "status")) ?? ""
        let bcu = BCU(rawValue: bcuCode)
        let status = OCGStatus(rawValue: statusCode)
        // A filter the register does not offer is refused by its field, never quietly dropped (issue 22).
        var problems: [FormProblem] = []
        if !bcuCode.isEmpty && (bcu == nil || bcu == .force) {
            problems.append(FormProblem(field: "bcu", label: "BCU", refusal: "choose a BCU from the list"))
        }
        if !statusCode.isEmpty && status == nil {
            problems.append(FormProblem(field: "status", label: "Status", refusal: "choose a status from the list"))
        }
        let service = OrganisedCrimeService(req.service)
        let (entries, policy) =
            problems.isEmpty
            ? try await run { try await service.register(bcu: bcu, status: status) }
            : ([], try await run { try await service.policy().policy })
        var model = OCGRegisterPage.Model(
            entries: entries, policy: policy, today: service.today, bcu: bcu, status: status,
            bcus: BCU.territorial.filter { principal.can(.viewOrganisedCrime, in: $0) },
            canManage: principal.can(.manageOrganisedCrime),
            manageableBCUs: BCU.territorial.filter { principal.can(.manageOrganisedCrime, in: $0) }, errors: errors,
            notice: notice, csrf: req.session?.csrfToken, typed: typed)
        model.filterProblems = problems
        return Layout.response(
            OCGRegisterPage(model: model).render(),
            title: problems.isEmpty ? "Organised crime groups" : "Error: Organised crime groups", request: req,
            status: !problems.isEmpty ? .badRequest : errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func createGroup(_ req: Request) async throws -> Response {
        let f = try form(req)
        let others = (f["other_bcus"] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).uppercased()
        }.filter { !$0.isEmpty }
        let draft = OCGDraft(
            reference: f["reference"] ?? "", name: f["name"] ?? "", identifiedOn: f["identified_on"] ?? "",
            criminality: [f["criminality"] ?? ""], bcus: [f["bcus"] ?? ""] + others, boroughs: f["boroughs"] ?? "",
            lsoas: f["lsoas"] ?? "", indicators: f["indicators"] ?? "")
        return try await submit(req, refused: { try await registerPage(req, errors: $0, typed: f) }) {
            let group = try await OrganisedCrimeService(req.service).createGroup(draft)
            return Paths.ocgGroup(group.id, notice: "created")
        }
    }

    @Sendable func mine(_ req: Request) async throws -> Response {
        let service = OrganisedCrimeService(req.service)
        let entries = try await run { try await service.ledGroups() }
        let policy = try await run { try await service.policy().policy }
        let model = OCGRegisterPage.Model(
            entries: entries, policy: policy, today: service.today, bcu: nil, status: nil, bcus: [], canManage: false,
            manageableBCUs: [], title: "Groups you lead")
        return Layout.response(OCGRegisterPage(model: model).render(), title: "Groups you lead", request: req)
    }

    // MARK: - A group

    @Sendable func show(_ req: Request) async throws -> Response {
        try await groupPage(req, groupID: try id(req), notice: notice(req))
    }

    func groupPage(
        _ req: Request, groupID: Int, errors: [String] = [], typed: [String: String] = [:], notice: String? = nil
    ) async throws -> Response {
        let service = OrganisedCrimeService(req.service)
        let file = try await run { try await service.group(groupID) }
        let officers = file.canManage ? try await run { try await service.officerChoices(file) } : []
        let model = OCGGroupPage.Model(
            file: file, officers: officers, errors: errors, notice: notice, csrf: req.session?.csrfToken, typed: typed)
        return Layout.response(
            OCGGroupPage(model: model).render(), title: "\(file.group.reference): \(file.group.name)", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func change(_ req: Request, part: String) async throws -> Response {
        let groupID = try id(req)
        let f = try form(req)
        let service = OrganisedCrimeService(req.service)
        return try await submit(req, refused: { try await groupPage(req, groupID: groupID, errors: $0, typed: f) }) {
            switch part {
            case "status":
                _ = try await service.changeStatus(groupID, status: f["status"] ?? "", reason: f["status_reason"] ?? "")
            case "lead": _ = try await service.assignLead(groupID, officerID: f["officer_id"] ?? "")
            case "members":
                try await service.addMember(groupID, personID: f["person_id"] ?? "", role: f["role"] ?? "")
            case "mappings":
                _ = try await service.map(
                    groupID, threat: f["threat"] ?? "", harm: f["harm"] ?? "", risk: f["risk"] ?? "",
                    rationale: f["rationale"] ?? "")
            case "plan":
                _ = try await service.addPlanAction(
                    groupID,
                    PlanActionDraft(
                        p: f["p"] ?? "", action: f["action"] ?? "", ownerOfficerID: f["owner_officer_id"] ?? "",
                        ownerAgency: f["owner_agency"] ?? "", dueOn: f["due_on"] ?? ""))
            case "disruptions":
                _ = try await service.addDisruption(
                    groupID, type: f["type"] ?? "", p: f["disruption_p"] ?? "", on: f["on"] ?? "",
                    outcome: f["outcome"] ?? "")
            default: try await service.linkCrime(groupID, crimeID: f["crime_id"] ?? "")
            }
            return Paths.ocgGroup(groupID, notice: part, anchor: part == "mappings" ? "mapping" : part)
        }
    }

    @Sendable func updateAction(_ req: Request) async throws -> Response {
        let groupID = try id(req)
        let actionID = try id(req, "action")
        let f = try form(req)
        return try await submit(req, refused: { try await groupPage(req, groupID: groupID, errors: $0, typed: f) }) {
            let action = try await OrganisedCrimeService(req.service).updatePlanAction(
                actionID, status: f["status-\(actionID)"] ?? "", result: f["result-\(actionID)"] ?? "")
            return Paths.ocgGroup(action.groupID, notice: "action", anchor: "plan")
        }
    }

    // MARK: - Neighbourhood awareness

    @Sendable func awareness(_ req: Request) async throws -> Response {
        try await awarenessPage(req, notice: notice(req))
    }

    func awarenessPage(_ req: Request, errors: [String] = [], typed: [String: String] = [:], notice: String? = nil)
        async throws -> Response
    {
        let principal = try req.requirePrincipal()
        let bcu = (try? req.query.get(String.self, at: "bcu")).flatMap(BCU.init(rawValue:))
        let entries = try await run { try await OrganisedCrimeService(req.service).awareness(bcu: bcu) }
        let model = OCGAwarenessPage.Model(
            entries: entries, bcu: bcu, bcus: BCU.territorial.filter { principal.can(.viewOCGAwareness, in: $0) },
            errors: errors, notice: notice, csrf: req.session?.csrfToken, typed: typed)
        return Layout.response(
            OCGAwarenessPage(model: model).render(), title: "Organised crime groups in your area", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func submitIntelligence(_ req: Request) async throws -> Response {
        let groupID = try id(req)
        let f = try form(req)
        return try await submit(req, refused: { try await awarenessPage(req, errors: $0, typed: f) }) {
            _ = try await OrganisedCrimeService(req.service).submitIntelligence(
                groupID, text: f["text-\(groupID)"] ?? f["text"] ?? "")
            return Paths.ocgAwareness(notice: "intelligence")
        }
    }

    // MARK: - Partners

    @Sendable func partnerships(_ req: Request) async throws -> Response {
        try await partnershipsPage(req, notice: notice(req))
    }

    func partnershipsPage(
        _ req: Request, errors: [String] = [], typed: [String: String] = [:], notice: String? = nil
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let service = OrganisedCrimeService(req.service)
        let (meetings, profiles) = try await run { try await service.partnerships() }
        let units = BCU.allCases.filter {
            $0 == .force
                ? principal.scope(for: .manageOrganisedCrime)?.isForce ?? false
                : principal.can(.manageOrganisedCrime, in: $0)
        }
        let model = OCGPartnershipsPage.Model(
            meetings: meetings, profiles: profiles, today: service.today, bcus: units, errors: errors, notice: notice,
            csrf: req.session?.csrfToken, typed: typed)
        return Layout.response(
            OCGPartnershipsPage(model: model).render(), title: "Partners and the local profile", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func addMeeting(_ req: Request) async throws -> Response {
        let f = try form(req)
        let draft = PartnershipMeetingDraft(
            bcu: f["bcu"] ?? "", heldOn: f["held_on"] ?? "", seniority: f["seniority"] ?? "",
            agencies: f["agencies"] ?? "", decisions: f["decisions"] ?? "",
            intelligenceShared: f["intelligence_shared"] ?? "")
        return try await submit(req, refused: { try await partnershipsPage(req, errors: $0, typed: f) }) {
            _ = try await OrganisedCrimeService(req.service).addMeeting(draft)
            return Paths.ocgPartnerships(notice: "meeting")
        }
    }

    @Sendable func addProfile(_ req: Request) async throws -> Response {
        let f = try form(req)
        return try await submit(req, refused: { try await partnershipsPage(req, errors: $0, typed: f) }) {
            _ = try await OrganisedCrimeService(req.service).addProfile(
                bcu: f["profile_bcu"] ?? "", title: f["title"] ?? "", publishedOn: f["published_on"] ?? "",
                reviewOn: f["review_on"] ?? "", partners: f["partners"] ?? "", summary: f["summary"] ?? "")
            return Paths.ocgPartnerships(notice: "profile")
        }
    }

    // MARK: - Policy

    @Sendable func policy(_ req: Request) async throws -> Response {
        try await policyPage(req, notice: notice(req))
    }

    func policyPage(_ req: Request, errors: [String] = [], typed: [String: String] = [:], notice: String? = nil)
        async throws -> Response
    {
        let current = try await run { try await OrganisedCrimeService(req.service).policy() }
        let model = OCGPolicyPage.Model(
            version: current.version, policy: current.policy, createdBy: current.createdBy, reason: current.reason,
            errors: errors, notice: notice, csrf: req.session?.csrfToken, typed: typed)
        return Layout.response(
            OCGPolicyPage(model: model).render(), title: "Organised crime group policy", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func savePolicy(_ req: Request) async throws -> Response {
        let f = try form(req)
        return try await submit(req, refused: { try await policyPage(req, errors: $0, typed: f) }) {
            _ = try await OrganisedCrimeService(req.service).savePolicy(
                mappingDays: f["mapping_days"] ?? "", reassessmentDays: f["reassessment_days"] ?? "",
                band1From: f["band1_from"] ?? "", band2From: f["band2_from"] ?? "",
                leadMinimumRank: f["lead_minimum_rank"] ?? "", leadMinimumPIP: f["lead_minimum_pip"] ?? "",
                reason: f["reason"] ?? "")
            return Paths.ocgPolicy(notice: "policy")
        }
    }
}
