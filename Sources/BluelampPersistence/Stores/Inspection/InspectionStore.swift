import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// An inspection as stored: the core value with its findings as they stand now (status, owner,
/// due date), and the database ids behind it.
public struct StoredInspection: Sendable, Hashable {
    public var id: Int
    public var inspection: Inspection
    /// Finding reference (`COC1-R3`) → database id.
    public var findingIDs: [String: Int]

    public init(id: Int, inspection: Inspection, findingIDs: [String: Int]) {
        self.id = id
        self.inspection = inspection
        self.findingIDs = findingIDs
    }
}

/// What saving an inspection did.
public enum InspectionSaveOutcome: Sendable, Hashable {
    case created(id: Int)
    /// The same inspection (same id, same content) was already stored; nothing was written.
    case unchanged(id: Int)

    public var id: Int {
        switch self {
        case .created(let id), .unchanged(let id): id
        }
    }
}

/// Why an inspection cannot be saved.
public struct InspectionSaveRefusal: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}

/// Frameworks, inspections and their judgements and findings.
public enum InspectionStore {
    // MARK: - Frameworks

    /// Makes the frameworks table match the framework files: inserts new ones, refreshes changed ones
    /// (by checksum) and leaves the rest. Running it again changes nothing. Returns how many rows it
    /// inserted or updated.
    ///
    /// A page calls it on every request, so it reads only each row's id and checksum, and each file's document and
    /// checksum are worked out once per process (`FrameworkDocuments`).
    @discardableResult
    public static func syncFrameworks(_ frameworks: [InspectionFramework], on database: any Database, now: Date)
        async throws -> Int
    {
        var changed = 0
        let existing = try await frameworkChecksums(on: database)
        for framework in frameworks {
            let (document, checksum) = try FrameworkDocuments.shared.document(of: framework)
            if let stored = existing[framework.id] {
                guard stored != checksum, let row = try await InspectionFrameworkRecord.find(framework.id, on: database)
                else { continue }
                row.name = framework.name
                row.years = framework.years
                row.gradeScale = framework.gradeScale.rawValue
                row.document = document
                row.checksum = checksum
                row.loadedAt = now
                try await row.update(on: database)
            } else {
                let row = InspectionFrameworkRecord()
                row.id = framework.id
                row.name = framework.name
                row.years = framework.years
                row.gradeScale = framework.gradeScale.rawValue
                row.document = document
                row.checksum = checksum
                row.loadedAt = now
                do {
                    try await row.create(on: database)
                } catch {
                    // Another instance inserted it first: nothing to do.
                    if try await InspectionFrameworkRecord.find(framework.id, on: database) == nil { throw error }
                    continue
                }
            }
            changed += 1
        }
        return changed
    }

    /// Every stored framework. A document is decoded once per process for each checksum it has had, so reading the
    /// frameworks costs one query of ids and checksums, plus the documents of any not seen before.
    public static func frameworks(on database: any Database) async throws -> [InspectionFramework] {
        let checksums = try await frameworkChecksums(on: database)
        let cache = FrameworkDocuments.shared
        var frameworks: [InspectionFramework] = []
        var unseen: [String] = []
        for (id, checksum) in checksums {
            if let known = cache.framework(checksum: checksum) { frameworks.append(known) } else { unseen.append(id) }
        }
        if !unseen.isEmpty {
            for row in try await InspectionFrameworkRecord.query(on: database).filter(\.$id ~~ unseen).all() {
                frameworks.append(
                    cache.remember(
                        try InspectionFramework.decode(from: Data(row.document.utf8)), checksum: row.checksum))
            }
        }
        return frameworks.sorted { $0.id < $1.id }
    }

