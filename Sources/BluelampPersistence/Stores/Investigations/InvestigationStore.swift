import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// An investigation as its pages and the API read it: the crime, who holds it, and its plan, log and reviews.
public struct InvestigationFile: Sendable, Hashable {
    public var crimeID: Int
    public var reference: String
    public var bcu: BCU?
    public var category: CrimeCategory?
    public var offenceDescription: String
    public var status: CrimeStatus.Code
    public var flags: CrimeFlags
    public var reportedAt: Date
    /// When the recording decision was made; nil when not known (imported) or not made.
    public var recordingDecidedAt: Date?
    /// The officer who holds it now (nil when unallocated).
    public var holderOfficerID: Int?
    public var holderName: String?
    /// When it was first given to an officer: the investigation's start, and the review clock's.
    public var firstAllocatedAt: Date?
    public var lines: [LineOfEnquiry]
    public var actions: [InvestigationAction]
    public var notes: [InvestigationNote]
    public var reviews: [SupervisoryReview]

    public var outstandingLines: [LineOfEnquiry] { lines.filter { $0.status.isOutstanding } }
    public var isOpen: Bool { AllocationStore.heldStatuses.contains(status) }
}

/// An open investigation in a list (an investigator's work, a team's, a BCU's), with where its review and plan stand.
public struct InvestigationLine: Sendable, Hashable {
    public var crimeID: Int
    public var reference: String
    public var bcu: BCU?
    public var category: CrimeCategory?
    public var offenceDescription: String
    public var status: CrimeStatus.Code
    public var flags: CrimeFlags
    public var priority: Int
    public var holderOfficerID: Int?
    public var holderName: String?
    public var firstAllocatedAt: Date
    public var lastReviewAt: Date?
    public var reviewDueAt: Date
    public var lines: Int
    public var outstandingLines: Int
    public var openActions: Int
    public var overdueActions: Int
    public var flaggedNotes: Int

    public func reviewOverdue(now: Date) -> Bool { now > reviewDueAt }
}

/// Who did something to an investigation.
public typealias InvestigationActor = CrimeActor

public enum InvestigationStoreError: Error, Sendable, CustomStringConvertible {
    case notFound(String)

    public var description: String {
        switch self {
        case .notFound(let what): "There is no \(what)."
        }
    }
}

/// Investigations' reads and writes: lines of enquiry, actions, the log, reviews, the supervision policy and the
/// victim-blaming lexicon. It decides nothing: `InvestigationService` checks and audits.
public enum InvestigationStore {
    static let dayFormat = "yyyy-MM-dd"

    // MARK: - One investigation

    public static func file(crimeID: Int, on database: any Database) async throws -> InvestigationFile? {
        guard let crime = try await CrimeRecord.find(crimeID, on: database) else { return nil }
        let sql = database as! any SQLDatabase
        struct Holder: Decodable {
            var officer_id: Int?
            var given_name: String?
            var family_name: String?
            var rank: String?
        }
        let holder = try await sql.raw(
            """
            SELECT a.officer_id AS officer_id, o.given_name AS given_name, o.family_name AS family_name, o.rank AS rank
            FROM crime_allocations a LEFT JOIN officers o ON o.id = a.officer_id
            WHERE a.crime_id = \(bind: crimeID) AND a.ended_at IS NULL AND a.kind <> \(bind: AllocationKind.proposal.rawValue)
            LIMIT 1
            """
        ).first(decoding: Holder.self)
        let first = try await firstAllocations(crimeIDs: [crimeID], on: database)[crimeID]
        let status = CrimeStatus.Code(rawValue: crime.status) ?? .recorded
        return InvestigationFile(
            crimeID: crimeID, reference: crime.reference, bcu: crime.$bcu.id.flatMap(BCU.init(rawValue:)),
            category: CrimeCategory(code: crime.category), offenceDescription: crime.offenceDescription,
            status: status, flags: CrimeFlags(rawValue: crime.flags), reportedAt: crime.reportedAt,
            recordingDecidedAt: crime.recordingDecidedAt, holderOfficerID: holder?.officer_id,
            holderName: holder.flatMap { h in
                h.family_name.map { "\(h.rank ?? "") \(h.given_name ?? "") \($0)".trimmingCharacters(in: .whitespaces) }
            },
            firstAllocatedAt: first,
            lines: try await lines(crimeID: crimeID, on: database),
            actions: try await actions(crimeIDs: [crimeID], on: database),
            notes: try await notes(crimeID: crimeID, on: database),
            reviews: try await reviews(crimeID: crimeID, on: database))
    }

