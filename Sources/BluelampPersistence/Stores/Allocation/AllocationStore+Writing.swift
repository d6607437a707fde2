import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// A crime given to an officer by acceptance, override or reallocation.
public struct AllocatedCrime: Sendable, Hashable {
    public var crimeID: Int
    public var reference: String
    public var bcu: BCU?
    public var officerID: Int
    public var officerLabel: String
    public var kind: AllocationKind
    /// Beyond the cap, below the level or without the specialism.
    public var flagged: Bool
}

/// A proposal that could not be accepted, and why.
public struct RefusedProposal: Sendable, Hashable {
    public var crimeID: Int
    public var reference: String
    public var reason: String
}

public struct AllocationAcceptance: Sendable {
    public var accepted: [AllocatedCrime] = []
    public var refused: [RefusedProposal] = []
}

public enum AllocationStoreError: Error, Sendable, CustomStringConvertible {
    case noSuchCrime
    case noSuchOfficer
    case crimeNotAllocatable(CrimeStatus.Code)
    case alreadyHeld(by: String)

    public var description: String {
        switch self {
        case .noSuchCrime: "there is no such crime"
        case .noSuchOfficer: "there is no such officer"
        case .crimeNotAllocatable(let status):
            "the crime is \(status.label.lowercased()); only a crime awaiting allocation, allocated or under investigation can be allocated"
        case .alreadyHeld(let officer): "the crime is already allocated to \(officer)"
        }
    }
}

/// A crime being given back to the queue, with what it was.
public struct ReturnedCrime: Sendable, Hashable {
    public var crimeID: Int
    public var reference: String
    public var bcu: BCU?
    public var from: CrimeStatus.Code
}

extension AllocationStore {
    // MARK: - Proposals

