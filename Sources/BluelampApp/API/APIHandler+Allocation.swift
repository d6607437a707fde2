import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// Allocation: the queue, allocator runs and their proposals, overrides, caseloads and the policy. The same
/// service, stores, scope rules and audit entries as `AllocationRoutes`.
extension APIHandler {
    // MARK: - Queue

    func listAllocationQueue(_ input: Operations.ListAllocationQueue.Input) async throws
        -> Operations.ListAllocationQueue.Output
    {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let after = try APIPaging.decode(query.cursor, list: "allocation-queue").map(Self.queuePosition)
        let queue = try await APIError.run {
            try await AllocationService(req.service).queue(
                bcu: APIValues.bcu(query.bcu), unit: APIValues.core(query.unit))
        }
        // The queue is in deadline order and crimes leave it as they are allocated, so a cursor is a place in
        // that order (deadline, crime id) rather than an item that may have gone.
        let items = queue.items
        let rest =
            after.map { position in items.filter { ($0.deadline.timeIntervalSince1970, $0.crimeID) > position } }
            ?? items
        let page = APIPaging.page(Array(rest.prefix(limit + 1)), limit: limit, list: "allocation-queue") {
            "\($0.deadline.timeIntervalSince1970)|\($0.crimeID)"
        }
        let now = req.now
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try page.items.map { try Self.queuedCrime($0, now: now) }, total: items.count,
                        overdue: queue.overdue, policyVersion: queue.policyVersion, nextCursor: page.next))))
    }

    static func queuePosition(_ text: String) throws -> (Double, Int) {
        let parts = text.split(separator: "|")
        guard parts.count == 2, let deadline = Double(parts[0]), let id = Int(parts[1]) else {
            throw APIError.badRequest(field: "cursor", "is not a cursor this list gave out")
        }
        return (deadline, id)
    }

    // MARK: - Runs

    func proposeAllocationRun(_ input: Operations.ProposeAllocationRun.Input) async throws
        -> Operations.ProposeAllocationRun.Output
    {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let service = AllocationService(req.service)
        let run = try await APIError.run {
            try await service.propose(bcu: APIValues.bcu(body.bcu), unit: APIValues.core(body.unit))
        }
        req.apiLocation = "/api/v1/allocation/runs/\(run.id)"
        return .created(
            .init(body: .json(try await Self.allocationRun(service, run, cursor: nil, limit: APIPaging.defaultLimit))))
    }

    func getAllocationRun(_ input: Operations.GetAllocationRun.Input) async throws -> Operations.GetAllocationRun.Output
    {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let service = AllocationService(req.service)
        let run = try await Self.runInScope(req, service, id: input.path.id)
        return .ok(
            .init(body: .json(try await Self.allocationRun(service, run, cursor: input.query.cursor, limit: limit))))
    }

    func acceptAllocationProposals(
        _ input: Operations.AcceptAllocationProposals.Input
    ) async throws -> Operations.AcceptAllocationProposals.Output {
        let req = try APIContext.current()
        let service = AllocationService(req.service)
        let run = try await Self.runInScope(req, service, id: input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let crimeIDs: Set<Int>?
        switch (body.all, body.crimeIds) {
        case (true, let ids?) where !ids.isEmpty:
            throw APIError.validation(field: "crime_ids", "cannot be sent with all: true")
        case (true, _):
            crimeIDs = nil
        default:
            crimeIDs = Set((body.crimeIds ?? []).compactMap { Int(exactly: $0) })
        }
        let acceptance = try await APIError.run { try await service.accept(runID: run.id, crimeIDs: crimeIDs) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        accepted: try acceptance.accepted.map(Self.allocatedCrime),
                        refused: acceptance.refused.map {
                            .init(crimeId: Int64($0.crimeID), reference: $0.reference, reason: $0.reason)
                        }))))
    }

    /// The run, if the caller allocates in every BCU it covered: 404 when there is none, 403 (audited) otherwise.
    static func runInScope(_ req: Request, _ service: AllocationService, id: Int64) async throws -> AllocationRunSummary
    {
        guard let runID = req.apiRecordID(id) else { throw APIError.notFound("There is no allocator run \(id).") }
        return try await APIError.run { try await service.run(runID) }
    }

    /// The run with a page of its proposals (a run's lines never change, so the cursor is an offset), audited
    /// as the run page is.
    static func allocationRun(
        _ service: AllocationService, _ run: AllocationRunSummary, cursor: String?, limit: Int
    ) async throws -> Components.Schemas.AllocationRun {
        let list = "allocation-run:\(run.id)"
        var offset = 0
        if let after = try APIPaging.decode(cursor, list: list) {
            guard let value = Int(after), value >= 0 else {
                throw APIError.badRequest(field: "cursor", "is not a cursor this list gave out")
            }
            offset = value
        }
        let page = try await APIError.run { try await service.lines(of: run, offset: offset, limit: limit) }
        let next =
            offset + page.lines.count < page.total
            ? APIPaging.encode(list: list, after: String(offset + page.lines.count)) : nil
        return .init(
            id: Int64(run.id), createdAt: run.createdAt, createdBy: run.createdBy,
            bcus: try run.bcus.map { try $0.sorted().map { try APIValues.convert($0) } },
            unit: APIValues.core(run.unit),
            policyVersion: run.policyVersion, purpose: run.purpose, crimes: run.crimes, officers: run.officers,
            proposed: run.proposed, lines: page.total, open: page.open, proposals: try page.lines.map(proposal),
            nextCursor: next)
    }

    // MARK: - Overrides

    func overrideAllocation(_ input: Operations.OverrideAllocation.Input) async throws
        -> Operations.OverrideAllocation.Output
    {
        let req = try APIContext.current()
        let crimeID = try Self.crimeID(req, input.path.id)
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        // An officer id beyond any record's is no officer: the use case says so at officer_id.
        let draft = AllocationOverrideDraft(
            officerID: body.officerId.map { Int(exactly: $0) ?? -1 }, warrantNumber: body.warrantNumber,
            reason: body.reason.rawValue,
            detail: body.detail)
        let overridden = try await APIError.run {
            try await AllocationService(req.service).override(crimeID: crimeID, draft)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        allocation: try Self.allocatedCrime(overridden.allocation),
                        breaches: overridden.assessment.breaches.map(\.description)))))
    }

    // MARK: - Caseloads

    func getOfficerCaseload(_ input: Operations.GetOfficerCaseload.Input) async throws
        -> Operations.GetOfficerCaseload.Output
    {
        let req = try APIContext.current()
        guard let officerID = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no officer \(input.path.id).")
        }
        let caseload = try await APIError.run {
            try await AllocationService(req.service).caseload(officerID: officerID)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        officer: try Self.caseloadOfficer(caseload.officer, cap: caseload.cap),
                        crimes: try caseload.crimes.map(Self.caseloadCrime)))))
    }

    func listTeamCaseloads(_ input: Operations.ListTeamCaseloads.Input) async throws
        -> Operations.ListTeamCaseloads.Output
    {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        guard let teamID = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no team \(input.path.id).")
        }
        let caseloads = try await APIError.run {
            try await AllocationService(req.service).teamCaseloads(teamID: teamID)
        }
        let page = try APIPaging.page(
            of: caseloads.members, cursor: input.query.cursor, limit: limit, list: "team-caseloads:\(teamID)",
            key: { String($0.officer.id) })
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try page.items.map {
                            .init(
                                officer: try Self.caseloadOfficer($0.officer, cap: $0.cap), flagged: $0.flagged,
                                overCap: $0.isOverCap)
                        },
                        nextCursor: page.next))))
    }

    // MARK: - Policy

    func getAllocationPolicy(_ input: Operations.GetAllocationPolicy.Input) async throws
        -> Operations.GetAllocationPolicy.Output
    {
        let req = try APIContext.current()
        let body = try Self.policyRevision(try await AllocationService(req.service).policy())
        req.apiETag = APIPreconditions.etag(of: body)
        return .ok(.init(body: .json(body)))
    }

    func updateAllocationPolicy(_ input: Operations.UpdateAllocationPolicy.Input) async throws
        -> Operations.UpdateAllocationPolicy.Output
    {
        let req = try APIContext.current()
        let service = AllocationService(req.service)
        // The page refuses a change made on an older version (its base_version); here If-Match does, checked before
        // the body is read and again inside the change's transaction.
        let ifMatch = req.ifMatch
        try APIPreconditions.require(
            ifMatch, current: APIPreconditions.etag(of: try Self.policyRevision(try await service.policy())))
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        var change = AllocationPolicyChange(policy: nil, reason: body.reason)
        do {
            change.policy = try AllocationPolicy(reviewing: try JSONEncoder().encode(body.policy))
        } catch let problems as AllocationPolicyProblems {
            change.problems = problems.problems
        }
        let saved = try await APIError.run {
            try await service.savePolicy(change) { current in
                try APIPreconditions.require(
                    ifMatch, current: APIPreconditions.etag(of: try Self.policyRevision(current)))
            }
        }
        let revision = try Self.policyRevision(saved)
        req.apiETag = APIPreconditions.etag(of: revision)
        return .ok(.init(body: .json(revision)))
    }

    func listAllocationPolicyVersions(
        _ input: Operations.ListAllocationPolicyVersions.Input
    ) async throws -> Operations.ListAllocationPolicyVersions.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let history = try await AllocationService(req.service).policyHistory().sorted { $0.version > $1.version }
        let page = try APIPaging.page(
            of: history, cursor: input.query.cursor, limit: limit, list: "allocation-policy-versions",
            key: { String($0.version) })
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.policyRevision), nextCursor: page.next))))
    }

    // MARK: - Mapping

    static func requirement(_ r: AllocationRequirement) throws -> Components.Schemas.AllocationRequirement {
        .init(
            level: r.level.rawValue, specialism: try r.specialism.map { try APIValues.convert($0) },
            unit: try APIValues.convert(r.unit),
            priority: r.priority.rawValue, allocateWithinHours: Int(r.allocateWithin / 3600), rule: r.rule)
    }

    static func queuedCrime(_ item: AllocationQueueItem, now: Date) throws -> Components.Schemas.QueuedCrime {
        .init(
            crimeId: Int64(item.crimeID), reference: item.reference,
            bcu: try item.bcu.map { try APIValues.convert($0) },
            category: try category(item.category), offenceDescription: item.offenceDescription,
            flags: try flags(item.flags),
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
                    requiredLevel: r.requiredLevel.rawValue, requiredSpecialism: r.requiredSpecialism,
                    unit: try APIValues.convert(r.unit),
                    rule: r.rule, priority: r.priority, loadBefore: r.loadBefore, loadAfter: r.loadAfter, cap: r.cap,
                    alternative: r.alternative, refused: r.refused, unallocatedReason: r.unallocatedReason,
                    summary: r.summary)
            },
            open: line.isOpen && line.officerID != nil, allocatedAt: line.allocatedAt, allocatedBy: line.allocatedBy,
            endedAt: line.endedAt, endReason: line.endReason)
    }

    static func allocatedCrime(_ a: AllocatedCrime) throws -> Components.Schemas.AllocatedCrime {
        .init(
            crimeId: Int64(a.crimeID), reference: a.reference, bcu: try a.bcu.map { try APIValues.convert($0) },
            officerId: Int64(a.officerID), officerLabel: a.officerLabel, kind: try APIValues.convert(a.kind),
            flagged: a.flagged)
    }

    static func caseloadOfficer(_ o: RosterOfficer, cap: Int) throws -> Components.Schemas.CaseloadOfficer {
        .init(
            id: Int64(o.id), warrantNumber: o.warrantNumber, name: o.name, rank: try APIValues.convert(o.rank),
            bcu: try APIValues.convert(o.bcu), teamId: o.teamID.map(Int64.init), teamName: o.teamName,
            pipLevel: o.level?.rawValue,
            specialisms: try o.specialisms.sorted { $0.rawValue < $1.rawValue }.map { try APIValues.convert($0) },
            status: try APIValues.convert(o.status), openCrimes: o.openCrimes, cap: cap)
    }

    static func caseloadCrime(_ c: CaseloadCrime) throws -> Components.Schemas.CaseloadCrime {
        .init(
            crimeId: Int64(c.crimeID), reference: c.reference, category: try c.category.map(category),
            offenceDescription: c.offenceDescription, bcu: try c.bcu.map { try APIValues.convert($0) },
            priority: c.priority,
            status: try APIValues.convert(c.status), recordedAt: c.recordedAt, allocatedAt: c.allocatedAt,
            kind: try APIValues.convert(c.kind), flagged: c.flagged, overrideReason: c.overrideReason)
    }

    static func policyRevision(_ r: AllocationPolicyRevision) throws -> Components.Schemas.AllocationPolicyRevision {
        .init(
            version: r.version, createdAt: r.createdAt, createdBy: r.createdBy, reason: r.reason,
            policy: try JSONDecoder().decode(
                Components.Schemas.AllocationPolicyRevision.PolicyPayload.self, from: r.policy.json()))
    }
}