    /// Each investigation's start — its crime's first allocation to an officer (a proposal is not one) — as a subquery
    /// of `(crime_id, first)` for the indicators, for the crimes with an allocation from `from` until `to`: those
    /// whose start falls then are among them (the caller keeps those with `first` in the period). The allocations of
    /// the period are found through `crime_allocations_kind_allocated`, so the cost follows the period, not every
    /// allocation held (ten years of them at the Met's scale). A proposal has no `allocated_at`; every other kind
    /// has it, and the `created_at` branch is for one that would not.
    static func starts(firstFrom from: Date, before to: Date) -> SQLQueryString {
        let kinds = AllocationKind.allCases.filter { $0 != .proposal }.map(\.rawValue)
        return """
            (SELECT crime_id, MIN(COALESCE(allocated_at, created_at)) AS first FROM crime_allocations
             WHERE kind <> \(bind: AllocationKind.proposal.rawValue) AND officer_id IS NOT NULL
               AND crime_id IN (SELECT crime_id FROM crime_allocations
                                WHERE kind IN (\(binds: kinds)) AND allocated_at >= \(bind: from)
                                  AND allocated_at < \(bind: to)
                                UNION
                                SELECT crime_id FROM crime_allocations
                                WHERE kind IN (\(binds: kinds)) AND allocated_at IS NULL
                                  AND created_at >= \(bind: from) AND created_at < \(bind: to))
             GROUP BY crime_id)
            """
    }

