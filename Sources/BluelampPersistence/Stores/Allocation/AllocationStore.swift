import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// A crime waiting for allocation, with what the policy in force requires of it.
public struct AllocationQueueItem: Sendable, Hashable {
    public var crimeID: Int
    public var reference: String
    /// Nil for a crime outside the Met's BCUs; the allocator reads it as `FORCE`.
    public var bcu: BCU?
    public var category: CrimeCategory
    public var offenceDescription: String
    public var flags: CrimeFlags
    /// Triage (THRIVE) priority; `requirement.priority` is after the policy's raises.
    public var triagePriority: CrimePriority
    public var recordedAt: Date
    public var requirement: AllocationRequirement

    /// When the allocation falls overdue (the policy's deadline for the priority).
    public var deadline: Date { requirement.deadline(recordedAt: recordedAt) }

    public var bcuCode: String { bcu?.code ?? AllocationInstance.forceWideBCU }

    var request: AllocationRequest {
        AllocationRequest(category: category, offence: offenceDescription, flags: flags, priority: triagePriority)
    }
}

/// Which part of the queue: BCUs (nil: every crime, the whole force's view), one unit kind, or named crimes.
public struct AllocationQueueFilter: Sendable, Hashable {
    public var bcus: Set<BCU>?
    public var unit: AllocationUnitKind?
    public var crimeIDs: [Int]?

    public init(bcus: Set<BCU>? = nil, unit: AllocationUnitKind? = nil, crimeIDs: [Int]? = nil) {
        self.bcus = bcus
        self.unit = unit
        self.crimeIDs = crimeIDs
    }
}

/// An officer who may be given crimes, with their live caseload.
public struct RosterOfficer: Sendable, Hashable {
    public var id: Int
    public var warrantNumber: String
    public var givenName: String
    public var familyName: String
    public var rank: Rank
    public var bcu: BCU
    public var teamID: Int?
    public var teamName: String?
    public var teamKind: TeamKind?
    /// Nil: not an accredited investigator.
    public var level: PIPLevel?
    /// Accreditations in date only.
    public var specialisms: Set<Specialism>
    public var status: OfficerStatus
    public var capOverride: Int?
    /// Open crimes allocated to them now.
    public var openCrimes: Int

    public var name: String { "\(rank.abbreviation) \(givenName) \(familyName)" }

    /// `DC Jo Smith (412345)`
    public var label: String { "\(name) (\(warrantNumber))" }

    public func cap(under policy: AllocationPolicy) -> Int {
        level.map { policy.caseloadCap(level: $0, override: capOverride) } ?? 0
    }

    /// An accredited investigator holding more open crimes than their cap (`MemberCaseload.isOverCap` on a team).
    public func isOverCap(under policy: AllocationPolicy) -> Bool { level != nil && openCrimes > cap(under: policy) }

    /// What the allocator sees; nil for someone who is not an investigator. Officers are known to the
    /// allocator by warrant number, which is what explanations then show.
    public var rosterEntry: AllocationRosterEntry? {
        level.map {
            AllocationRosterEntry(
                officerID: warrantNumber, bcu: bcu.code, level: $0, specialisms: specialisms, status: status,
                openCrimes: openCrimes, caseloadCapOverride: capOverride)
        }
    }
}

/// Reads what the allocator works on: the queue, the roster and its caseloads.
public enum AllocationStore {
    /// The team kinds whose officers investigate crimes and so are given them: the policy's unit kinds.
    public static let investigatingTeamKinds: [TeamKind] = AllocationUnitKind.allCases.map(\.teamKind)

    /// Crime statuses that hold an officer: a crime in these counts in its officer's caseload.
    public static let heldStatuses: [CrimeStatus.Code] = [.allocated, .underInvestigation, .awaitingSupervisor]

    // MARK: - The queue

