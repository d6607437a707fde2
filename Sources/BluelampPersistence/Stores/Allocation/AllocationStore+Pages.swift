import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// An allocator run as its page heads it.
public struct AllocationRunSummary: Sendable, Hashable {
    public var id: Int
    public var createdAt: Date
    public var createdBy: String
    public var createdByUserID: Int?
    /// The BCUs it covered; nil for the whole force.
    public var bcus: Set<BCU>?
    public var unit: AllocationUnitKind?
    public var policyVersion: Int
    public var purpose: String
    public var crimes: Int
    public var officers: Int
    public var proposed: Int
    public var cost: Int
    public var solveMilliseconds: Double

    /// `CE, CN` or `FORCE`, as stored.
    public static func scopeText(_ bcus: Set<BCU>?) -> String {
        bcus.map { $0.sorted().map(\.code).joined(separator: ",") } ?? BCU.force.code
    }
}

/// One crime of a run: the proposal and where it stands now.
public struct AllocationProposalLine: Sendable, Hashable {
    public var allocationID: Int
    public var crimeID: Int
    public var reference: String
    public var category: CrimeCategory?
    public var offenceDescription: String
    public var bcu: BCU?
    public var recordedAt: Date
    public var priority: Int
    public var deadline: Date
    public var crimeStatus: CrimeStatus.Code
    public var kind: AllocationKind
    public var officerID: Int?
    public var officerLabel: String?
    public var officerTeam: String?
    public var rationale: AllocationRationale?
    public var explanation: String
    public var allocatedAt: Date?
    public var allocatedBy: String?
    public var endedAt: Date?
    public var endReason: String?

    /// Still open: neither accepted nor superseded, and the crime still waiting.
    public var isOpen: Bool { kind == .proposal && endedAt == nil && crimeStatus == .awaitingAllocation }
}

/// A crime in an officer's caseload.
public struct CaseloadCrime: Sendable, Hashable {
    public var crimeID: Int
    public var reference: String
    public var category: CrimeCategory?
    public var offenceDescription: String
    public var bcu: BCU?
    public var priority: Int
    public var status: CrimeStatus.Code
    public var recordedAt: Date
    public var allocatedAt: Date
    public var kind: AllocationKind
    public var flagged: Bool
    public var overrideReason: String?
}

/// A team member's caseload against their cap.
public struct MemberCaseload: Sendable, Hashable {
    public var officer: RosterOfficer
    public var cap: Int
    /// Open crimes held by override beyond the cap, below the level or without the specialism.
    public var flagged: Int

    public var load: Int { officer.openCrimes }
    public var isOverCap: Bool { load > cap }
}

extension AllocationStore {
    // MARK: - Runs

    public static func run(id: Int, on database: any Database) async throws -> AllocationRunSummary? {
        guard let row = try await AllocationRun.find(id, on: database) else { return nil }
        let codes = row.scope.split(separator: ",").map(String.init)
        let bcus: Set<BCU>? = codes.contains(BCU.force.code) ? nil : Set(codes.compactMap(BCU.init(rawValue:)))
        return AllocationRunSummary(
            id: id, createdAt: row.createdAt, createdBy: row.createdBy, createdByUserID: row.createdByUserID,
            bcus: bcus,
            unit: row.unit.flatMap(AllocationUnitKind.init(rawValue:)), policyVersion: row.policyVersion,
            purpose: row.purpose,
            crimes: row.crimes, officers: row.officers, proposed: row.proposed, cost: row.cost,
            solveMilliseconds: row.solveMilliseconds)
    }

    /// The latest runs a person made.
    public static func recentRuns(createdBy userID: Int, limit: Int, on database: any Database) async throws
        -> [AllocationRunSummary]
    {
        let ids = try await AllocationRun.query(on: database).filter(\.$createdByUserID == userID).sort(
            \.$id, .descending
        )
        .limit(limit).all().compactMap(\.id)
        var runs: [AllocationRunSummary] = []
        for id in ids { if let run = try await run(id: id, on: database) { runs.append(run) } }
        return runs
    }

