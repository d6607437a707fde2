import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// The allocation queue, proposals, acceptance and overrides, caseloads, and the allocation policy.
struct AllocationRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("allocation", use: queue).requires(.allocateCrimes)
        routes.post("allocation", "propose", use: propose).requires(.allocateCrimes)
        routes.get("allocation", "runs", ":id", use: run).requires(.allocateCrimes)
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
        AllocationService(database: req.db, now: req.now)
    }

    func id(_ req: Request, _ name: String = "id") throws -> Int {
        guard let id = req.parameters.get(name, as: Int.self) else { throw Abort(.notFound, reason: "There is no such record.") }
        return id
    }

    // MARK: - Queue

    struct QueueQuery: Content {
        var bcu: String?
        var unit: String?
        var offset: Int?
        var notice: String?
    }

    /// The BCUs to work on: the one asked for (which must be in scope), else every BCU in scope (nil: the force).
    static func bcus(asked: String?, principal: Principal) throws -> (bcus: Set<BCU>?, selected: BCU?) {
        let scope = principal.scope(for: .allocateCrimes) ?? .bcus([])
        if let code = asked?.uppercased(), !code.isEmpty {
            guard let bcu = BCU(rawValue: code) else { throw Abort(.badRequest, reason: "There is no BCU \(code).") }
            guard scope.covers(bcu) else {
                throw Abort(.forbidden, reason: "\(bcu.name) is outside the BCUs you allocate for.")
            }
            return ([bcu], bcu)
        }
        switch scope {
        case .force: return (nil, nil)
        case .bcus(let set): return (set, nil)
        }
    }

    static func unit(_ text: String?) throws -> AllocationUnitKind? {
        guard let text, !text.isEmpty else { return nil }
        guard let unit = AllocationUnitKind(rawValue: text) else { throw Abort(.badRequest, reason: "There is no unit kind \(text).") }
        return unit
    }

    @Sendable func queue(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = try req.query.decode(QueueQuery.self)
        let (bcus, selected) = try Self.bcus(asked: query.bcu, principal: principal)
        let unit = try Self.unit(query.unit)
        let revision = try await AllocationPolicyStore.current(on: req.db)
        let items = try await AllocationStore.queue(AllocationQueueFilter(bcus: bcus, unit: unit), policy: revision.policy, on: req.db)
        let limit = 100
        let offset = min(max(0, query.offset ?? 0), max(0, items.count - 1))
        let now = req.now
        try await Audit.record(
            req, action: .read, recordType: .allocationQueue, recordID: selected?.code ?? AllocationRunSummary.scopeText(bcus),
            permission: .allocateCrimes, bcu: selected, outcome: "ok: \(items.count) crimes")
        let scope = principal.scope(for: .allocateCrimes) ?? .bcus([])
        let notice: String? =
            switch query.notice {
            case "override": "The crime was allocated to the officer you chose."
            case "empty": "There was nothing to propose: no crime here is awaiting allocation."
            default: nil
            }
        let model = AllocationQueuePage.Model(
            items: Array(items.dropFirst(offset).prefix(limit)), total: items.count,
            overdue: items.filter { $0.deadline < now }.count, offset: offset, limit: limit, now: now,
            bcus: BCU.allCases.filter { scope.covers($0) }, selectedBCU: selected, selectedUnit: unit, scopeLabel: scope.label,
            policyVersion: revision.version, canManagePolicy: principal.can(.managePolicy),
            recentRuns: try await AllocationStore.recentRuns(createdBy: principal.userID, limit: 5, on: req.db),
            csrf: req.session?.csrfToken)
        let page = AllocationQueuePage(model: model).render()
        return Layout.response(.group(Part.flash(notice), page), title: "Allocation queue", request: req)
    }

    struct ProposeForm: Content {
        var bcu: String?
        var unit: String?
    }

    @Sendable func propose(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let form = try req.content.decode(ProposeForm.self)
        let (bcus, selected) = try Self.bcus(asked: form.bcu, principal: principal)
        let unit = try Self.unit(form.unit)
        let proposed = try await service(req).propose(bcus: bcus, unit: unit, actor: AllocationActor(principal))
        try await Audit.record(
            req, action: .create, recordType: .allocationRun, recordID: String(proposed.runID), permission: .allocateCrimes,
            bcu: selected, outcome: "ok: proposed \(proposed.proposed) of \(proposed.crimes) crimes")
        if proposed.crimes == 0 {
            return req.redirect(to: "/allocation?notice=empty" + (selected.map { "&bcu=\($0.code)" } ?? ""))
        }
        return req.redirect(to: "/allocation/runs/\(proposed.runID)")
    }

    // MARK: - A run's proposals

    /// The run, if the person allocates in every BCU it covered.
    func runInScope(_ req: Request) async throws -> AllocationRunSummary {
        let runID = try id(req)
        guard let run = try await AllocationStore.run(id: runID, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such allocator run.")
        }
        let scope = try req.requirePrincipal().scope(for: .allocateCrimes) ?? .bcus([])
        let covered = run.bcus.map { $0.allSatisfy(scope.covers) } ?? scope.isForce
        guard covered else {
            try await Audit.record(req, action: .denied, recordType: .allocationRun, recordID: String(runID), outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "This run covered BCUs outside those you allocate for.")
        }
        return run
    }

    struct PageQuery: Content {
        var offset: Int?
        var notice: String?
    }

    @Sendable func run(_ req: Request) async throws -> Response {
        let run = try await runInScope(req)
        let query = try req.query.decode(PageQuery.self)
        let notice: String? =
            switch query.notice {
            case "override": "The crime was allocated to the officer you chose."
            default: nil
            }
        return try await showRun(req, run: run, offset: max(0, query.offset ?? 0), acceptance: nil, notice: notice)
    }

    func showRun(
        _ req: Request, run: AllocationRunSummary, offset: Int, acceptance: AllocationAcceptance?, notice: String?
    ) async throws -> Response {
        let limit = 100
        let (lines, total, open) = try await AllocationStore.runLines(runID: run.id, offset: offset, limit: limit, on: req.db)
        try await Audit.record(
            req, action: .read, recordType: .allocationRun, recordID: String(run.id), permission: .allocateCrimes,
            outcome: "ok: \(lines.count) proposals")
        let model = AllocationRunPage.Model(
            run: run, lines: lines, total: total, open: open, offset: offset, limit: limit, now: req.now,
            csrf: req.session?.csrfToken, acceptance: acceptance, notice: notice)
        return Layout.response(AllocationRunPage(model: model).render(), title: "Allocator run \(run.id)", request: req)
    }

    struct AcceptForm: Content {
        var all: String?
        var crime: [Int]?
    }

    @Sendable func accept(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let run = try await runInScope(req)
        let form = try req.content.decode(AcceptForm.self)
        let crimeIDs: Set<Int>? = form.all == "1" ? nil : Set(form.crime ?? [])
        if let crimeIDs, crimeIDs.isEmpty {
            return try await showRun(
                req, run: run, offset: 0, acceptance: nil, notice: "Tick the proposals to accept, or accept them all.")
        }
        let acceptance = try await service(req).accept(runID: run.id, crimeIDs: crimeIDs, actor: AllocationActor(principal))
        for allocated in acceptance.accepted {
            try await Audit.record(
                req, action: .update, recordType: .crime, recordID: String(allocated.crimeID), permission: .allocateCrimes,
                bcu: allocated.bcu, reason: "allocator run \(run.id): proposal accepted",
                outcome: "ok: allocated to \(allocated.officerLabel)")
        }
        return try await showRun(req, run: run, offset: 0, acceptance: acceptance, notice: nil)
    }

    // MARK: - Overrides

    /// The crime and its BCU, when the person allocates there; 404 when there is none, 403 (audited) outside scope.
    func crimeInScope(_ req: Request) async throws -> (id: Int, detail: CrimeDetail) {
        let crimeID = try id(req)
        guard let detail = try await CrimeStore.detail(id: crimeID, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such crime.")
        }
        let bcu = detail.crime.bcu ?? .force
        guard try req.requirePrincipal().can(.allocateCrimes, in: bcu) else {
            try await Audit.record(req, action: .denied, recordType: .crime, recordID: String(crimeID), outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "This crime is in \(bcu.name), outside the BCUs you allocate for.")
        }
        return (crimeID, detail)
    }

    struct OverrideForm: Content {
        var officer: String?
        var warrant: String?
        var reason: String?
        var detail: String?
        var run: Int?
    }

    @Sendable func overridePage(_ req: Request) async throws -> Response {
        let (crimeID, detail) = try await crimeInScope(req)
        return try await showOverride(req, crimeID: crimeID, detail: detail, form: nil, errors: [])
    }

    func showOverride(
        _ req: Request, crimeID: Int, detail: CrimeDetail, form: OverrideForm?, errors: [String],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let policy = try await AllocationPolicyStore.current(on: req.db).policy
        let crime = detail.crime
        let bcu = crime.bcu ?? .force
        let requirement = policy.requirement(for: AllocationRequest(crime: crime))
        let scope = principal.scope(for: .allocateCrimes) ?? .bcus([])
        let roster = try await AllocationStore.roster(bcus: [bcu], now: req.now, on: req.db)
        let candidates = roster.filter { $0.bcu == .force || scope.covers($0.bcu) }.map { officer in
            let cap = officer.cap(under: policy)
            return AllocationOverridePage.Candidate(
                officer: officer, cap: cap,
                assessment: AllocationOverrideAssessment(
                    requirement: requirement, level: officer.level, specialisms: officer.specialisms, status: officer.status,
                    load: officer.openCrimes, cap: cap))
        }
        .sorted { a, b in
            // Within policy first, then the least loaded against their cap.
            let ka = (a.assessment.isWithinPolicy ? 0 : (a.assessment.unavailable == nil ? 1 : 2), a.officer.openCrimes * 100 / max(1, a.cap))
            let kb = (b.assessment.isWithinPolicy ? 0 : (b.assessment.unavailable == nil ? 1 : 2), b.officer.openCrimes * 100 / max(1, b.cap))
            return ka != kb ? ka < kb : a.officer.id < b.officer.id
        }
        var holder: String?
        if let holderID = try await AllocationStore.holder(ofCrime: crimeID, on: req.db),
            let officer = try await AllocationStore.rosterOfficer(id: holderID, now: req.now, on: req.db)
        {
            holder = officer.label
        }
        try await Audit.record(
            req, action: .read, recordType: .crime, recordID: String(crimeID), permission: .allocateCrimes, bcu: bcu,
            reason: "choosing an officer for the crime")
        let recordedAt = crime.recordedAt ?? crime.reportedAt
        let model = AllocationOverridePage.Model(
            crimeID: crimeID, reference: crime.reference, category: crime.category, offenceDescription: crime.offenceDescription,
            bcu: crime.bcu, status: crime.status.code, requirement: requirement, deadline: requirement.deadline(recordedAt: recordedAt),
            holder: holder, proposal: try await AllocationStore.openProposal(forCrime: crimeID, on: req.db),
            candidates: Array(candidates.prefix(400)), canOverrideBeyondPolicy: principal.can(.overrideAllocation, in: bcu),
            now: req.now, csrf: req.session?.csrfToken, errors: errors, selectedOfficer: form?.officer,
            selectedReason: form?.reason, detail: form?.detail ?? "")
        return Layout.response(
            AllocationOverridePage(model: model).render(), title: "Choose the officer for \(crime.reference)", request: req,
            status: status)
    }

    @Sendable func override(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (crimeID, detail) = try await crimeInScope(req)
        let form = try req.content.decode(OverrideForm.self)
        var errors: [String] = []
        var officerID: Int?
        if let text = form.officer, let id = Int(text) {
            officerID = id
        } else if let warrant = form.warrant?.trimmingCharacters(in: .whitespaces), !warrant.isEmpty {
            officerID = try await AllocationStore.officerID(warrantNumber: warrant, on: req.db)
            if officerID == nil { errors.append("Officer: there is no officer with warrant number \(warrant).") }
        } else {
            errors.append("Officer: choose the officer to allocate the crime to.")
        }
        let reason = form.reason.flatMap(AllocationOverrideReason.init(rawValue:))
        if reason == nil { errors.append("Reason: choose why you are choosing this officer.") }
        let text = form.detail?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.count < 10 { errors.append("Why this officer: say why, in at least 10 characters; it is kept with the allocation.") }
        guard errors.isEmpty, let officerID, let reason else {
            return try await showOverride(req, crimeID: crimeID, detail: detail, form: form, errors: errors, status: .unprocessableEntity)
        }
        let service = service(req)
        do {
            let plan = try await service.planOverride(crimeID: crimeID, officerID: officerID)
            let allocated = try await service.override(
                plan, reason: reason, detail: text, principal: principal, actor: AllocationActor(principal))
            try await Audit.record(
                req, action: .update, recordType: .crime, recordID: String(crimeID),
                permission: allocated.flagged ? .overrideAllocation : .allocateCrimes, bcu: allocated.bcu,
                reason: "override (\(reason.shortLabel.lowercased())): \(text)",
                outcome: "ok: allocated to \(allocated.officerLabel)" + (allocated.flagged ? "; flagged: \(plan.assessment.summary)" : ""))
        } catch let refusal as AllocationService.OverrideRefusal {
            if case .needsSupervisor(let why) = refusal {
                try await Audit.record(
                    req, action: .denied, recordType: .crime, recordID: String(crimeID), permission: .overrideAllocation,
                    bcu: detail.crime.bcu, reason: text, outcome: "denied: \(why)")
                throw Abort(.forbidden, reason: why)
            }
            return try await showOverride(
                req, crimeID: crimeID, detail: detail, form: form, errors: [refusal.description], status: .unprocessableEntity)
        }
        if let run = form.run { return req.redirect(to: "/allocation/runs/\(run)?notice=override") }
        return req.redirect(to: "/allocation?notice=override")
    }

    // MARK: - Caseloads

    @Sendable func caseload(_ req: Request) async throws -> Response {
        let officerID = try id(req)
        guard let officer = try await AllocationStore.rosterOfficer(id: officerID, now: req.now, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such officer.")
        }
        let principal = try req.requirePrincipal()
        guard principal.can(.viewCaseloads, in: officer.bcu) || principal.officerID == officerID else {
            try await Audit.record(
                req, action: .denied, recordType: .officerCaseload, recordID: String(officerID), outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "This officer is in \(officer.bcu.name), outside the BCUs your roles cover.")
        }
        let policy = try await AllocationPolicyStore.current(on: req.db).policy
        let crimes = try await AllocationStore.caseload(officerID: officerID, on: req.db)
        try await Audit.record(
            req, action: .read, recordType: .officerCaseload, recordID: String(officerID), subject: .officer(officerID),
            permission: .viewCaseloads, bcu: officer.bcu, outcome: "ok: \(crimes.count) open crimes")
        let notice: String? = (try? req.query.get(String.self, at: "notice")).flatMap { code in
            code == "status" ? "Status saved." + ((try? req.query.get(String.self, at: "moved")).map { " \($0)" } ?? "") : nil
        }
        let model = OfficerCaseloadPage.Model(
            officer: officer, cap: officer.cap(under: policy), callOutAbove: policy.callOutAbove, crimes: crimes, now: req.now,
            canChangeStatus: principal.can(.manageOfficers, in: officer.bcu), csrf: req.session?.csrfToken, notice: notice)
        return Layout.response(OfficerCaseloadPage(model: model).render(), title: "Caseload: \(officer.name)", request: req)
    }

    struct StatusForm: Content {
        var status: String?
    }

    /// A supervisor changes an officer's status; leave or restricted duties rebalance their crimes.
    @Sendable func changeStatus(_ req: Request) async throws -> Response {
        let officerID = try id(req)
        guard let officer = try await OrganisationStore.officer(id: officerID, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such officer.")
        }
        let principal = try req.requirePrincipal()
        guard principal.can(.manageOfficers, in: officer.bcu) else {
            try await Audit.record(req, action: .denied, recordType: .officer, recordID: String(officerID), outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "This officer is in \(officer.bcu.name), outside the BCUs your roles cover.")
        }
        let form = try req.content.decode(StatusForm.self)
        guard let status = form.status.flatMap(OfficerStatus.init(rawValue:)) else {
            throw Abort(.badRequest, reason: "Choose the officer's status: on duty, on leave or restricted duties.")
        }
        let result = try await OrganisationStore.updateOfficer(id: officerID, change: OfficerChange(status: status), on: req.db) { _ in true }
        guard case .updated(let before, let after) = result else { throw Abort(.notFound, reason: "There is no such officer.") }
        try await Audit.record(
            req, action: .update, recordType: .officer, recordID: String(officerID), subject: .officer(officerID),
            permission: .manageOfficers, bcu: officer.bcu, outcome: "ok: status \(before.status.rawValue) → \(after.status.rawValue)")
        var moved = ""
        if let rebalanced = try await service(req).officerStatusChanged(
            officerID: officerID, from: before.status, to: after.status, actor: AllocationActor(principal))
        {
            try await Self.auditRebalance(rebalanced, officerID: officerID, request: req)
            moved = "\(rebalanced.reallocated.count) of their \(rebalanced.returned.count) open crimes were reallocated"
                + (rebalanced.waiting > 0 ? "; \(rebalanced.waiting) wait in the queue." : ".")
        }
        let query = moved.isEmpty ? "" : "&moved=" + (moved.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return req.redirect(to: "/officers/\(officerID)/caseload?notice=status\(query)")
    }

    /// One audit entry for each crime moved: each is a change to a crime record.
    static func auditRebalance(_ rebalanced: AllocationService.Rebalanced, officerID: Int, request req: Request) async throws {
        let placed = Dictionary(uniqueKeysWithValues: rebalanced.reallocated.map { ($0.crimeID, $0) })
        for crime in rebalanced.returned {
            try await Audit.record(
                req, action: .update, recordType: .crime, recordID: String(crime.crimeID), permission: .manageOfficers,
                bcu: crime.bcu, reason: "rebalanced off officer \(officerID)",
                outcome: placed[crime.crimeID].map { "ok: reallocated to \($0.officerLabel)" } ?? "ok: returned to the queue")
        }
    }

    @Sendable func teamCaseloads(_ req: Request) async throws -> Response {
        let teamID = try id(req)
        guard let team = try await OrganisationStore.team(id: teamID, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such team.")
        }
        guard try req.requirePrincipal().can(.viewCaseloads, in: team.bcu) else {
            try await Audit.record(req, action: .denied, recordType: .teamCaseloads, recordID: String(teamID), outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "This team is in \(team.bcu.name), outside the BCUs your roles cover.")
        }
        let policy = try await AllocationPolicyStore.current(on: req.db).policy
        let members = try await AllocationStore.teamCaseloads(teamID: teamID, policy: policy, now: req.now, on: req.db)
        try await Audit.record(
            req, action: .read, recordType: .teamCaseloads, recordID: String(teamID), permission: .viewCaseloads, bcu: team.bcu,
            outcome: "ok: \(members.count) officers")
        let model = TeamCaseloadsPage.Model(team: team, members: members, now: req.now, callOutAbove: policy.callOutAbove)
        return Layout.response(TeamCaseloadsPage(model: model).render(), title: "Caseloads: \(team.name)", request: req)
    }

    // MARK: - Policy

    @Sendable func policy(_ req: Request) async throws -> Response {
        let notice = (try? req.query.get(String.self, at: "saved")).map { "Saved as version \($0): it is in force now." }
        return try await showPolicy(req, notice: notice)
    }

    func showPolicy(
        _ req: Request, shown: AllocationPolicy? = nil, json: String? = nil, errors: [String] = [], failedForm: String? = nil,
        reason: String = "", notice: String? = nil
    ) async throws -> Response {
        let current = try await AllocationPolicyStore.current(on: req.db)
        let model = AllocationPolicyPage.Model(
            current: current, shown: shown ?? current.policy,
            json: json ?? String(decoding: current.policy.json(), as: UTF8.self),
            history: try await AllocationPolicyStore.history(on: req.db), csrf: req.session?.csrfToken, errors: errors,
            reason: reason, notice: notice, failedForm: failedForm)
        return Layout.response(
            AllocationPolicyPage(model: model).render(), title: "Allocation policy", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func savePolicyForm(_ req: Request) async throws -> Response {
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        let current = try await AllocationPolicyStore.current(on: req.db)
        let (policy, formErrors) = AllocationPolicyForm.apply(fields, to: current.policy)
        var errors = formErrors + policy.problems().map { AllocationPolicyForm.describe($0) }
        errors += Self.staleness(fields["base_version"], current: current.version)
        let reason = fields["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if reason.isEmpty { errors.append("Why the policy changes: say why; it is kept with the version.") }
        if policy == current.policy && errors.isEmpty { errors.append("Nothing was changed.") }
        guard errors.isEmpty else {
            try await Audit.record(
                req, action: .denied, recordType: .allocationPolicy, recordID: String(current.version), permission: .managePolicy,
                reason: reason, outcome: "refused: \(errors.count) problem(s)")
            return try await showPolicy(req, shown: policy, errors: errors, failedForm: "form", reason: reason)
        }
        return try await save(req, policy: policy, reason: reason)
    }

    @Sendable func savePolicyJSON(_ req: Request) async throws -> Response {
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        let current = try await AllocationPolicyStore.current(on: req.db)
        let text = fields["policy"] ?? ""
        let reason = fields["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var errors: [String] = []
        var policy: AllocationPolicy?
        do {
            policy = try AllocationPolicy(reviewing: Data(text.utf8))
        } catch {
            errors += error.problems.map { AllocationPolicyForm.describe($0) }
        }
        errors += Self.staleness(fields["base_version"], current: current.version)
        if reason.isEmpty { errors.append("Why the policy changes: say why; it is kept with the version.") }
        if let policy, policy == current.policy, errors.isEmpty { errors.append("Nothing was changed.") }
        guard errors.isEmpty, let policy else {
            try await Audit.record(
                req, action: .denied, recordType: .allocationPolicy, recordID: String(current.version), permission: .managePolicy,
                reason: reason, outcome: "refused: \(errors.count) problem(s)")
            return try await showPolicy(req, json: text, errors: errors, failedForm: "json", reason: reason)
        }
        return try await save(req, policy: policy, reason: reason)
    }

    /// Refuses a change made on an older version than the one now in force: someone else changed it meanwhile.
    static func staleness(_ base: String?, current: Int) -> [String] {
        guard let base = base.flatMap(Int.init), base != current else { return [] }
        return ["The policy changed to version \(current) since you opened it (you edited version \(base)); review it and change it again."]
    }

    func save(_ req: Request, policy: AllocationPolicy, reason: String) async throws -> Response {
        let principal = try req.requirePrincipal()
        let version = try await AllocationPolicyStore.save(
            policy, reason: reason, actor: AllocationActor(principal), now: req.now, on: req.db)
        try await Audit.record(
            req, action: .update, recordType: .allocationPolicy, recordID: String(version), permission: .managePolicy,
            reason: reason, outcome: "ok: version \(version) in force")
        return req.redirect(to: "/allocation/policy?saved=\(version)")
    }

    @Sendable func policyVersion(_ req: Request) async throws -> Response {
        guard let number = req.parameters.get("version", as: Int.self),
            let revision = try await AllocationPolicyStore.version(number, on: req.db)
        else { throw Abort(.notFound, reason: "There is no such version of the allocation policy.") }
        return Layout.response(
            AllocationPolicyVersionPage(revision: revision).render(), title: "Allocation policy, version \(number)", request: req)
    }
}