    /// Crimes awaiting allocation, most urgent deadline first, with the policy's requirement for each.
    public static func queue(
        _ filter: AllocationQueueFilter, policy: AllocationPolicy, on database: any Database
    ) async throws -> [AllocationQueueItem] {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var id: Int
            var reference: String
            var bcu_code: String?
            var category: String
            var offence_description: String
            var flags: Int
            var priority: Int
            var recorded_at: Date
        }
        func query() -> SQLSelectBuilder {
            var query = sql.select()
                .columns(
                    "id", "reference", "bcu_code", "category", "offence_description", "flags", "priority", "recorded_at"
                )
                .from(CrimeRecord.schema)
                .where("status", .equal, CrimeStatus.Code.awaitingAllocation.rawValue)
            if let bcus = filter.bcus {
                query = query.where("bcu_code", .in, bcus.isEmpty ? ["-"] : bcus.map(\.code).sorted())
            }
            return query
        }
        var rows: [Row] = []
        if let ids = filter.crimeIDs {
            for chunk in ids.chunked(into: 500) {
                rows += try await query().where("id", .in, Array(chunk)).all(decoding: Row.self)
            }
        } else {
            rows = try await query().all(decoding: Row.self)
        }
        var items: [AllocationQueueItem] = []
        items.reserveCapacity(rows.count)
        for row in rows {
            guard let category = CrimeCategory(code: row.category) else { continue }
            let flags = CrimeFlags(rawValue: row.flags)
            let triage = CrimePriority(rawValue: row.priority) ?? .three
            let request = AllocationRequest(
                category: category, offence: row.offence_description, flags: flags, priority: triage)
            let requirement = policy.requirement(for: request)
            if let unit = filter.unit, requirement.unit != unit { continue }
            items.append(
                AllocationQueueItem(
                    crimeID: row.id, reference: row.reference, bcu: row.bcu_code.flatMap(BCU.init(rawValue:)),
                    category: category,
                    offenceDescription: row.offence_description, flags: flags, triagePriority: triage,
                    recordedAt: row.recorded_at, requirement: requirement))
        }
        return items.sorted { ($0.deadline, $0.crimeID) < ($1.deadline, $1.crimeID) }
    }

    // MARK: - The roster

    /// Investigators (a PIP level, in an investigation, safeguarding or force-wide team) in `bcus` and the
    /// force-wide units (nil: the whole force), whatever their status, with current accreditations and
    /// live caseloads. `excluding` leaves officers out (one whose crimes are being moved off them).
    /// The investigators who may be given crimes in `bcus` (nil: the whole force) and the force-wide units, with their
    /// open caseloads; only one team's when `teamID` is given.
    public static func roster(
        bcus: Set<BCU>?, teamID: Int? = nil, now: Date, excluding: Set<Int> = [], on database: any Database
    ) async throws -> [RosterOfficer] {
        // Plain SQL rather than Fluent's eager loading: at the Met's scale (32,000 officers) the eager
        // loader matched each officer's specialisms by scanning them all, which took minutes.
        let sql = database as! any SQLDatabase
        var bcuFilter: SQLQueryString =
            bcus.map { " AND o.bcu_code IN (\(binds: $0.union([.force]).map(\.code).sorted()))" } ?? ""
        if let teamID { bcuFilter = bcuFilter + " AND o.team_id = \(bind: teamID)" }
        let kinds = investigatingTeamKinds.map(\.rawValue)
        struct Row: Decodable {
            var id: Int
            var warrant_number: String
            var given_name: String
            var family_name: String
            var rank: String
            var bcu_code: String
            var team_id: Int?
            var team_name: String?
            var team_kind: String?
            var pip_level: Int?
            var status: String
            var caseload_cap_override: Int?
        }
        let rows = try await sql.raw(
            """
            SELECT o.id, o.warrant_number, o.given_name, o.family_name, o.rank, o.bcu_code, o.team_id,
              t.name AS team_name, t.kind AS team_kind, o.pip_level, o.status, o.caseload_cap_override
            FROM officers o JOIN teams t ON t.id = o.team_id
            WHERE o.pip_level IS NOT NULL AND t.kind IN (\(binds: kinds))\(bcuFilter)
            ORDER BY o.id
            """
        ).all(decoding: Row.self)
        // An accreditation "until" a day is good through that day.
        let today = Calendar.bluelampUTC.startOfDay(for: now)
        struct SpecialismRow: Decodable {
            var officer_id: Int
            var specialism: String
        }
        let accredited = try await sql.raw(
            """
            SELECT s.officer_id, s.specialism FROM officer_specialisms s
            JOIN officers o ON o.id = s.officer_id JOIN teams t ON t.id = o.team_id
            WHERE s.accredited_until >= \(bind: today) AND o.pip_level IS NOT NULL AND t.kind IN (\(binds: kinds))\(bcuFilter)
            """
        ).all(decoding: SpecialismRow.self)
        var specialisms: [Int: Set<Specialism>] = [:]
        for row in accredited {
            if let specialism = Specialism(rawValue: row.specialism) {
                specialisms[row.officer_id, default: []].insert(specialism)
            }
        }
        // The force's whole roster counts every open caseload at once; a BCU's or a team's counts only its own.
        let loads =
            teamID != nil
            ? try await openCaseloads(officerIDs: rows.map(\.id), on: database)
            : try await openCaseloads(officerIDs: nil, bcus: bcus?.union([.force]), on: database)
        return rows.compactMap { row -> RosterOfficer? in
            guard !excluding.contains(row.id), let bcu = BCU(rawValue: row.bcu_code),
                let rank = Rank(rawValue: row.rank),
                let status = OfficerStatus(rawValue: row.status)
            else { return nil }
            return RosterOfficer(
                id: row.id, warrantNumber: row.warrant_number, givenName: row.given_name, familyName: row.family_name,
                rank: rank, bcu: bcu, teamID: row.team_id, teamName: row.team_name,
                teamKind: row.team_kind.flatMap(TeamKind.init(rawValue:)),
                level: row.pip_level.flatMap(PIPLevel.init(rawValue:)),
                specialisms: specialisms[row.id] ?? [], status: status, capOverride: row.caseload_cap_override,
                openCrimes: loads[row.id] ?? 0)
        }
    }

    /// One officer as the roster holds them (any team, any level), or nil when there is none.
    public static func rosterOfficer(id: Int, now: Date, on database: any Database) async throws -> RosterOfficer? {
        guard
            let row = try await Officer.query(on: database).filter(\.$id == id).with(\.$team).with(\.$specialisms)
                .first()
        else { return nil }
        let loads = try await openCaseloads(officerIDs: [id], on: database)
        return rosterOfficer(
            row, team: row.$team.value ?? nil, loads: loads, today: Calendar.bluelampUTC.startOfDay(for: now))
    }

    /// Officers found by warrant number (the override form names officers that way).
    public static func officerID(warrantNumber: String, on database: any Database) async throws -> Int? {
        try await Officer.query(on: database).filter(\.$warrantNumber == warrantNumber).first()?.id
    }

    static func rosterOfficer(_ row: Officer, team: Team?, loads: [Int: Int], today: Date) -> RosterOfficer? {
        guard let id = row.id, let bcu = BCU(rawValue: row.$bcu.id), let rank = Rank(rawValue: row.rank),
            let status = OfficerStatus(rawValue: row.status)
        else { return nil }
        let specialisms = (row.$specialisms.value ?? []).filter { $0.accreditedUntil >= today }
            .compactMap { Specialism(rawValue: $0.specialism) }
        return RosterOfficer(
            id: id, warrantNumber: row.warrantNumber, givenName: row.givenName, familyName: row.familyName, rank: rank,
            bcu: bcu, teamID: row.$team.id, teamName: team?.name,
            teamKind: team.flatMap { TeamKind(rawValue: $0.kind) },
            level: row.pipLevel.flatMap(PIPLevel.init(rawValue:)), specialisms: Set(specialisms), status: status,
            capOverride: row.caseloadCapOverride, openCrimes: loads[id] ?? 0)
    }

    // MARK: - Caseloads

    /// Open crimes held per officer (nil: every officer who holds any).
    /// Each officer's open crimes: of `officerIDs` when given, else of the officers in `bcus` (nil: every officer).
    public static func openCaseloads(officerIDs: [Int]?, bcus: Set<BCU>? = nil, on database: any Database)
        async throws -> [Int: Int]
    {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var officer_id: Int
            var n: Int
        }
        var officerFilter: SQLQueryString =
            officerIDs.map { $0.isEmpty ? " AND 1 = 0" : " AND a.officer_id IN (\(binds: $0))" } ?? ""
        if officerIDs == nil, let bcus {
            officerFilter =
                " AND a.officer_id IN (SELECT id FROM officers WHERE bcu_code IN (\(binds: bcus.map(\.code).sorted())))"
        }
        // `kind <> 'proposal'` written as the partial index `crime_allocations_one_holder` is, so the planner may use
        // it (a bound value never matches an index's condition).
        let rows = try await sql.raw(
            """
            SELECT a.officer_id AS officer_id, COUNT(*) AS n
            FROM crime_allocations a JOIN crimes c ON c.id = a.crime_id
            WHERE a.ended_at IS NULL AND a.kind <> 'proposal'
              AND a.officer_id IS NOT NULL AND c.status IN (\(binds: heldStatuses.map(\.rawValue)))\(officerFilter)
            GROUP BY a.officer_id
            """
        ).all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.officer_id, $0.n) })
    }

    // MARK: - The allocation problem

    /// The queue (filtered) and the roster for it, as the allocator's instance. The roster covers the
    /// BCUs of the filter (nil: the whole force) and the force-wide units.
    public static func problem(
        _ filter: AllocationQueueFilter, policy: AllocationPolicy, now: Date, excludingOfficers: Set<Int> = [],
        on database: any Database
    ) async throws -> AllocationProblem {
        let queue = try await queue(filter, policy: policy, on: database)
        let rosterBCUs = filter.crimeIDs == nil ? filter.bcus : Set(queue.compactMap(\.bcu))
        let roster = try await roster(bcus: rosterBCUs, now: now, excluding: excludingOfficers, on: database)
        return try AllocationProblem(policy: policy, queue: queue, roster: roster)
    }
}