    /// Records an allocator run and its proposals; earlier open proposals for the same crimes are superseded.
    /// Returns the run's id.
    public static func saveRun(
        _ problem: AllocationProblem, solution: AllocationSolution, proposals: [AllocationProposal], purpose: String,
        scope: String, unit: AllocationUnitKind?, policyVersion: Int, solveMilliseconds: Double, actor: AllocationActor,
        now: Date, on database: any Database
    ) async throws -> Int {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            let run = AllocationRun()
            run.createdAt = now
            run.createdByUserID = actor.userID
            run.createdBy = actor.name
            run.scope = scope
            run.unit = unit?.rawValue
            run.policyVersion = policyVersion
            run.purpose = purpose
            run.crimes = problem.queue.count
            run.officers = problem.instance.officers.count
            run.proposed = solution.allocatedCount
            run.cost = Int(solution.cost.total)
            run.solveMilliseconds = solveMilliseconds
            try await run.create(on: db)
            let runID = try run.requireID()
            try await endProposals(
                crimeIDs: proposals.map(\.item.crimeID), reason: "superseded by allocator run \(runID)", now: now,
                on: sql)
            let rows = try proposals.map { proposal in
                try AllocationRow(proposal: proposal, runID: runID, kind: .proposal, actor: nil, now: now)
            }
            try await AllocationRow.insert(rows, on: sql)
            return runID
        }
    }

    /// Accepts a run's open proposals (all, or those for `crimeIDs`), checking each against the records as
    /// they stand now: the crime still awaiting allocation, the officer still taking new work and still
    /// under their cap, counting what this acceptance gives them. Proposals that fail stay open, with why.
    public static func accept(
        runID: Int, crimeIDs: Set<Int>?, policy: AllocationPolicy, actor: AllocationActor, now: Date,
        on database: any Database
    ) async throws -> AllocationAcceptance {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            var proposals = try await CrimeAllocation.query(on: db).filter(\.$run.$id == runID)
                .filter(\.$kind == AllocationKind.proposal.rawValue).filter(\.$endedAt == nil).filter(
                    \.$officer.$id != nil
                )
                .all()
            if let crimeIDs { proposals = proposals.filter { crimeIDs.contains($0.$crime.id) } }
            guard !proposals.isEmpty else { return AllocationAcceptance() }
            proposals.sort { ($0.priority, $0.deadlineAt, $0.id ?? 0) < ($1.priority, $1.deadlineAt, $1.id ?? 0) }
            let ids = proposals.map(\.$crime.id)
            let officerIDs = Array(Set(proposals.compactMap(\.$officer.id))).sorted()
            try await lock(crimeIDs: ids, officerIDs: officerIDs, on: sql)
            let crimes = try await crimeStates(ids, on: sql)
            let officers = try await officerStates(officerIDs, on: db)
            var loads = try await openCaseloads(officerIDs: officerIDs, on: db)

            var outcome = AllocationAcceptance()
            var accepted: [(row: CrimeAllocation, officer: OfficerState, load: Int, cap: Int)] = []
            for proposal in proposals {
                let crimeID = proposal.$crime.id
                guard let crime = crimes[crimeID] else { continue }
                func refuse(_ reason: String) {
                    outcome.refused.append(
                        RefusedProposal(crimeID: crimeID, reference: crime.reference, reason: reason))
                }
                guard crime.status == .awaitingAllocation else {
                    refuse("the crime is now \(crime.status.label.lowercased())")
                    continue
                }
                guard let officerID = proposal.$officer.id, let officer = officers[officerID] else {
                    refuse("the officer's record is gone")
                    continue
                }
                guard officer.status.takesNewWork else {
                    refuse("\(officer.label) is now \(officer.status.label.lowercased()) and takes no new work")
                    continue
                }
                let load = loads[officerID, default: 0]
                let cap = officer.cap(under: policy)
                guard load + 1 <= cap else {
                    refuse("\(officer.label) now holds \(load) of their cap of \(cap); propose again")
                    continue
                }
                loads[officerID] = load + 1
                accepted.append((proposal, officer, load, cap))
            }
            guard !accepted.isEmpty else { return outcome }

            let acceptedCrimeIDs = accepted.map { $0.row.$crime.id }
            try await endHolders(
                crimeIDs: acceptedCrimeIDs, reason: "returned to the queue and allocated again", now: now, on: sql)
            for chunk in accepted.compactMap({ $0.row.id }).chunked(into: 500) {
                try await sql.update(CrimeAllocation.schema)
                    .set("kind", to: AllocationKind.accepted.rawValue).set("allocated_at", to: now)
                    .set("allocated_by_user_id", to: actor.userID).set("allocated_by", to: actor.name)
                    .where("id", .in, Array(chunk)).run()
            }
            try await moveCrimes(acceptedCrimeIDs, from: .awaitingAllocation, to: .allocated, on: sql)
            try await insertEvents(
                accepted.map { item in
                    CrimeEventRow(
                        crimeID: item.row.$crime.id, at: now, actor: actor, from: .awaitingAllocation, to: .allocated,
                        detail: "Allocated to \(item.officer.label), the allocator's proposal accepted; "
                            + "\(requiredLabel(item.row)) required; their open crimes \(item.load) → \(item.load + 1) of \(item.cap)."
                    )
                }, on: sql)
            outcome.accepted = accepted.map { item in
                let crime = crimes[item.row.$crime.id]!
                return AllocatedCrime(
                    crimeID: item.row.$crime.id, reference: crime.reference, bcu: crime.bcu, officerID: item.officer.id,
                    officerLabel: item.officer.label, kind: .accepted, flagged: false)
            }
            return outcome
        }
    }

    // MARK: - Overrides

    /// Gives one crime to a chosen officer, ending whoever held it and any open proposal. The caller has
    /// checked the assessment against the person's permissions; this records it, flagged when it breaks a
    /// rule of the policy.
    public static func override(
        crimeID: Int, officer: RosterOfficer, requirement: AllocationRequirement,
        assessment: AllocationOverrideAssessment,
        reason: AllocationOverrideReason, detail: String, cap: Int, actor: AllocationActor, now: Date,
        on database: any Database
    ) async throws -> AllocatedCrime {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await lock(crimeIDs: [crimeID], officerIDs: [officer.id], on: sql)
            guard let crime = try await crimeStates([crimeID], on: sql)[crimeID] else {
                throw AllocationStoreError.noSuchCrime
            }
            let allowed: [CrimeStatus.Code] = [.awaitingAllocation, .allocated, .underInvestigation]
            guard allowed.contains(crime.status) else { throw AllocationStoreError.crimeNotAllocatable(crime.status) }
            let holder = try await CrimeAllocation.query(on: db).filter(\.$crime.$id == crimeID).filter(
                \.$endedAt == nil
            )
            .filter(\.$kind != AllocationKind.proposal.rawValue).first()
            if crime.status != .awaitingAllocation, holder?.$officer.id == officer.id {
                throw AllocationStoreError.alreadyHeld(by: officer.label)
            }
            let load = try await openCaseloads(officerIDs: [officer.id], on: db)[officer.id] ?? 0
            try await endProposals(crimeIDs: [crimeID], reason: "superseded by an override", now: now, on: sql)
            try await endHolders(
                crimeIDs: [crimeID], reason: "reallocated by override to \(officer.label)", now: now, on: sql)
            let flagged = assessment.needsSupervisor
            let summary =
                "\(crime.reference): allocated by override to \(officer.label) (\(reason.shortLabel.lowercased())): \(detail)"
                + (flagged ? " Flagged: \(assessment.summary)." : "")
            let rationale = AllocationRationale(
                requirement: requirement, crimeBCU: crime.bcu?.code ?? AllocationInstance.forceWideBCU,
                officerID: officer.warrantNumber, officerLevel: officer.level,
                officerSpecialisms: officer.specialisms.map(\.code).sorted(), officerBCU: officer.bcu.code,
                loadBefore: load,
                cap: cap, summary: summary)
            var row = AllocationRow(
                crimeID: crimeID, officerID: officer.id, runID: nil, kind: .override, createdAt: now, actor: actor,
                requirement: requirement, recordedAt: crime.recordedAt, officerLevel: officer.level,
                meetsLevel: !assessment.isBelowLevel, meetsSpecialism: !assessment.lacksSpecialism, loadBefore: load,
                cap: cap,
                overCap: assessment.isOverCap, flagged: flagged, explanation: summary,
                rationale: try StoredRationale.encode(rationale))
            row.overrideReasonCode = reason.rawValue
            row.overrideReason = detail
            try await AllocationRow.insert([row], on: sql)
            let next: CrimeStatus.Code = crime.status == .awaitingAllocation ? .allocated : crime.status
            if next != crime.status { try await moveCrimes([crimeID], from: crime.status, to: next, on: sql) }
            try await insertEvents(
                [
                    CrimeEventRow(
                        crimeID: crimeID, at: now, actor: actor, from: crime.status, to: next,
                        detail:
                            "Allocated by override to \(officer.label) (\(reason.shortLabel.lowercased()): \(detail)); "
                            + "their open crimes \(load) → \(load + 1) of \(cap)"
                            + (flagged ? "; flagged: \(assessment.summary)" : "") + ".")
                ], on: sql)
            return AllocatedCrime(
                crimeID: crimeID, reference: crime.reference, bcu: crime.bcu, officerID: officer.id,
                officerLabel: officer.label,
                kind: .override, flagged: flagged)
        }
    }

    // MARK: - Reallocation

    /// Ends an officer's hold on their crimes that are allocated or under investigation and puts those crimes
    /// back in the queue, with a timeline entry each. Crimes awaiting a supervisor's review stay with them:
    /// the review is the supervisor's work, not theirs.
    public static func returnToQueue(
        officerID: Int, reason: String, actor: AllocationActor, now: Date, on database: any Database
    ) async throws -> [ReturnedCrime] {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            struct Row: Decodable {
                var crime_id: Int
                var reference: String
                var bcu_code: String?
                var status: String
            }
            let movable: [CrimeStatus.Code] = [.allocated, .underInvestigation]
            let rows = try await sql.raw(
                """
                SELECT a.crime_id AS crime_id, c.reference AS reference, c.bcu_code AS bcu_code, c.status AS status
                FROM crime_allocations a JOIN crimes c ON c.id = a.crime_id
                WHERE a.officer_id = \(bind: officerID) AND a.ended_at IS NULL AND a.kind <> \(bind: AllocationKind.proposal.rawValue)
                  AND c.status IN (\(binds: movable.map(\.rawValue)))
                ORDER BY a.crime_id
                """
            ).all(decoding: Row.self)
            let returned = rows.compactMap { row in
                CrimeStatus.Code(rawValue: row.status).map {
                    ReturnedCrime(
                        crimeID: row.crime_id, reference: row.reference, bcu: row.bcu_code.flatMap(BCU.init(rawValue:)),
                        from: $0)
                }
            }
            guard !returned.isEmpty else { return [] }
            try await lock(crimeIDs: returned.map(\.crimeID), officerIDs: [officerID], on: sql)
            try await endHolders(crimeIDs: returned.map(\.crimeID), reason: reason, now: now, on: sql)
            for status in movable {
                let ids = returned.filter { $0.from == status }.map(\.crimeID)
                if !ids.isEmpty { try await moveCrimes(ids, from: status, to: .awaitingAllocation, on: sql) }
            }
            try await insertEvents(
                returned.map {
                    CrimeEventRow(
                        crimeID: $0.crimeID, at: now, actor: actor, from: $0.from, to: .awaitingAllocation,
                        detail: "Returned to the allocation queue: \(reason).")
                }, on: sql)
            return returned
        }
    }

    /// Allocates proposals at once, without a person accepting them: the rebalancing of an officer's crimes.
    /// Each crime must still be awaiting allocation; proposals that leave a crime waiting are skipped.
    public static func allocateNow(
        _ proposals: [AllocationProposal], runID: Int?, kind: AllocationKind, note: String, actor: AllocationActor,
        now: Date,
        on database: any Database
    ) async throws -> [AllocatedCrime] {
        let placed = proposals.filter { $0.officer != nil }
        guard !placed.isEmpty else { return [] }
        return try await database.transaction { db in
            let sql = db as! any SQLDatabase
            let ids = placed.map(\.item.crimeID)
            try await lock(
                crimeIDs: ids, officerIDs: Array(Set(placed.compactMap { $0.officer?.id })).sorted(), on: sql)
            let states = try await crimeStates(ids, on: sql)
            let ready = placed.filter { states[$0.item.crimeID]?.status == .awaitingAllocation }
            try await endProposals(
                crimeIDs: ready.map(\.item.crimeID), reason: "superseded: \(note)", now: now, on: sql)
            try await endHolders(crimeIDs: ready.map(\.item.crimeID), reason: note, now: now, on: sql)
            let rows = try ready.map {
                try AllocationRow(proposal: $0, runID: runID, kind: kind, actor: actor, now: now)
            }
            try await AllocationRow.insert(rows, on: sql)
            try await moveCrimes(ready.map(\.item.crimeID), from: .awaitingAllocation, to: .allocated, on: sql)
            try await insertEvents(
                ready.map { proposal in
                    let r = proposal.rationale
                    return CrimeEventRow(
                        crimeID: proposal.item.crimeID, at: now, actor: actor, from: .awaitingAllocation,
                        to: .allocated,
                        detail:
                            "\(kind.label) to \(proposal.officer!.label) by the allocator (\(note)); \(r.requiredLabel) required; "
                            + "their open crimes \(r.loadBefore ?? 0) → \(r.loadAfter ?? 0) of \(r.cap ?? 0).")
                }, on: sql)
            return ready.map { proposal in
                AllocatedCrime(
                    crimeID: proposal.item.crimeID, reference: proposal.item.reference, bcu: proposal.item.bcu,
                    officerID: proposal.officer!.id, officerLabel: proposal.officer!.label, kind: kind, flagged: false)
            }
        }
    }

    // MARK: - Pieces

    static func requiredLabel(_ row: CrimeAllocation) -> String {
        (PIPLevel(rawValue: row.requiredLevel)?.label ?? "PIP\(row.requiredLevel)")
            + (row.requiredSpecialism.map { " with \($0)" } ?? "")
    }

    /// On PostgreSQL, locks the rows an allocation reads and writes, officers first, in id order, so two
    /// allocators accepting at once cannot both give an officer their last place.
    static func lock(crimeIDs: [Int], officerIDs: [Int], on sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        for chunk in officerIDs.sorted().chunked(into: 1000) {
            try await sql.raw("SELECT id FROM officers WHERE id IN (\(binds: Array(chunk))) ORDER BY id FOR UPDATE")
                .run()
        }
        for chunk in crimeIDs.sorted().chunked(into: 1000) {
            try await sql.raw("SELECT id FROM crimes WHERE id IN (\(binds: Array(chunk))) ORDER BY id FOR UPDATE").run()
        }
    }

    struct CrimeState {
        var reference: String
        var bcu: BCU?
        var status: CrimeStatus.Code
        var recordedAt: Date
    }

    static func crimeStates(_ ids: [Int], on sql: any SQLDatabase) async throws -> [Int: CrimeState] {
        struct Row: Decodable {
            var id: Int
            var reference: String
            var bcu_code: String?
            var status: String
            var recorded_at: Date
        }
        var states: [Int: CrimeState] = [:]
        for chunk in ids.chunked(into: 500) {
            let rows = try await sql.select().columns("id", "reference", "bcu_code", "status", "recorded_at")
                .from(CrimeRecord.schema).where("id", .in, Array(chunk)).all(decoding: Row.self)
            for row in rows {
                states[row.id] = CrimeState(
                    reference: row.reference, bcu: row.bcu_code.flatMap(BCU.init(rawValue:)),
                    status: CrimeStatus.Code(rawValue: row.status) ?? .recorded, recordedAt: row.recorded_at)
            }
        }
        return states
    }

    struct OfficerState {
        var id: Int
        var label: String
        var level: PIPLevel?
        var capOverride: Int?
        var status: OfficerStatus

        func cap(under policy: AllocationPolicy) -> Int {
            level.map { policy.caseloadCap(level: $0, override: capOverride) } ?? 0
        }
    }

    static func officerStates(_ ids: [Int], on db: any Database) async throws -> [Int: OfficerState] {
        var states: [Int: OfficerState] = [:]
        for chunk in ids.chunked(into: 500) {
            for row in try await Officer.query(on: db).filter(\.$id ~~ Array(chunk)).all() {
                guard let id = row.id else { continue }
                let rank = Rank(rawValue: row.rank)?.abbreviation ?? row.rank
                states[id] = OfficerState(
                    id: id, label: "\(rank) \(row.givenName) \(row.familyName) (\(row.warrantNumber))",
                    level: row.pipLevel.flatMap(PIPLevel.init(rawValue:)), capOverride: row.caseloadCapOverride,
                    status: OfficerStatus(rawValue: row.status) ?? .onDuty)
            }
        }
        return states
    }

    static func endProposals(crimeIDs: [Int], reason: String, now: Date, on sql: any SQLDatabase) async throws {
        for chunk in crimeIDs.chunked(into: 500) {
            try await sql.update(CrimeAllocation.schema).set("ended_at", to: now).set("end_reason", to: reason)
                .where("crime_id", .in, Array(chunk)).where("ended_at", .is, SQLLiteral.null)
                .where("kind", .equal, AllocationKind.proposal.rawValue).run()
        }
    }

    static func endHolders(crimeIDs: [Int], reason: String, now: Date, on sql: any SQLDatabase) async throws {
        for chunk in crimeIDs.chunked(into: 500) {
            try await sql.update(CrimeAllocation.schema).set("ended_at", to: now).set("end_reason", to: reason)
                .where("crime_id", .in, Array(chunk)).where("ended_at", .is, SQLLiteral.null)
                .where("kind", .notEqual, AllocationKind.proposal.rawValue).run()
        }
    }

    /// Moves crimes between statuses in bulk; the caller has checked the lifecycle allows it
    /// (`CrimeStatus.Code.canMove`) and writes the timeline.
    static func moveCrimes(_ ids: [Int], from: CrimeStatus.Code, to: CrimeStatus.Code, on sql: any SQLDatabase)
        async throws
    {
        precondition(from == to || from.canMove(to: to), "the crime lifecycle does not allow \(from) → \(to)")
        for chunk in ids.chunked(into: 500) {
            try await sql.update(CrimeRecord.schema).set("status", to: to.rawValue).set(
                "status_reason", to: SQLLiteral.null
            )
            .where("id", .in, Array(chunk)).where("status", .equal, from.rawValue).run()
        }
    }

    struct CrimeEventRow {
        var crimeID: Int
        var at: Date
        var actor: AllocationActor
        var from: CrimeStatus.Code?
        var to: CrimeStatus.Code?
        var detail: String
    }

    static func insertEvents(_ events: [CrimeEventRow], on sql: any SQLDatabase) async throws {
        for chunk in events.chunked(into: 300) {
            var insert = sql.insert(into: CrimeEvent.schema)
                .columns("crime_id", "at", "actor_user_id", "actor_name", "kind", "from_status", "to_status", "detail")
            for event in chunk {
                insert = insert.values(
                    SQLBind(event.crimeID), SQLBind(event.at), SQLBind(event.actor.userID), SQLBind(event.actor.name),
                    SQLBind(CrimeEventKind.allocation.rawValue), SQLBind(event.from?.rawValue),
                    SQLBind(event.to?.rawValue),
                    SQLBind(event.detail))
            }
            try await insert.run()
        }
    }
}

