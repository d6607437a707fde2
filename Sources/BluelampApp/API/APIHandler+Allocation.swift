import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// Allocation: the queue, allocator runs and their proposals, overrides, caseloads and the policy. The same
/// service, stores, scope rules and audit entries as `AllocationRoutes`.
extension APIHandler {
    // MARK: - Queue

    func listAllocationQueue(_ input: Operations.ListAllocationQueue.Input) async throws -> Operations.ListAllocationQueue.Output {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let (bcus, selected) = try await Self.allocationScope(req, asked: APIValues.bcu(query.bcu), recordType: .allocationQueue)
        let unit: AllocationUnitKind? = APIValues.core(query.unit)
        let after = try APIPaging.decode(query.cursor, list: "allocation-queue").map(Self.queuePosition)
        let revision = try await AllocationPolicyStore.current(on: req.db)
        let items = try await AllocationStore.queue(AllocationQueueFilter(bcus: bcus, unit: unit), policy: revision.policy, on: req.db)
        try await Audit.record(
            req, action: .read, recordType: .allocationQueue, recordID: selected?.code ?? AllocationRunSummary.scopeText(bcus),
            permission: .allocateCrimes, bcu: selected, outcome: "ok: \(items.count) crimes")
        // The queue is in deadline order and crimes leave it as they are allocated, so a cursor is a place in
        // that order (deadline, crime id) rather than an item that may have gone.
        let rest = after.map { position in items.filter { ($0.deadline.timeIntervalSince1970, $0.crimeID) > position } } ?? items
        let page = APIPaging.page(Array(rest.prefix(limit + 1)), limit: limit, list: "allocation-queue") {
            "\($0.deadline.timeIntervalSince1970)|\($0.crimeID)"
        }
        let now = req.now
        return .ok(.init(body: .json(.init(
            items: try page.items.map { try Self.queuedCrime($0, now: now) }, total: items.count,
            overdue: items.count { $0.deadline < now }, policyVersion: revision.version, nextCursor: page.next))))
    }

    static func queuePosition(_ text: String) throws -> (Double, Int) {
        let parts = text.split(separator: "|")
        guard parts.count == 2, let deadline = Double(parts[0]), let id = Int(parts[1]) else {
            throw APIError.badRequest(field: "cursor", "is not a cursor this list gave out")
        }
        return (deadline, id)
    }

    /// The BCUs to allocate in: the one asked for, which must be in the caller's allocation scope (a denial is
    /// audited), else every BCU in scope (nil: the force). As `AllocationRoutes.bcus(asked:principal:)`.
    static func allocationScope(_ req: Request, asked: BCU?, recordType: AuditRecordType) async throws -> (bcus: Set<BCU>?, selected: BCU?) {
        let scope = try req.requirePrincipal().scope(for: .allocateCrimes) ?? .bcus([])
        if let bcu = asked {
            guard scope.covers(bcu) else {
                try await Audit.record(req, action: .denied, recordType: recordType, recordID: bcu.code, outcome: "denied: outside scope")
                throw APIError.forbidden("\(bcu.name) is outside the BCUs your token's roles allocate for.")
            }
            return ([bcu], bcu)
        }
        switch scope {
        case .force: return (nil, nil)
        case .bcus(let set): return (set, nil)
        }
    }

    // MARK: - Runs

