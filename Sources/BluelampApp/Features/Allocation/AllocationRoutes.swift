import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// The allocation queue, proposals, acceptance and overrides, caseloads, and the allocation policy.
struct AllocationRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("allocation", use: queue).requires(.allocateCrimes)
        routes.post("allocation", "propose", use: propose).requires(.allocateCrimes)
        routes.get("allocation", "runs", ":id", use: runPage).requires(.allocateCrimes)
        routes.post("allocation", "runs", ":id", "accept", use: accept).requires(.allocateCrimes)
        routes.get("allocation", "crimes", ":id", "override", use: overridePage).requires(.allocateCrimes)
        routes.post("allocation", "crimes", ":id", "override", use: override).requires(.allocateCrimes)
        routes.get("officers", ":id", "caseload", use: caseload).requires(.viewCaseloads)
        routes.post("officers", ":id", "caseload", "status", use: changeStatus).requires(.manageOfficers)
        routes.get("teams", ":id", "caseloads", use: teamCaseloads).requires(.viewCaseloads)
        routes.get("allocation", "policy", use: policy).requires(.managePolicy)
        routes.post("allocation", "policy", use: savePolicyForm).requires(.managePolicy)
        routes.post("allocation", "policy", "json", use: savePolicyJSON).requires(.managePolicy)
        routes.get("allocation", "policy", "versions", ":version", use: policyVersion).requires(.managePolicy)
    }

    func service(_ req: Request) -> AllocationService {
        AllocationService(req.service)
    }

    func id(_ req: Request, _ name: String = "id") throws -> Int {
        guard let id = req.parameters.get(name, as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such record.")
        }
        return id
    }

    // MARK: - Queue

    struct QueueQuery: Content {
        var bcu: String?
        var unit: String?
        var offset: Int?
        var notice: String?
    }

    /// The BCU a form or query names, if any: a code that is no BCU is a bad request.
    static func bcu(_ text: String?) throws -> BCU? {
        guard let code = text?.uppercased(), !code.isEmpty else { return nil }
        guard let bcu = BCU(rawValue: code) else { throw Abort(.badRequest, reason: "There is no BCU \(code).") }
        return bcu
    }

    static func unit(_ text: String?) throws -> AllocationUnitKind? {
        guard let text, !text.isEmpty else { return nil }
        guard let unit = AllocationUnitKind(rawValue: text) else {
            throw Abort(.badRequest, reason: "There is no unit kind \(text).")
        }
        return unit
    }

    @Sendable func queue(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = try req.query.decode(QueueQuery.self)
        let (bcu, unit) = (try Self.bcu(query.bcu), try Self.unit(query.unit))
        let service = service(req)
        let (queue, recentRuns) = try await run {
            (try await service.queue(bcu: bcu, unit: unit), try await service.recentRuns())
        }
        let limit = 100
        let offset = min(max(0, query.offset ?? 0), max(0, queue.items.count - 1))
        let scope = principal.scope(for: .allocateCrimes) ?? .bcus([])
        let notice: String? =
            switch query.notice {
            case "override": "The crime was allocated to the officer you chose."
            case "empty": "There was nothing to propose: no crime here is awaiting allocation."
            default: nil
            }
        let model = AllocationQueuePage.Model(
            items: Array(queue.items.dropFirst(offset).prefix(limit)), total: queue.items.count, overdue: queue.overdue,
            offset: offset, limit: limit, now: req.now, bcus: BCU.allCases.filter { scope.covers($0) },
            selectedBCU: queue.selected,
            selectedUnit: unit, scopeLabel: scope.label, policyVersion: queue.policyVersion,
            canManagePolicy: principal.can(.managePolicy), recentRuns: recentRuns, csrf: req.session?.csrfToken)
        let page = AllocationQueuePage(model: model).render()
        return Layout.response(.group(Part.flash(notice), page), title: "Allocation queue", request: req)
    }

    struct ProposeForm: Content {
        var bcu: String?
        var unit: String?
    }

    @Sendable func propose(_ req: Request) async throws -> Response {
        let form = try req.content.decode(ProposeForm.self)
        let (bcu, unit) = (try Self.bcu(form.bcu), try Self.unit(form.unit))
        let proposed = try await run { try await service(req).propose(bcu: bcu, unit: unit) }
        if proposed.crimes == 0 {
            return req.redirect(to: Paths.allocationQueue(notice: "empty", bcu: bcu))
        }
        return req.redirect(to: Paths.allocationRun(proposed.id))
    }

    // MARK: - A run's proposals

    struct PageQuery: Content {
        var offset: Int?
        var notice: String?
    }

    @Sendable func runPage(_ req: Request) async throws -> Response {
        let runID = try id(req)
        let summary = try await run { try await service(req).run(runID) }
        let query = try req.query.decode(PageQuery.self)
        let notice: String? =
            switch query.notice {
            case "override": "The crime was allocated to the officer you chose."
            default: nil
            }
        return try await showRun(req, run: summary, offset: max(0, query.offset ?? 0), acceptance: nil, notice: notice)
    }

    func showRun(
        _ req: Request, run: AllocationRunSummary, offset: Int, acceptance: AllocationAcceptance?, notice: String?
    ) async throws -> Response {
        let limit = 100
        let page = try await self.run { try await service(req).lines(of: run, offset: offset, limit: limit) }
        let model = AllocationRunPage.Model(
            run: run, lines: page.lines, total: page.total, open: page.open, offset: offset, limit: limit, now: req.now,
            csrf: req.session?.csrfToken, acceptance: acceptance, notice: notice)
        return Layout.response(AllocationRunPage(model: model).render(), title: "Allocator run \(run.id)", request: req)
    }

    struct AcceptForm: Content {
        var all: String?
        var crime: [Int]?
    }

    @Sendable func accept(_ req: Request) async throws -> Response {
        let runID = try id(req)
        let service = service(req)
        let summary = try await run { try await service.run(runID) }
        let form = try req.content.decode(AcceptForm.self)
        do {
            let acceptance = try await service.accept(
                runID: runID, crimeIDs: form.all == "1" ? nil : Set(form.crime ?? []))
            return try await showRun(req, run: summary, offset: 0, acceptance: acceptance, notice: nil)
        } catch ServiceError.invalid(let problems) {
            return try await showRun(
                req, run: summary, offset: 0, acceptance: nil, notice: Self.sentences(problems).joined(separator: " "))
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    /// Each problem as the pages list it: "Reason: choose why you are choosing this officer."
    static func sentences(_ problems: FieldErrors) -> [String] {
        problems.errors.map { "\($0.label): \($0.message)." }
    }

    // MARK: - Overrides

    struct OverrideForm: Content {
        var officer: String?
        var warrant: String?
        var reason: String?
        var detail: String?
        var run: Int?

        var draft: AllocationOverrideDraft {
            AllocationOverrideDraft(
                officerID: officer.flatMap { Int($0) }, warrantNumber: warrant, reason: reason, detail: detail)
        }
    }

    @Sendable func overridePage(_ req: Request) async throws -> Response {
        try await showOverride(req, crimeID: try id(req), form: nil, errors: [])
    }

    func showOverride(
        _ req: Request, crimeID: Int, form: OverrideForm?, errors: [String], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let choices = try await run { try await service(req).choices(forCrime: crimeID) }
        let crime = choices.crime
        let model = AllocationOverridePage.Model(
            crimeID: crimeID, reference: crime.reference, category: crime.category,
            offenceDescription: crime.offenceDescription,
            bcu: crime.bcu, status: crime.status.code, requirement: choices.requirement,
            deadline: choices.requirement.deadline(recordedAt: crime.recordedAt ?? crime.reportedAt),
            holder: choices.holder,
            proposal: choices.proposal, candidates: choices.candidates,
            canOverrideBeyondPolicy: choices.canOverrideBeyondPolicy,
            now: req.now, csrf: req.session?.csrfToken, errors: errors, selectedOfficer: form?.officer,
            selectedReason: form?.reason, detail: form?.detail ?? "")
        return Layout.response(
            AllocationOverridePage(model: model).render(), title: "Choose the officer for \(crime.reference)",
            request: req,
            status: status)
    }

    @Sendable func override(_ req: Request) async throws -> Response {
        let crimeID = try id(req)
        let form = try req.content.decode(OverrideForm.self)
        do {
            _ = try await service(req).override(crimeID: crimeID, form.draft)
        } catch ServiceError.invalid(let problems) {
            return try await showOverride(
                req, crimeID: crimeID, form: form, errors: Self.sentences(problems), status: .unprocessableEntity)
        } catch ServiceError.conflict(let why) {
            return try await showOverride(req, crimeID: crimeID, form: form, errors: [why], status: .conflict)
        } catch let error as ServiceError {
            throw error.abort
        }
        if let run = form.run { return req.redirect(to: Paths.allocationRun(run, notice: "override")) }
        return req.redirect(to: Paths.allocationQueue(notice: "override"))
    }

    // MARK: - Caseloads

    @Sendable func caseload(_ req: Request) async throws -> Response {
        let officerID = try id(req)
        let principal = try req.requirePrincipal()
        let caseload = try await run { try await service(req).caseload(officerID: officerID) }
        let notice: String? = (try? req.query.get(String.self, at: "notice")).flatMap { code in
            code == "status"
                ? "Status saved." + ((try? req.query.get(String.self, at: "moved")).map { " \($0)" } ?? "") : nil
        }
        let model = OfficerCaseloadPage.Model(
            officer: caseload.officer, cap: caseload.cap, callOutAbove: caseload.callOutAbove, crimes: caseload.crimes,
            now: req.now,
            canChangeStatus: principal.can(.manageOfficers, in: caseload.officer.bcu), csrf: req.session?.csrfToken,
            notice: notice)
        return Layout.response(
            OfficerCaseloadPage(model: model).render(), title: "Caseload: \(caseload.officer.name)", request: req)
    }

    struct StatusForm: Content {
        var status: String?
    }

    /// A supervisor changes an officer's status; leave or restricted duties rebalance their crimes.
    @Sendable func changeStatus(_ req: Request) async throws -> Response {
        let officerID = try id(req)
        let service = OrganisationService(req.service)
        // Scope first: someone who may not change this officer learns nothing from how their form was wrong.
        _ = try await run { try await service.current(officerID, .manageOfficers) }
        let form = try req.content.decode(StatusForm.self)
        guard let status = form.status.flatMap(OfficerStatus.init(rawValue:)) else {
            throw Abort(.badRequest, reason: "Choose the officer's status: on duty, on leave or restricted duties.")
        }
        let (result, rebalanced) = try await run {
            try await service.updateOfficer(officerID, OfficerChange(status: status)) { _ in true }
        }
        guard case .updated = result else { throw Abort(.notFound, reason: "There is no such officer.") }
        var moved = ""
        if let rebalanced, !rebalanced.returned.isEmpty {
            moved =
                "\(rebalanced.reallocated.count) of their \(rebalanced.returned.count) open crimes were reallocated"
                + (rebalanced.waiting > 0 ? "; \(rebalanced.waiting) wait in the queue." : ".")
        }
        return req.redirect(to: Paths.officerCaseload(officerID, notice: "status", moved: moved))
    }

    @Sendable func teamCaseloads(_ req: Request) async throws -> Response {
        let teamID = try id(req)
        let caseloads = try await run { try await service(req).teamCaseloads(teamID: teamID) }
        let model = TeamCaseloadsPage.Model(
            team: caseloads.team, members: caseloads.members, now: req.now, callOutAbove: caseloads.callOutAbove)
        return Layout.response(
            TeamCaseloadsPage(model: model).render(), title: "Caseloads: \(caseloads.team.name)", request: req)
    }

    // MARK: - Policy

    @Sendable func policy(_ req: Request) async throws -> Response {
        let notice = (try? req.query.get(String.self, at: "saved")).map {
            "Saved as version \($0): it is in force now."
        }
        return try await showPolicy(req, notice: notice)
    }

    func showPolicy(
        _ req: Request, shown: AllocationPolicy? = nil, json: String? = nil, errors: [String] = [],
        failedForm: String? = nil,
        reason: String = "", notice: String? = nil
    ) async throws -> Response {
        let service = service(req)
        let current = try await service.policy()
        let model = AllocationPolicyPage.Model(
            current: current, shown: shown ?? current.policy,
            json: json ?? String(decoding: current.policy.json(), as: UTF8.self),
            history: try await service.policyHistory(), csrf: req.session?.csrfToken, errors: errors,
            reason: reason, notice: notice, failedForm: failedForm)
        return Layout.response(
            AllocationPolicyPage(model: model).render(), title: "Allocation policy", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func savePolicyForm(_ req: Request) async throws -> Response {
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        let (policy, problems) = AllocationPolicyForm.apply(fields, to: try await service(req).policy().policy)
        let change = AllocationPolicyChange(
            policy: policy, problems: problems, reason: fields["reason"] ?? "",
            baseVersion: fields["base_version"].flatMap { Int($0) })
        return try await save(req, change, failedForm: "form", shown: policy, json: nil)
    }

    @Sendable func savePolicyJSON(_ req: Request) async throws -> Response {
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        let text = fields["policy"] ?? ""
        var change = AllocationPolicyChange(
            policy: nil, reason: fields["reason"] ?? "", baseVersion: fields["base_version"].flatMap { Int($0) })
        do {
            change.policy = try AllocationPolicy(reviewing: Data(text.utf8))
        } catch {
            change.problems = error.problems
        }
        return try await save(req, change, failedForm: "json", shown: nil, json: text)
    }

    func save(
        _ req: Request, _ change: AllocationPolicyChange, failedForm: String, shown: AllocationPolicy?, json: String?
    ) async throws -> Response {
        do {
            let saved = try await service(req).savePolicy(change)
            return req.redirect(to: Paths.allocationPolicy(saved: saved.version))
        } catch ServiceError.invalid(let problems) {
            return try await showPolicy(
                req, shown: shown, json: json, errors: problems.errors.map(AllocationPolicyForm.describe),
                failedForm: failedForm,
                reason: change.reason.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    @Sendable func policyVersion(_ req: Request) async throws -> Response {
        guard let number = req.parameters.get("version", as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such version of the allocation policy.")
        }
        let revision = try await run { try await service(req).policyVersion(number) }
        return Layout.response(
            AllocationPolicyVersionPage(revision: revision).render(), title: "Allocation policy, version \(number)",
            request: req)
    }
}