/// One `crime_allocations` row as plain values, for bulk inserts.
struct AllocationRow: Sendable {
    var crimeID: Int
    var officerID: Int?
    var runID: Int?
    var kind: AllocationKind
    var createdAt: Date
    var allocatedAt: Date?
    var allocatedByUserID: Int?
    var allocatedBy: String?
    var priority: Int
    var deadlineAt: Date
    var requiredLevel: Int
    var requiredSpecialism: String?
    var unit: String
    var officerLevel: Int?
    var meetsLevel: Bool
    var meetsSpecialism: Bool
    var loadBefore: Int
    var cap: Int
    var overCap: Bool
    var flagged: Bool
    var overrideReasonCode: String?
    var overrideReason: String?
    var explanation: String
    var rationale: String
    var endedAt: Date?
    var endReason: String?

    static let columns = [
        "crime_id", "officer_id", "run_id", "kind", "created_at", "allocated_at", "allocated_by_user_id",
        "allocated_by",
        "priority", "deadline_at", "required_level", "required_specialism", "unit", "officer_level", "meets_level",
        "meets_specialism", "load_before", "cap", "over_cap", "flagged", "override_reason_code", "override_reason",
        "explanation", "rationale", "ended_at", "end_reason",
    ]

    var binds: [any SQLExpression] {
        let values: [any Encodable & Sendable] = [
            crimeID, officerID, runID, kind.rawValue, createdAt, allocatedAt, allocatedByUserID, allocatedBy,
            priority, deadlineAt, requiredLevel, requiredSpecialism, unit, officerLevel, meetsLevel,
            meetsSpecialism, loadBefore, cap, overCap, flagged, overrideReasonCode, overrideReason,
            explanation, rationale, endedAt, endReason,
        ]
        return values.map { SQLBind($0) }
    }