    func proposeAllocationRun(_ input: Operations.ProposeAllocationRun.Input) async throws -> Operations.ProposeAllocationRun.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let (bcus, selected) = try await Self.allocationScope(req, asked: APIValues.bcu(body.bcu), recordType: .allocationRun)
        let proposed = try await AllocationService(database: req.db, now: req.now).propose(
            bcus: bcus, unit: APIValues.core(body.unit), actor: AllocationActor(principal))
        try await Audit.record(
            req, action: .create, recordType: .allocationRun, recordID: String(proposed.runID), permission: .allocateCrimes,
            bcu: selected, outcome: "ok: proposed \(proposed.proposed) of \(proposed.crimes) crimes")
        guard let run = try await AllocationStore.run(id: proposed.runID, on: req.db) else {
            throw APIError.notFound("There is no allocator run \(proposed.runID).")
        }
        req.apiLocation = "/api/v1/allocation/runs/\(run.id)"
        return .created(.init(body: .json(try await Self.allocationRun(req, run, cursor: nil, limit: APIPaging.defaultLimit))))
    }

    func getAllocationRun(_ input: Operations.GetAllocationRun.Input) async throws -> Operations.GetAllocationRun.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let run = try await Self.runInScope(req, id: input.path.id)
        return .ok(.init(body: .json(try await Self.allocationRun(req, run, cursor: input.query.cursor, limit: limit))))
    }

    func acceptAllocationProposals(
        _ input: Operations.AcceptAllocationProposals.Input
    ) async throws -> Operations.AcceptAllocationProposals.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        let run = try await Self.runInScope(req, id: input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let crimeIDs: Set<Int>?
        switch (body.all, body.crimeIds) {
        case (true, let ids?) where !ids.isEmpty:
            throw APIError.validation(field: "crime_ids", "cannot be sent with all: true")
        case (true, _):
            crimeIDs = nil
        case (_, let ids?) where !ids.isEmpty:
            crimeIDs = Set(ids.compactMap { Int(exactly: $0) })
        default:
            // The run page: "Tick the proposals to accept, or accept them all."
            throw APIError.validation(field: "crime_ids", "name the crimes whose proposals to accept, or send all: true")
        }
        let acceptance = try await AllocationService(database: req.db, now: req.now).accept(
            runID: run.id, crimeIDs: crimeIDs, actor: AllocationActor(principal))
        for allocated in acceptance.accepted {
            try await Audit.record(
                req, action: .update, recordType: .crime, recordID: String(allocated.crimeID), permission: .allocateCrimes,
                bcu: allocated.bcu, reason: "allocator run \(run.id): proposal accepted", outcome: "ok: allocated to \(allocated.officerLabel)")
        }
        return .ok(.init(body: .json(.init(
            accepted: try acceptance.accepted.map(Self.allocatedCrime),
            refused: acceptance.refused.map { .init(crimeId: Int64($0.crimeID), reference: $0.reference, reason: $0.reason) }))))
    }

    /// The run, if the caller allocates in every BCU it covered: 404 when there is none, 403 (audited) otherwise.
    static func runInScope(_ req: Request, id: Int64) async throws -> AllocationRunSummary {
        guard let runID = req.apiRecordID(id), let run = try await AllocationStore.run(id: runID, on: req.db) else {
            throw APIError.notFound("There is no allocator run \(id).")
        }
        let scope = try req.requirePrincipal().scope(for: .allocateCrimes) ?? .bcus([])
        guard run.bcus.map({ $0.allSatisfy(scope.covers) }) ?? scope.isForce else {
            try await Audit.record(req, action: .denied, recordType: .allocationRun, recordID: String(runID), outcome: "denied: outside scope")
            throw APIError.forbidden("This run covered BCUs outside those your token's roles allocate for.")
        }
        return run
    }

    /// The run with a page of its proposals (a run's lines never change, so the cursor is an offset), audited
    /// as the run page is.
    static func allocationRun(
        _ req: Request, _ run: AllocationRunSummary, cursor: String?, limit: Int
    ) async throws -> Components.Schemas.AllocationRun {
        let list = "allocation-run:\(run.id)"
        var offset = 0
        if let after = try APIPaging.decode(cursor, list: list) {
            guard let value = Int(after), value >= 0 else { throw APIError.badRequest(field: "cursor", "is not a cursor this list gave out") }
            offset = value
        }
        let (lines, total, open) = try await AllocationStore.runLines(runID: run.id, offset: offset, limit: limit, on: req.db)
        try await Audit.record(
            req, action: .read, recordType: .allocationRun, recordID: String(run.id), permission: .allocateCrimes,
            outcome: "ok: \(lines.count) proposals")
        let next = offset + lines.count < total ? APIPaging.encode(list: list, after: String(offset + lines.count)) : nil
        return .init(
            id: Int64(run.id), createdAt: run.createdAt, createdBy: run.createdBy,
            bcus: try run.bcus.map { try $0.sorted().map { try APIValues.convert($0) } }, unit: APIValues.core(run.unit),
            policyVersion: run.policyVersion, purpose: run.purpose, crimes: run.crimes, officers: run.officers,
            proposed: run.proposed, lines: total, open: open, proposals: try lines.map(proposal), nextCursor: next)
    }

    // MARK: - Overrides

    func overrideAllocation(_ input: Operations.OverrideAllocation.Input) async throws -> Operations.OverrideAllocation.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        let crimeID = try Self.crimeID(req, input.path.id)
        let crimeBCU = try await APIError.run { try await CrimeService(req.service).requireCrime(crimeID, .allocateCrimes) }
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        var errors: [(field: String, message: String)] = []
        var officerID: Int?
        let warrant = body.warrantNumber?.trimmingCharacters(in: .whitespaces) ?? ""
        switch (body.officerId, warrant.isEmpty) {
        case (let id?, true):
            officerID = Int(exactly: id)
            if officerID == nil { errors.append(("officer_id", "is not an officer")) }
        case (nil, false):
            officerID = try await AllocationStore.officerID(warrantNumber: warrant, on: req.db)
            if officerID == nil { errors.append(("warrant_number", "no officer has warrant number \(warrant)")) }
        case (_?, false):
            errors.append(("warrant_number", "cannot be sent with officer_id"))
        case (nil, true):
            errors.append(("officer_id", "choose the officer to allocate the crime to (officer_id or warrant_number)"))
        }
        let detail = body.detail.trimmingCharacters(in: .whitespacesAndNewlines)
        if detail.count < 10 { errors.append(("detail", "say why, in at least 10 characters; it is kept with the allocation")) }
        guard errors.isEmpty, let officerID, let reason = AllocationOverrideReason(rawValue: body.reason.rawValue) else {
            throw APIError.validation(errors)
        }
        guard try await AllocationStore.rosterOfficer(id: officerID, now: req.now, on: req.db) != nil else {
            throw APIError.validation(field: "officer_id", "is not an officer")
        }
        let service = AllocationService(database: req.db, now: req.now)
        do {
            let plan = try await service.planOverride(crimeID: crimeID, officerID: officerID)
            let allocated = try await service.override(plan, reason: reason, detail: detail, principal: principal, actor: AllocationActor(principal))
            try await Audit.record(
                req, action: .update, recordType: .crime, recordID: String(crimeID),
                permission: allocated.flagged ? .overrideAllocation : .allocateCrimes, bcu: allocated.bcu,
                reason: "override (\(reason.shortLabel.lowercased())): \(detail)",
                outcome: "ok: allocated to \(allocated.officerLabel)" + (allocated.flagged ? "; flagged: \(plan.assessment.summary)" : ""))
            return .ok(.init(body: .json(.init(
                allocation: try Self.allocatedCrime(allocated), breaches: plan.assessment.breaches.map(\.description)))))
        } catch let refusal as AllocationService.OverrideRefusal {
            switch refusal {
            case .needsSupervisor(let why):
                try await Audit.record(
                    req, action: .denied, recordType: .crime, recordID: String(crimeID), permission: .overrideAllocation,
                    bcu: crimeBCU, reason: detail, outcome: "denied: \(why)")
                throw APIError.forbidden(why)
            case .unavailable(let why), .officerOutsideScope(let why):
                throw APIError.validation(field: body.officerId == nil ? "warrant_number" : "officer_id", why)
            case .crime(let why):
                throw APIError.conflict(why)
            }
        }
    }

    // MARK: - Caseloads

    func getOfficerCaseload(_ input: Operations.GetOfficerCaseload.Input) async throws -> Operations.GetOfficerCaseload.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        guard let officerID = req.apiRecordID(input.path.id),
            let officer = try await AllocationStore.rosterOfficer(id: officerID, now: req.now, on: req.db)
        else { throw APIError.notFound("There is no officer \(input.path.id).") }
        // As the caseload page: in the caller's BCUs, or their own.
        guard principal.can(.viewCaseloads, in: officer.bcu) || principal.officerID == officerID else {
            try await Audit.record(
                req, action: .denied, recordType: .officerCaseload, recordID: String(officerID), outcome: "denied: outside scope")
            throw APIError.forbidden("This officer is in \(officer.bcu.name), outside the BCUs your token's roles cover.")
        }
        let policy = try await AllocationPolicyStore.current(on: req.db).policy
        let crimes = try await AllocationStore.caseload(officerID: officerID, on: req.db)
        try await Audit.record(
            req, action: .read, recordType: .officerCaseload, recordID: String(officerID), subject: .officer(officerID),
            permission: .viewCaseloads, bcu: officer.bcu, outcome: "ok: \(crimes.count) open crimes")
        return .ok(.init(body: .json(.init(
            officer: try Self.caseloadOfficer(officer, cap: officer.cap(under: policy)), crimes: try crimes.map(Self.caseloadCrime)))))
    }

    func listTeamCaseloads(_ input: Operations.ListTeamCaseloads.Input) async throws -> Operations.ListTeamCaseloads.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        guard let teamID = req.apiRecordID(input.path.id), let team = try await OrganisationStore.team(id: teamID, on: req.db) else {
            throw APIError.notFound("There is no team \(input.path.id).")
        }
        guard try req.requirePrincipal().can(.viewCaseloads, in: team.bcu) else {
            try await Audit.record(req, action: .denied, recordType: .teamCaseloads, recordID: String(teamID), outcome: "denied: outside scope")
            throw APIError.forbidden("This team is in \(team.bcu.name), outside the BCUs your token's roles cover.")
        }
        let policy = try await AllocationPolicyStore.current(on: req.db).policy
        let members = try await AllocationStore.teamCaseloads(teamID: teamID, policy: policy, now: req.now, on: req.db)
        let page = try APIPaging.page(
            of: members, cursor: input.query.cursor, limit: limit, list: "team-caseloads:\(teamID)", key: { String($0.officer.id) })
        try await Audit.record(
            req, action: .read, recordType: .teamCaseloads, recordID: String(teamID), permission: .viewCaseloads, bcu: team.bcu,
            outcome: "ok: \(members.count) officers")
        return .ok(.init(body: .json(.init(
            items: try page.items.map {
                .init(officer: try Self.caseloadOfficer($0.officer, cap: $0.cap), flagged: $0.flagged, overCap: $0.isOverCap)
            },
            nextCursor: page.next))))
    }

    // MARK: - Policy

    func getAllocationPolicy(_ input: Operations.GetAllocationPolicy.Input) async throws -> Operations.GetAllocationPolicy.Output {
        let req = try APIContext.current()
        let body = try Self.policyRevision(try await AllocationPolicyStore.current(on: req.db))
        req.apiETag = APIPreconditions.etag(of: body)
        return .ok(.init(body: .json(body)))
    }

    func updateAllocationPolicy(_ input: Operations.UpdateAllocationPolicy.Input) async throws -> Operations.UpdateAllocationPolicy.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        let current = try await AllocationPolicyStore.current(on: req.db)
        // The page refuses a change made on an older version (`AllocationRoutes.staleness`); here If-Match does.
        try APIPreconditions.require(req.ifMatch, current: APIPreconditions.etag(of: try Self.policyRevision(current)))
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [(field: String, message: String)] = []
        var policy: AllocationPolicy?
        do {
            policy = try AllocationPolicy(reviewing: try JSONEncoder().encode(body.policy))
        } catch let problems as AllocationPolicyProblems {
            errors += problems.problems.map { ($0.path.isEmpty ? "policy" : "policy.\($0.path)", $0.message) }
        }
        if reason.isEmpty { errors.append(("reason", "say why the policy changes; it is kept with the version")) }
        if let policy, policy == current.policy, errors.isEmpty { errors.append(("policy", "is the policy in force; nothing was changed")) }
        guard errors.isEmpty, let policy else {
            try await Audit.record(
                req, action: .denied, recordType: .allocationPolicy, recordID: String(current.version), permission: .managePolicy,
                reason: reason, outcome: "refused: \(errors.count) problem(s)")
            throw APIError.validation(errors)
        }
        let version = try await AllocationPolicyStore.save(policy, reason: reason, actor: AllocationActor(principal), now: req.now, on: req.db)
        try await Audit.record(
            req, action: .update, recordType: .allocationPolicy, recordID: String(version), permission: .managePolicy,
            reason: reason, outcome: "ok: version \(version) in force")
        let saved = try Self.policyRevision(try await AllocationPolicyStore.current(on: req.db))
        req.apiETag = APIPreconditions.etag(of: saved)
        return .ok(.init(body: .json(saved)))
    }

    func listAllocationPolicyVersions(
        _ input: Operations.ListAllocationPolicyVersions.Input
    ) async throws -> Operations.ListAllocationPolicyVersions.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let history = try await AllocationPolicyStore.history(on: req.db).sorted { $0.version > $1.version }
        let page = try APIPaging.page(
            of: history, cursor: input.query.cursor, limit: limit, list: "allocation-policy-versions", key: { String($0.version) })
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.policyRevision), nextCursor: page.next))))
    }

    // MARK: - Mapping

    static func requirement(_ r: AllocationRequirement) throws -> Components.Schemas.AllocationRequirement {
        .init(
            level: r.level.rawValue, specialism: try r.specialism.map { try APIValues.convert($0) }, unit: try APIValues.convert(r.unit),
            priority: r.priority.rawValue, allocateWithinHours: Int(r.allocateWithin / 3600), rule: r.rule)
    }

    static func queuedCrime(_ item: AllocationQueueItem, now: Date) throws -> Components.Schemas.QueuedCrime {
        .init(
            crimeId: Int64(item.crimeID), reference: item.reference, bcu: try item.bcu.map { try APIValues.convert($0) },
            category: try category(item.category), offenceDescription: item.offenceDescription, flags: try flags(item.flags),
            triagePriority: item.triagePriority.rawValue, recordedAt: item.recordedAt, deadline: item.deadline,
            overdue: item.deadline < now, requirement: try requirement(item.requirement))
    }

    static func proposal(_ line: AllocationProposalLine) throws -> Components.Schemas.AllocationProposal {
        .init(
            crimeId: Int64(line.crimeID), reference: line.reference, category: try line.category.map(category),
            offenceDescription: line.offenceDescription, bcu: try line.bcu.map { try APIValues.convert($0) },
            recordedAt: line.recordedAt, priority: line.priority, deadline: line.deadline,
            crimeStatus: try APIValues.convert(line.crimeStatus), kind: try APIValues.convert(line.kind),
            officerId: line.officerID.map(Int64.init), officerLabel: line.officerLabel, officerTeam: line.officerTeam,
            explanation: line.explanation,
            rationale: try line.rationale.map { r in
                .init(
                    requiredLevel: r.requiredLevel.rawValue, requiredSpecialism: r.requiredSpecialism, unit: try APIValues.convert(r.unit),
                    rule: r.rule, priority: r.priority, loadBefore: r.loadBefore, loadAfter: r.loadAfter, cap: r.cap,
                    alternative: r.alternative, refused: r.refused, unallocatedReason: r.unallocatedReason, summary: r.summary)
            },
            open: line.isOpen && line.officerID != nil, allocatedAt: line.allocatedAt, allocatedBy: line.allocatedBy,
            endedAt: line.endedAt, endReason: line.endReason)
    }

    static func allocatedCrime(_ a: AllocatedCrime) throws -> Components.Schemas.AllocatedCrime {
        .init(
            crimeId: Int64(a.crimeID), reference: a.reference, bcu: try a.bcu.map { try APIValues.convert($0) },
            officerId: Int64(a.officerID), officerLabel: a.officerLabel, kind: try APIValues.convert(a.kind), flagged: a.flagged)
    }

    static func caseloadOfficer(_ o: RosterOfficer, cap: Int) throws -> Components.Schemas.CaseloadOfficer {
        .init(
            id: Int64(o.id), warrantNumber: o.warrantNumber, name: o.name, rank: try APIValues.convert(o.rank),
            bcu: try APIValues.convert(o.bcu), teamId: o.teamID.map(Int64.init), teamName: o.teamName, pipLevel: o.level?.rawValue,
            specialisms: try o.specialisms.sorted { $0.rawValue < $1.rawValue }.map { try APIValues.convert($0) },
            status: try APIValues.convert(o.status), openCrimes: o.openCrimes, cap: cap)
    }

    static func caseloadCrime(_ c: CaseloadCrime) throws -> Components.Schemas.CaseloadCrime {
        .init(
            crimeId: Int64(c.crimeID), reference: c.reference, category: try c.category.map(category),
            offenceDescription: c.offenceDescription, bcu: try c.bcu.map { try APIValues.convert($0) }, priority: c.priority,
            status: try APIValues.convert(c.status), recordedAt: c.recordedAt, allocatedAt: c.allocatedAt,
            kind: try APIValues.convert(c.kind), flagged: c.flagged, overrideReason: c.overrideReason)
    }

    static func policyRevision(_ r: AllocationPolicyRevision) throws -> Components.Schemas.AllocationPolicyRevision {
        .init(
            version: r.version, createdAt: r.createdAt, createdBy: r.createdBy, reason: r.reason,
            policy: try JSONDecoder().decode(Components.Schemas.AllocationPolicyRevision.PolicyPayload.self, from: r.policy.json()))
    }
}