    /// Each stored framework's checksum, by id.
    private static func frameworkChecksums(on database: any Database) async throws -> [String: String] {
        struct Row: Decodable {
            var id: String
            var checksum: String
        }
        let rows = try await (database as! any SQLDatabase).select().columns("id", "checksum")
            .from(InspectionFrameworkRecord.schema).all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.checksum) })
    }

    // MARK: - Saving

    /// Stores an inspection with its judgements and findings (and any status history, owners,
    /// due dates or evidence notes the value carries), in one transaction.
    ///
    /// Idempotent: an inspection already stored under the same id with the same content is left as it
    /// is (`.unchanged`); one stored under the same id with different content is refused, since work
    /// may have been recorded against its findings.
    public static func save(_ inspection: Inspection, on database: any Database) async throws -> InspectionSaveOutcome {
        let hash = SessionStore.sha256(try json(inspection))
        if let existing = try await InspectionRecord.query(on: database).filter(\.$reference == inspection.id).first() {
            guard existing.contentHash == hash else {
                throw InspectionSaveRefusal(
                    "an inspection \(inspection.id) is already stored with different content; nothing was written")
            }
            return .unchanged(id: try existing.requireID())
        }
        guard try await InspectionFrameworkRecord.find(inspection.frameworkID, on: database) != nil else {
            throw InspectionSaveRefusal("framework \(inspection.frameworkID) is not loaded")
        }
        return try await database.transaction { db in
            let record = InspectionRecord()
            record.$framework.id = inspection.frameworkID
            record.reference = inspection.id
            record.forceName = inspection.force
            record.title = inspection.title
            record.fieldworkStart = inspection.fieldworkStart
            record.fieldworkEnd = inspection.fieldworkEnd
            record.published = inspection.published
            record.sources = try json(inspection.sources)
            record.note = inspection.note
            record.contentHash = hash
            try await record.create(on: db)
            let inspectionID = try record.requireID()

            for (position, judgement) in inspection.judgements.enumerated() {
                let row = AreaJudgementRecord()
                row.$inspection.id = inspectionID
                row.areaID = judgement.areaID
                row.grade = judgement.grade?.rawValue
                row.summary = judgement.summary
                row.sources = try json(judgement.sources)
                row.note = judgement.note
                row.position = position
                try await row.create(on: db)
            }

            // Causes of concern first, so recommendations can name them.
            var ids: [String: Int] = [:]
            let ordered = inspection.findings.enumerated().sorted { a, b in
                (a.element.kind == .causeOfConcern ? 0 : 1, a.offset) < (
                    b.element.kind == .causeOfConcern ? 0 : 1, b.offset
                )
            }
            let owners = try await ownerIDs(named: inspection.findings.compactMap(\.owner), on: db)
            for (position, finding) in ordered {
                let row = FindingRecord()
                row.$inspection.id = inspectionID
                row.$causeOfConcern.id = finding.causeOfConcernID.flatMap { ids[$0] }
                row.$owner.id = finding.owner.flatMap { owners[$0] }
                row.reference = finding.id
                row.kind = finding.kind.rawValue
                row.areaID = finding.areaID
                row.text = finding.text
                row.leadIn = finding.leadIn
                row.due = finding.due
                row.status = finding.status.rawValue
                row.position = position
                try await row.create(on: db)
                let findingID = try row.requireID()
                ids[finding.id] = findingID
                for change in finding.history {
                    let history = FindingStatusChangeRecord()
                    history.$finding.id = findingID
                    history.$byUser.id = owners[change.by]
                    history.byName = change.by
                    history.fromStatus = change.from.rawValue
                    history.toStatus = change.to.rawValue
                    history.reason = change.reason
                    history.at = change.at
                    try await history.create(on: db)
                }
                for evidence in finding.evidence where evidence.kind != .document {
                    let item = EvidenceItem()
                    item.$finding.id = findingID
                    item.$addedByUser.id = owners[evidence.addedBy]
                    item.addedByName = evidence.addedBy
                    item.addedAt = evidence.addedAt
                    item.kind = evidence.kind.rawValue
                    item.text = evidence.text
                    item.indicatorID = evidence.target?.indicatorID
                    item.targetValue = evidence.target?.value
                    try await item.create(on: db)
                }
            }
            return .created(id: inspectionID)
        }
    }

    /// Users named by username or display name, to link owners and history to accounts.
    private static func ownerIDs(named names: [String], on database: any Database) async throws -> [String: Int] {
        guard !names.isEmpty else { return [:] }
        var ids: [String: Int] = [:]
        for user in try await User.query(on: database).group(
            .or, { $0.filter(\.$username ~~ names).filter(\.$displayName ~~ names) }
        ).all() {
            guard let id = user.id else { continue }
            ids[user.username] = id
            ids[user.displayName] = id
        }
        return ids
    }

    // MARK: - Reading

    public static func count(on database: any Database) async throws -> Int {
        try await InspectionRecord.query(on: database).count()
    }

    /// Every stored inspection, oldest publication first (undated ones by when they were stored),
    /// with judgements and findings (status, owner's name, due date; no history or evidence).
    public static func inspections(on database: any Database) async throws -> [StoredInspection] {
        let records = try await InspectionRecord.query(on: database).sort(\.$id).all()
        // Judgements and findings through SQLKit, not as Fluent models: see `FindingRow`.
        struct JudgementRow: Decodable {
            var inspection_id: Int
            var area_id: String
            var grade: String?
            var summary: String?
            var sources: String
            var note: String?
        }
        let judgements = try await (database as! any SQLDatabase).select()
            .columns("inspection_id", "area_id", "grade", "summary", "sources", "note")
            .from(AreaJudgementRecord.schema).orderBy("position").orderBy("id").all(decoding: JudgementRow.self)
        let findings = try await FindingRow.read(on: database)
        let owners = try await userNames(ids: findings.compactMap(\.owner_user_id), on: database)
        let referenceByID = Dictionary(uniqueKeysWithValues: findings.map { ($0.id, $0.reference) })
        var stored: [StoredInspection] = []
        for record in records {
            let id = try record.requireID()
            let own = findings.filter { $0.inspection_id == id }
            let inspection = Inspection(
                id: record.reference, force: record.forceName, frameworkID: record.$framework.id, title: record.title,
                fieldworkStart: record.fieldworkStart, fieldworkEnd: record.fieldworkEnd, published: record.published,
                sources: decode([InspectionSource].self, record.sources) ?? [],
                judgements: judgements.filter { $0.inspection_id == id }.map { row in
                    AreaJudgement(
                        areaID: row.area_id, grade: row.grade.flatMap(Grade.init(rawValue:)), summary: row.summary,
                        sources: decode([String].self, row.sources) ?? [], note: row.note)
                },
                findings: own.compactMap { core($0, owners: owners, references: referenceByID) },
                note: record.note)
            stored.append(
                StoredInspection(
                    id: id, inspection: inspection,
                    findingIDs: Dictionary(uniqueKeysWithValues: own.map { ($0.reference, $0.id) })))
        }
        return stored
    }

    /// The core finding of a row, without history or evidence. `references` maps database ids to
    /// finding references, for the cause-of-concern link.
    static func core(_ row: FindingRow, owners: [Int: String], references: [Int: String]) -> Finding? {
        guard let kind = FindingKind(rawValue: row.kind), let status = FindingStatus(rawValue: row.status) else {
            return nil
        }
        return Finding(
            id: row.reference, kind: kind, areaID: row.area_id, text: row.text, leadIn: row.lead_in,
            causeOfConcernID: row.cause_of_concern_id.flatMap { references[$0] },
            owner: row.owner_user_id.flatMap { owners[$0] }, due: row.due, status: status)
    }

    /// Each user's display name, by id.
    /// The version of everything the PEEL dashboard reads, or nil on a database without it. It changes with every
    /// write to the frameworks, inspections, judgements, findings, their owners' names, the monitoring periods, the
    /// indicators' stored figures, snapshots and thresholds, and the policies that name or band indicators: triggers
    /// change it in the writer's own transaction (`CreateChangeVersions`). Read it before the rows it stands for, and
    /// what is kept under it is never older than it.
    public static func inputsVersion(on database: any Database) async throws -> Int64? {
        struct Row: Decodable { var value: Int64 }
        return try await (database as! any SQLDatabase).select().column("value").from("change_versions")
            .where("name", .equal, "inspection").first(decoding: Row.self)?.value
    }

    static func userNames(ids: [Int], on database: any Database) async throws -> [Int: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        struct Row: Decodable {
            var id: Int
            var display_name: String
        }
        let rows = try await (database as! any SQLDatabase).select().columns("id", "display_name")
            .from(User.schema).where("id", .in, unique).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.id, $0.display_name) }) { first, _ in first }
    }

    // MARK: - JSON columns

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try InspectionJSON.encoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? InspectionJSON.decoder().decode(type, from: Data(text.utf8))
    }
}