    init(
        crimeID: Int, officerID: Int?, runID: Int?, kind: AllocationKind, createdAt: Date, actor: AllocationActor?,
        requirement: AllocationRequirement, recordedAt: Date, officerLevel: PIPLevel?, meetsLevel: Bool,
        meetsSpecialism: Bool, loadBefore: Int, cap: Int, overCap: Bool, flagged: Bool, explanation: String,
        rationale: String
    ) {
        self.crimeID = crimeID
        self.officerID = officerID
        self.runID = runID
        self.kind = kind
        self.createdAt = createdAt
        self.allocatedAt = kind.holdsCrime ? createdAt : nil
        self.allocatedByUserID = kind.holdsCrime ? actor?.userID : nil
        self.allocatedBy = kind.holdsCrime ? actor?.name : nil
        priority = requirement.priority.rawValue
        deadlineAt = requirement.deadline(recordedAt: recordedAt)
        requiredLevel = requirement.level.rawValue
        requiredSpecialism = requirement.specialism?.code
        unit = requirement.unit.rawValue
        self.officerLevel = officerLevel?.rawValue
        self.meetsLevel = meetsLevel
        self.meetsSpecialism = meetsSpecialism
        self.loadBefore = loadBefore
        self.cap = cap
        self.overCap = overCap
        self.flagged = flagged
        self.explanation = explanation
        self.rationale = rationale
    }