    /// When each crime was first given to an officer (a proposal is not an allocation).
    public static func firstAllocations(crimeIDs: [Int], on database: any Database) async throws -> [Int: Date] {
        guard !crimeIDs.isEmpty else { return [:] }
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var crime_id: Int
            var first: Date?
        }
        let rows = try await sql.raw(
            """
            SELECT crime_id, MIN(COALESCE(allocated_at, created_at)) AS first FROM crime_allocations
            WHERE crime_id IN (\(binds: crimeIDs)) AND kind <> \(bind: AllocationKind.proposal.rawValue) AND officer_id IS NOT NULL
            GROUP BY crime_id
            """
        ).all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in row.first.map { (row.crime_id, $0) } })
    }

    public static func lines(crimeID: Int, on database: any Database) async throws -> [LineOfEnquiry] {
        try await LineOfEnquiryRecord.query(on: database).filter(\.$crime.$id == crimeID).sort(\.$id).all().map(line)
    }

    public static func line(id: Int, on database: any Database) async throws -> LineOfEnquiry? {
        try await LineOfEnquiryRecord.find(id, on: database).map(line)
    }

    static func line(_ row: LineOfEnquiryRecord) -> LineOfEnquiry {
        LineOfEnquiry(
            id: row.id ?? 0, crimeID: row.$crime.id, kind: LineOfEnquiryKind(rawValue: row.kind) ?? .other,
            description: row.description, status: LineOfEnquiryStatus(rawValue: row.status) ?? .open,
            result: row.result, writtenOffReason: row.writtenOffReason, createdAt: row.createdAt,
            createdBy: row.createdBy, updatedAt: row.updatedAt)
    }

    public static func actions(crimeIDs: [Int], on database: any Database) async throws -> [InvestigationAction] {
        guard !crimeIDs.isEmpty else { return [] }
        let rows = try await InvestigationActionRecord.query(on: database).filter(\.$crime.$id ~~ crimeIDs)
            .with(\.$owner).sort(\.$dueOn).sort(\.$id).all()
        return rows.map(action)
    }

    public static func action(id: Int, on database: any Database) async throws -> InvestigationAction? {
        try await InvestigationActionRecord.query(on: database).filter(\.$id == id).with(\.$owner).first().map(action)
    }

    static func action(_ row: InvestigationActionRecord) -> InvestigationAction {
        InvestigationAction(
            id: row.id ?? 0, crimeID: row.$crime.id, description: row.description, ownerOfficerID: row.$owner.id,
            ownerName: "\(row.owner.rank) \(row.owner.givenName) \(row.owner.familyName)",
            dueOn: CalendarDay(row.dueOn) ?? CalendarDay(year: 2000, month: 1, day: 1)!, doneAt: row.doneAt,
            createdAt: row.createdAt, createdBy: row.createdBy)
    }

    public static func notes(crimeID: Int, on database: any Database) async throws -> [InvestigationNote] {
        try await InvestigationNoteRecord.query(on: database).filter(\.$crime.$id == crimeID).sort(\.$writtenAt)
            .sort(\.$id).all().map(note)
    }

    public static func note(id: Int, on database: any Database) async throws -> InvestigationNote? {
        try await InvestigationNoteRecord.find(id, on: database).map(note)
    }

    static func note(_ row: InvestigationNoteRecord) -> InvestigationNote {
        InvestigationNote(
            id: row.id ?? 0, crimeID: row.$crime.id, writtenAt: row.writtenAt, author: row.author, text: row.text,
            flaggedPhrases: row.flaggedPhrases.split(separator: "\n").map(String.init),
            flagReviewedAt: row.flagReviewedAt, flagReviewedBy: row.flagReviewedBy)
    }

    public static func reviews(crimeID: Int, on database: any Database) async throws -> [SupervisoryReview] {
        try await SupervisoryReviewRecord.query(on: database).filter(\.$crime.$id == crimeID).sort(\.$reviewedAt)
            .sort(\.$id).all().map(review)
    }

    static func review(_ row: SupervisoryReviewRecord) -> SupervisoryReview {
        SupervisoryReview(
            id: row.id ?? 0, crimeID: row.$crime.id, reviewedAt: row.reviewedAt, reviewer: row.reviewer,
            reviewerUserID: row.reviewerUserID, direction: row.direction,
            nextReviewOn: row.nextReviewOn.flatMap { CalendarDay($0) }, dueAt: row.dueAt)
    }

    // MARK: - Writing

    @discardableResult
    public static func addLine(
        crimeID: Int, kind: LineOfEnquiryKind, description: String, actor: InvestigationActor, now: Date,
        on database: any Database
    ) async throws -> LineOfEnquiry {
        let row = LineOfEnquiryRecord()
        row.$crime.id = crimeID
        row.createdAt = now
        row.createdByUserID = actor.userID
        row.createdBy = actor.name
        row.updatedAt = now
        row.kind = kind.rawValue
        row.description = description
        row.status = LineOfEnquiryStatus.open.rawValue
        try await row.create(on: database)
        return line(row)
    }

    @discardableResult
    public static func updateLine(
        id: Int, status: LineOfEnquiryStatus, result: String?, now: Date, on database: any Database
    ) async throws -> LineOfEnquiry {
        guard let row = try await LineOfEnquiryRecord.find(id, on: database) else {
            throw InvestigationStoreError.notFound("line of enquiry \(id)")
        }
        row.status = status.rawValue
        if let result { row.result = result }
        row.updatedAt = now
        try await row.update(on: database)
        return line(row)
    }

    /// Marks every outstanding line of a crime as not viable, written off by a supervisor with `reason`.
    public static func writeOffOutstanding(
        crimeID: Int, reason: String, now: Date, on database: any Database
    ) async throws -> Int {
        let rows = try await LineOfEnquiryRecord.query(on: database).filter(\.$crime.$id == crimeID)
            .filter(\.$status ~~ [LineOfEnquiryStatus.open.rawValue, LineOfEnquiryStatus.inProgress.rawValue]).all()
        for row in rows {
            row.status = LineOfEnquiryStatus.notViable.rawValue
            row.writtenOffReason = reason
            row.updatedAt = now
            try await row.update(on: database)
        }
        return rows.count
    }

    @discardableResult
    public static func addAction(
        crimeID: Int, description: String, ownerOfficerID: Int, dueOn: CalendarDay, actor: InvestigationActor,
        now: Date, on database: any Database
    ) async throws -> InvestigationAction {
        let row = InvestigationActionRecord()
        row.$crime.id = crimeID
        row.$owner.id = ownerOfficerID
        row.createdAt = now
        row.createdByUserID = actor.userID
        row.createdBy = actor.name
        row.description = description
        row.dueOn = dueOn.text
        row.dueBy = SupervisionPolicy.endOfDay(dueOn)
        try await row.create(on: database)
        guard let saved = try await action(id: row.id ?? 0, on: database) else {
            throw InvestigationStoreError.notFound("action")
        }
        return saved
    }

    public static func completeAction(id: Int, actor: InvestigationActor, now: Date, on database: any Database)
        async throws
    {
        guard let row = try await InvestigationActionRecord.find(id, on: database) else {
            throw InvestigationStoreError.notFound("action \(id)")
        }
        row.doneAt = now
        row.doneBy = actor.name
        try await row.update(on: database)
    }

    @discardableResult
    public static func addNote(
        crimeID: Int, text: String, flagged: [String], actor: InvestigationActor, now: Date, on database: any Database
    ) async throws -> InvestigationNote {
        let row = InvestigationNoteRecord()
        row.$crime.id = crimeID
        row.writtenAt = now
        row.authorUserID = actor.userID
        row.author = actor.name
        row.text = text
        row.flaggedPhrases = flagged.joined(separator: "\n")
        try await row.create(on: database)
        return note(row)
    }

    public static func reviewFlag(noteID: Int, actor: InvestigationActor, now: Date, on database: any Database)
        async throws
    {
        guard let row = try await InvestigationNoteRecord.find(noteID, on: database) else {
            throw InvestigationStoreError.notFound("note \(noteID)")
        }
        row.flagReviewedAt = now
        row.flagReviewedBy = actor.name
        try await row.update(on: database)
    }

    @discardableResult
    public static func addReview(
        crimeID: Int, direction: String, nextReviewOn: CalendarDay?, dueAt: Date, nextDueAt: Date,
        actor: InvestigationActor, now: Date, on database: any Database
    ) async throws -> SupervisoryReview {
        let row = SupervisoryReviewRecord()
        row.$crime.id = crimeID
        row.reviewedAt = now
        row.reviewerUserID = actor.userID
        row.reviewer = actor.name
        row.direction = direction
        row.nextReviewOn = nextReviewOn?.text
        row.dueAt = dueAt
        row.nextDueAt = nextDueAt
        try await row.create(on: database)
        return review(row)
    }
}
