import BluelampCore
import FluentKit
import Foundation
import SQLKit

extension InvestigationStore {
    /// Whose open investigations a list shows.
    public enum Holders: Sendable, Hashable {
        /// The crimes these officers hold.
        case officers([Int])
        /// Every held crime in these BCUs (nil: the whole force).
        case bcus(Set<BCU>?)
    }

    /// The open investigations (crimes held by an officer, not yet closed) of `holders`, each with when its review
    /// falls due under `policy`, its plan's state and flagged notes; most overdue review first.
    public static func openInvestigations(
        _ holders: Holders, policy: SupervisionPolicy, now: Date, on database: any Database
    ) async throws -> [InvestigationLine] {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var crime_id: Int
            var reference: String
            var category: String
            var offence_description: String
            var bcu_code: String?
            var status: String
            var flags: Int
            var priority: Int
            var officer_id: Int?
            var given_name: String?
            var family_name: String?
            var rank: String?
        }
        let holderFilter: SQLQueryString
        // A team's crimes are found from its officers' allocations (`crime_allocations_officer`), a BCU's from its
        // crimes. SQLite keeps no statistics here and, given the choice, read every held crime of the force by status
        // and then looked for the team's officers (90 ms at the Met's scale, against under 1 ms): `CROSS JOIN` makes
        // it read the allocations first. PostgreSQL plans a cross join with its condition in WHERE as any other join.
        let join: SQLQueryString
        switch holders {
        case .officers(let ids):
            guard !ids.isEmpty else { return [] }
            holderFilter = "AND a.officer_id IN (\(binds: ids))"
            join = "CROSS JOIN crimes c"
        case .bcus(let set?):
            guard !set.isEmpty else { return [] }
            holderFilter = "AND c.bcu_code IN (\(binds: set.map(\.code)))"
            join = "JOIN crimes c ON c.id = a.crime_id"
        case .bcus(nil):
            holderFilter = ""
            join = "JOIN crimes c ON c.id = a.crime_id"
        }
        let rows = try await sql.raw(
            """
            SELECT c.id AS crime_id, c.reference AS reference, c.category AS category,
              c.offence_description AS offence_description, c.bcu_code AS bcu_code, c.status AS status,
              c.flags AS flags, a.priority AS priority, a.officer_id AS officer_id, o.given_name AS given_name,
              o.family_name AS family_name, o.rank AS rank
            FROM crime_allocations a \(join) LEFT JOIN officers o ON o.id = a.officer_id
            WHERE c.id = a.crime_id AND a.ended_at IS NULL AND a.kind <> \(bind: AllocationKind.proposal.rawValue)
              AND a.officer_id IS NOT NULL AND c.status IN (\(binds: AllocationStore.heldStatuses.map(\.rawValue)))
              \(holderFilter)
            """
        ).all(decoding: Row.self)
        let ids = rows.map(\.crime_id)
        var first: [Int: Date] = [:]
        var latest: [Int: (at: Date, nextOn: CalendarDay?)] = [:]
        var lineCounts: [Int: (all: Int, outstanding: Int)] = [:]
        var actionCounts: [Int: (open: Int, overdue: Int)] = [:]
        var flagged: [Int: Int] = [:]
        let today = CalendarDay(containing: now, in: .london).text
        // Chunks keep each statement's bound values well under SQLite's limit.
        for chunk in ids.chunked(into: 5_000).map(Array.init) {
            first.merge(try await firstAllocations(crimeIDs: chunk, on: database)) { a, _ in a }
            struct Review: Decodable {
                var crime_id: Int
                var reviewed_at: Date
                var next_review_on: String?
            }
            for review in try await sql.raw(
                """
                SELECT r.crime_id, r.reviewed_at, r.next_review_on FROM supervisory_reviews r
                WHERE r.crime_id IN (\(binds: chunk)) AND r.reviewed_at = (
                  SELECT MAX(r2.reviewed_at) FROM supervisory_reviews r2 WHERE r2.crime_id = r.crime_id)
                """
            ).all(decoding: Review.self) {
                latest[review.crime_id] = (review.reviewed_at, review.next_review_on.flatMap { CalendarDay($0) })
            }
            struct Count: Decodable {
                var crime_id: Int
                var a: Int
                var b: Int
            }
            for row in try await sql.raw(
                """
                SELECT crime_id, COUNT(*) AS a,
                  SUM(CASE WHEN status IN ('open', 'in_progress') THEN 1 ELSE 0 END) AS b
                FROM lines_of_enquiry WHERE crime_id IN (\(binds: chunk)) GROUP BY crime_id
                """
            ).all(decoding: Count.self) { lineCounts[row.crime_id] = (row.a, row.b) }
            for row in try await sql.raw(
                """
                SELECT crime_id, COUNT(*) AS a, SUM(CASE WHEN due_on < \(bind: today) THEN 1 ELSE 0 END) AS b
                FROM investigation_actions WHERE crime_id IN (\(binds: chunk)) AND done_at IS NULL GROUP BY crime_id
                """
            ).all(decoding: Count.self) { actionCounts[row.crime_id] = (row.a, row.b) }
            for row in try await sql.raw(
                """
                SELECT crime_id, COUNT(*) AS a, 0 AS b FROM investigation_notes
                WHERE crime_id IN (\(binds: chunk)) AND flagged_phrases <> '' AND flag_reviewed_at IS NULL GROUP BY crime_id
                """
            ).all(decoding: Count.self) { flagged[row.crime_id] = row.a }
        }
        return rows.compactMap { row -> InvestigationLine? in
            guard let start = first[row.crime_id] else { return nil }
            let last = latest[row.crime_id]
            return InvestigationLine(
                crimeID: row.crime_id, reference: row.reference, bcu: row.bcu_code.flatMap(BCU.init(rawValue:)),
                category: CrimeCategory(code: row.category), offenceDescription: row.offence_description,
                status: CrimeStatus.Code(rawValue: row.status) ?? .allocated, flags: CrimeFlags(rawValue: row.flags),
                priority: row.priority,
                holderOfficerID: row.officer_id,
                holderName: row.family_name.map {
                    "\(row.rank ?? "") \(row.given_name ?? "") \($0)".trimmingCharacters(in: .whitespaces)
                },
                firstAllocatedAt: start, lastReviewAt: last?.at,
                reviewDueAt: policy.nextReviewDue(allocatedAt: start, lastReview: last),
                lines: lineCounts[row.crime_id]?.all ?? 0, outstandingLines: lineCounts[row.crime_id]?.outstanding ?? 0,
                openActions: actionCounts[row.crime_id]?.open ?? 0,
                overdueActions: actionCounts[row.crime_id]?.overdue ?? 0, flaggedNotes: flagged[row.crime_id] ?? 0)
        }
        .sorted { ($0.reviewDueAt, $0.crimeID) < ($1.reviewDueAt, $1.crimeID) }
    }

    /// The open actions an officer owns, on any investigation, soonest due first.
    public static func openActions(ownerOfficerID: Int, on database: any Database) async throws
        -> [InvestigationAction]
    {
        try await InvestigationActionRecord.query(on: database).filter(\.$owner.$id == ownerOfficerID)
            .filter(\.$doneAt == nil).with(\.$owner).sort(\.$dueOn).sort(\.$id).limit(200).all().map(action)
    }

    /// Notes with victim-blaming phrasings a supervisor has not yet looked at, on crimes in `bcus` (nil: all).
    public static func flaggedNotes(bcus: Set<BCU>?, limit: Int, on database: any Database) async throws
        -> [(note: InvestigationNote, reference: String)]
    {
        try await awaitingFlagReview(
            InvestigationNoteRecord.self, at: "written_at", bcus: bcus, limit: limit, on: database
        )
        .map { (note($0.record), $0.reference) }
    }

    /// A row awaiting review and its crime's reference, as `awaitingFlagReview` lists them.
    private struct FlaggedRow: Decodable {
        var id: Int
        var reference: String
    }

    /// The records of `Record`'s table (notes or contact summaries) whose phrasing was flagged and no supervisor has
    /// reviewed, on crimes in `bcus` (nil: all), oldest by `time` first, with each crime's reference; the listed
    /// records are then read in one query, not one each.
    ///
    /// The database reads the few rows awaiting review from the table's partial index (AddFlaggedIndexes) in time
    /// order and stops at the limit, not every row of the BCU's crimes (40–150 ms at the Met's scale; now under 10):
    /// the conditions are written as the index's are, literal for literal (a bound empty string would not match it),
    /// and `CROSS JOIN` keeps SQLite, which has no statistics here, from starting at the BCU's crimes. PostgreSQL
    /// plans it as any join. `time` is this module's name for a column, never input.
    static func awaitingFlagReview<Record: Model>(
        _ record: Record.Type, at time: String, bcus: Set<BCU>?, limit: Int, on database: any Database
    ) async throws -> [(record: Record, reference: String)] where Record.IDValue == Int {
        let sql = database as! any SQLDatabase
        let filter: SQLQueryString =
            if let bcus { "AND c.bcu_code IN (\(binds: bcus.isEmpty ? ["-"] : bcus.map(\.code)))" } else { "" }
        let rows = try await sql.raw(
            """
            SELECT f.id AS id, c.reference AS reference FROM \(ident: Record.schema) f CROSS JOIN crimes c
            WHERE c.id = f.crime_id AND f.flagged_phrases <> '' AND f.flag_reviewed_at IS NULL \(filter)
            ORDER BY f.\(ident: time), f.id LIMIT \(bind: limit)
            """
        ).all(decoding: FlaggedRow.self)
        guard !rows.isEmpty else { return [] }
        let records = try await Record.query(on: database).filter(\._$id ~~ rows.map(\.id)).all()
        let byID = Dictionary(uniqueKeysWithValues: records.compactMap { record in record.id.map { ($0, record) } })
        return rows.compactMap { row in byID[row.id].map { ($0, row.reference) } }
    }

    // MARK: - The supervision policy

    /// The policy in force: the highest version, or the design's 7 and 28 days when none is set.
    public static func policy(on database: any Database) async throws -> (
        version: Int, policy: SupervisionPolicy, createdBy: String, createdAt: Date?, reason: String
    ) {
        guard let row = try await SupervisionPolicyVersion.query(on: database).sort(\.$version, .descending).first()
        else {
            return (
                0, .standard, "Bluelamp", nil,
                "The design's default: the first review within 7 days of allocation, then every 28 days."
            )
        }
        return (
            row.version,
            SupervisionPolicy(firstReviewDays: row.firstReviewDays, reviewIntervalDays: row.reviewIntervalDays),
            row.createdBy, row.createdAt, row.reason
        )
    }

    /// Puts `policy` in force as the next version; returns its number.
    @discardableResult
    public static func savePolicy(
        _ policy: SupervisionPolicy, reason: String, actor: InvestigationActor, now: Date, on database: any Database
    ) async throws -> Int {
        let latest =
            try await SupervisionPolicyVersion.query(on: database).sort(\.$version, .descending).first()?.version ?? 0
        let row = SupervisionPolicyVersion()
        row.version = latest + 1
        row.createdAt = now
        row.createdByUserID = actor.userID
        row.createdBy = actor.name
        row.reason = reason
        row.firstReviewDays = policy.firstReviewDays
        row.reviewIntervalDays = policy.reviewIntervalDays
        try await row.create(on: database)
        return row.version
    }

    // MARK: - The lexicon

    /// The phrases in use: those added and not withdrawn; the starting set until an administrator changes it.
    public static func lexicon(on database: any Database) async throws -> [(id: Int?, phrase: String)] {
        let rows = try await VictimBlamingPhrase.query(on: database).sort(\.$phrase).all()
        if rows.isEmpty { return VictimBlamingLexicon.starting.map { (nil, $0) } }
        return rows.filter { $0.withdrawnAt == nil }.map { ($0.id, $0.phrase) }
    }

    /// Adds a phrase; the first change writes the starting set first, so that it becomes the force's own.
    public static func addPhrase(_ phrase: String, actor: InvestigationActor, now: Date, on database: any Database)
        async throws
    {
        try await adoptStartingLexicon(actor: actor, now: now, on: database)
        let row = VictimBlamingPhrase()
        row.addedAt = now
        row.addedBy = actor.name
        row.phrase = phrase
        try await row.create(on: database)
    }

    /// Withdraws a phrase (kept, with who withdrew it). False when there is no such phrase in use.
    public static func withdrawPhrase(_ phrase: String, actor: InvestigationActor, now: Date, on database: any Database)
        async throws -> Bool
    {
        try await adoptStartingLexicon(actor: actor, now: now, on: database)
        guard
            let row = try await VictimBlamingPhrase.query(on: database).filter(\.$phrase == phrase)
                .filter(\.$withdrawnAt == nil).first()
        else { return false }
        row.withdrawnAt = now
        row.withdrawnBy = actor.name
        try await row.update(on: database)
        return true
    }

    static func adoptStartingLexicon(actor: InvestigationActor, now: Date, on database: any Database) async throws {
        guard try await VictimBlamingPhrase.query(on: database).count() == 0 else { return }
        for phrase in VictimBlamingLexicon.starting {
            let row = VictimBlamingPhrase()
            row.addedAt = now
            row.addedBy = "Bluelamp (starting lexicon)"
            row.phrase = phrase
            try await row.create(on: database)
        }
    }
}

extension InvestigationStore {
    /// The officers an action may be given to: the holder's team (the holder first), named with rank.
    public static func actionOwners(holderOfficerID: Int?, on database: any Database) async throws
        -> [(id: Int, name: String)]
    {
        guard let holderOfficerID, let holder = try await Officer.find(holderOfficerID, on: database) else { return [] }
        var rows = [holder]
        if let team = holder.$team.id {
            rows += try await Officer.query(on: database).filter(\.$team.$id == team).filter(\.$id != holderOfficerID)
                .sort(\.$familyName).sort(\.$givenName).all()
        }
        return rows.compactMap { row in row.id.map { ($0, "\(row.rank) \(row.givenName) \(row.familyName)") } }
    }
}

extension InvestigationStore {
    /// Each crime's reference.
    public static func references(crimeIDs: [Int], on database: any Database) async throws -> [Int: String] {
        guard !crimeIDs.isEmpty else { return [:] }
        let rows = try await CrimeRecord.query(on: database).filter(\.$id ~~ Array(Set(crimeIDs))).field(\.$id)
            .field(\.$reference).all()
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in row.id.map { ($0, row.reference) } })
    }
}