    /// A page of a run's proposals, most urgent first; with the number of lines and of open proposals.
    public static func runLines(
        runID: Int, offset: Int, limit: Int, on database: any Database
    ) async throws -> (lines: [AllocationProposalLine], total: Int, open: Int) {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var id: Int
            var crime_id: Int
            var reference: String
            var category: String
            var offence_description: String
            var bcu_code: String?
            var recorded_at: Date
            var status: String
            var priority: Int
            var deadline_at: Date
            var kind: String
            var officer_id: Int?
            var rank: String?
            var given_name: String?
            var family_name: String?
            var warrant_number: String?
            var team_name: String?
            var rationale: String
            var explanation: String
            var allocated_at: Date?
            var allocated_by: String?
            var ended_at: Date?
            var end_reason: String?
        }
        struct Count: Decodable {
            var total: Int
            var open: Int?
        }
        let counts = try await sql.raw(
            """
            SELECT COUNT(*) AS total,
              SUM(CASE WHEN a.kind = \(bind: AllocationKind.proposal.rawValue) AND a.ended_at IS NULL
                AND a.officer_id IS NOT NULL AND c.status = \(bind: CrimeStatus.Code.awaitingAllocation.rawValue)
                THEN 1 ELSE 0 END) AS open
            FROM crime_allocations a JOIN crimes c ON c.id = a.crime_id WHERE a.run_id = \(bind: runID)
            """
        ).first(decoding: Count.self)
        let rows = try await sql.raw(
            """
            SELECT a.id AS id, a.crime_id AS crime_id, c.reference AS reference, c.category AS category,
              c.offence_description AS offence_description, c.bcu_code AS bcu_code, c.recorded_at AS recorded_at,
              c.status AS status, a.priority AS priority, a.deadline_at AS deadline_at, a.kind AS kind,
              a.officer_id AS officer_id, o.rank AS rank, o.given_name AS given_name, o.family_name AS family_name,
              o.warrant_number AS warrant_number, t.name AS team_name, a.rationale AS rationale,
              a.explanation AS explanation, a.allocated_at AS allocated_at, a.allocated_by AS allocated_by,
              a.ended_at AS ended_at, a.end_reason AS end_reason
            FROM crime_allocations a JOIN crimes c ON c.id = a.crime_id
              LEFT JOIN officers o ON o.id = a.officer_id LEFT JOIN teams t ON t.id = o.team_id
            WHERE a.run_id = \(bind: runID)
            ORDER BY a.priority, a.deadline_at, a.id
            LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all(decoding: Row.self)
        let lines = rows.map { row in
            AllocationProposalLine(
                allocationID: row.id, crimeID: row.crime_id, reference: row.reference,
                category: CrimeCategory(code: row.category),
                offenceDescription: row.offence_description, bcu: row.bcu_code.flatMap(BCU.init(rawValue:)),
                recordedAt: row.recorded_at, priority: row.priority, deadline: row.deadline_at,
                crimeStatus: CrimeStatus.Code(rawValue: row.status) ?? .recorded,
                kind: AllocationKind(rawValue: row.kind) ?? .proposal, officerID: row.officer_id,
                officerLabel: row.warrant_number.map { warrant in
                    "\(Rank(rawValue: row.rank ?? "")?.abbreviation ?? row.rank ?? "") \(row.given_name ?? "") \(row.family_name ?? "") (\(warrant))"
                },
                officerTeam: row.team_name,
                rationale: StoredRationale.decode(row.rationale, explanation: row.explanation),
                explanation: row.explanation, allocatedAt: row.allocated_at, allocatedBy: row.allocated_by,
                endedAt: row.ended_at, endReason: row.end_reason)
        }
        return (lines, counts?.total ?? 0, counts?.open ?? 0)
    }

    // MARK: - Caseloads

    /// The open crimes an officer holds, oldest allocation first.
    public static func caseload(officerID: Int, on database: any Database) async throws -> [CaseloadCrime] {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var crime_id: Int
            var reference: String
            var category: String
            var offence_description: String
            var bcu_code: String?
            var priority: Int
            var status: String
            var recorded_at: Date
            var allocated_at: Date?
            var created_at: Date
            var kind: String
            var flagged: Bool
            var override_reason: String?
        }
        let rows = try await sql.raw(
            """
            SELECT a.crime_id AS crime_id, c.reference AS reference, c.category AS category,
              c.offence_description AS offence_description, c.bcu_code AS bcu_code, a.priority AS priority,
              c.status AS status, c.recorded_at AS recorded_at, a.allocated_at AS allocated_at,
              a.created_at AS created_at, a.kind AS kind, a.flagged AS flagged, a.override_reason AS override_reason
            FROM crime_allocations a JOIN crimes c ON c.id = a.crime_id
            WHERE a.officer_id = \(bind: officerID) AND a.ended_at IS NULL AND a.kind <> \(bind: AllocationKind.proposal.rawValue)
              AND c.status IN (\(binds: heldStatuses.map(\.rawValue)))
            ORDER BY a.allocated_at, a.crime_id
            """
        ).all(decoding: Row.self)
        return rows.map { row in
            CaseloadCrime(
                crimeID: row.crime_id, reference: row.reference, category: CrimeCategory(code: row.category),
                offenceDescription: row.offence_description, bcu: row.bcu_code.flatMap(BCU.init(rawValue:)),
                priority: row.priority, status: CrimeStatus.Code(rawValue: row.status) ?? .allocated,
                recordedAt: row.recorded_at, allocatedAt: row.allocated_at ?? row.created_at,
                kind: AllocationKind(rawValue: row.kind) ?? .accepted, flagged: row.flagged,
                overrideReason: row.override_reason)
        }
    }

    /// Every member of a team with their open caseload, cap under `policy` and flagged overrides, heaviest first.
    public static func teamCaseloads(
        teamID: Int, policy: AllocationPolicy, now: Date, on database: any Database
    ) async throws -> [MemberCaseload] {
        let rows = try await Officer.query(on: database).filter(\.$team.$id == teamID).with(\.$team).with(
            \.$specialisms
        ).all()
        let ids = rows.compactMap(\.id)
        let loads = try await openCaseloads(officerIDs: ids, on: database)
        let flagged = try await flaggedHolds(officerIDs: ids, on: database)
        let today = Calendar.bluelampUTC.startOfDay(for: now)
        return rows.compactMap { row -> MemberCaseload? in
            guard let officer = rosterOfficer(row, team: row.$team.value ?? nil, loads: loads, today: today) else {
                return nil
            }
            return MemberCaseload(officer: officer, cap: officer.cap(under: policy), flagged: flagged[officer.id] ?? 0)
        }
        .sorted { ($1.load, $0.officer.familyName, $0.officer.id) < ($0.load, $1.officer.familyName, $1.officer.id) }
    }

    /// Open crimes held by flagged overrides, per officer.
    static func flaggedHolds(officerIDs: [Int], on database: any Database) async throws -> [Int: Int] {
        guard !officerIDs.isEmpty else { return [:] }
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var officer_id: Int
            var n: Int
        }
        let rows = try await sql.raw(
            """
            SELECT a.officer_id AS officer_id, COUNT(*) AS n
            FROM crime_allocations a JOIN crimes c ON c.id = a.crime_id
            WHERE a.officer_id IN (\(binds: officerIDs)) AND a.ended_at IS NULL AND a.flagged = \(bind: true)
              AND c.status IN (\(binds: heldStatuses.map(\.rawValue)))
            GROUP BY a.officer_id
            """
        ).all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.officer_id, $0.n) })
    }

    /// The officer who holds a crime now, if anyone does.
    public static func holder(ofCrime crimeID: Int, on database: any Database) async throws -> Int? {
        try await CrimeAllocation.query(on: database).filter(\.$crime.$id == crimeID).filter(\.$endedAt == nil)
            .filter(\.$kind != AllocationKind.proposal.rawValue).first()?.$officer.id
    }

    /// The open proposal for a crime, if the allocator has one.
    public static func openProposal(forCrime crimeID: Int, on database: any Database) async throws
        -> AllocationRationale?
    {
        guard
            let row = try await CrimeAllocation.query(on: database).filter(\.$crime.$id == crimeID)
                .filter(\.$kind == AllocationKind.proposal.rawValue).filter(\.$endedAt == nil).sort(\.$id, .descending)
                .first()
        else { return nil }
        return StoredRationale.decode(row.rationale, explanation: row.explanation)
    }
}