/// The queue and roster as one allocation instance, with the way back from the allocator's ids.
public struct AllocationProblem: Sendable {
    public let policy: AllocationPolicy
    public let queue: [AllocationQueueItem]
    /// Every investigator considered, including those on leave (whom the instance leaves out).
    public let roster: [RosterOfficer]
    public let instance: AllocationInstance
    /// Roster officers by warrant number (the allocator's officer id).
    public let officersByWarrant: [String: RosterOfficer]

    public init(policy: AllocationPolicy, queue: [AllocationQueueItem], roster: [RosterOfficer]) throws {
        self.policy = policy
        self.queue = queue
        self.roster = roster
        self.instance = try policy.instance(
            queue: queue.map { AllocationQueueEntry(crimeID: $0.reference, bcu: $0.bcuCode, request: $0.request) },
            roster: roster.compactMap(\.rosterEntry))
        officersByWarrant = Dictionary(roster.map { ($0.warrantNumber, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Solves to the optimum and explains every crime.
    public func solve() -> (solution: AllocationSolution, proposals: [AllocationProposal]) {
        let solution = Allocator.solve(instance)
        let explainer = AllocationExplainer(instance: instance, assignment: solution.assignment)
        let proposals = queue.indices.map { index -> AllocationProposal in
            let explanation = explainer.explain(crime: index)
            let officer = solution.assignment[index].flatMap { officersByWarrant[instance.officers[$0].id] }
            return AllocationProposal(
                item: queue[index], officer: officer,
                rationale: AllocationRationale(explanation: explanation, requirement: queue[index].requirement))
        }
        return (solution, proposals)
    }
}

/// The allocator's answer for one crime, with its explanation.
public struct AllocationProposal: Sendable {
    public var item: AllocationQueueItem
    /// Nil: left waiting.
    public var officer: RosterOfficer?
    public var rationale: AllocationRationale
}