    /// The row for an allocator proposal (kind `.proposal`) or an allocation made from one.
    init(proposal: AllocationProposal, runID: Int?, kind: AllocationKind, actor: AllocationActor?, now: Date) throws {
        let requirement = proposal.item.requirement
        let officer = proposal.officer
        let r = proposal.rationale
        self.init(
            crimeID: proposal.item.crimeID, officerID: officer?.id, runID: runID, kind: kind, createdAt: now,
            actor: actor,
            requirement: requirement, recordedAt: proposal.item.recordedAt, officerLevel: officer?.level,
            meetsLevel: officer?.level.map { $0 >= requirement.level } ?? false,
            meetsSpecialism: officer.map { o in requirement.specialism.map { o.specialisms.contains($0) } ?? true }
                ?? false,
            loadBefore: (r.openCrimeNumber ?? 1) - 1, cap: r.cap ?? 0, overCap: false, flagged: false,
            explanation: r.summary,
            rationale: try StoredRationale.encode(r))
    }

    static func insert(_ rows: [AllocationRow], on sql: any SQLDatabase, batchSize: Int = 300) async throws {
        for chunk in rows.chunked(into: batchSize) {
            var insert = sql.insert(into: CrimeAllocation.schema).columns(columns)
            for row in chunk { insert = insert.values(row.binds) }
            try await insert.run()
        }
    }
}
