import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// A finding as stored: the core value (its `id` is the reference within its inspection, `owner`
/// the owner's name) with its inspection and database ids.
public struct StoredFinding: Sendable, Hashable {
    public var id: Int
    public var inspectionID: Int
    public var inspectionReference: String
    public var inspectionTitle: String
    public var frameworkID: String
    public var inspectionPublished: Date?
    /// History and evidence are filled only by `FindingStore.finding(id:on:)`.
    public var finding: Finding
    public var ownerUserID: Int?
    /// For a recommendation under a cause of concern: the cause of concern's database id.
    public var causeOfConcernID: Int?

    public var area: InspectionAreaReference {
        InspectionAreaReference(frameworkID: frameworkID, areaID: finding.areaID)
    }
}

/// An evidence item as stored.
public struct StoredEvidence: Sendable, Hashable {
    public var id: Int
    public var evidence: FindingEvidence
    public var document: EvidenceDocumentInfo?
}

/// An uploaded document's particulars (never its bytes).
public struct EvidenceDocumentInfo: Sendable, Hashable {
    public var fileName: String
    public var contentType: String
    public var size: Int
}

/// A finding with everything about it, for its page.
public struct FindingDetail: Sendable, Hashable {
    public var stored: StoredFinding
    public var evidence: [StoredEvidence]
    /// For a cause of concern: its recommendations, in report order.
    public var recommendations: [StoredFinding]
    /// For a recommendation under a cause of concern: that cause of concern.
    public var causeOfConcern: StoredFinding?
}

/// A new piece of evidence.
public enum NewEvidence: Sendable {
    case note(String)
    case document(description: String, fileName: String, contentType: String, bytes: Data)
    case indicator(IndicatorTarget, text: String)
}

public struct FindingFilter: Sendable, Hashable {
    public var kind: FindingKind?
    public var status: FindingStatus?
    /// Only findings not closed or superseded.
    public var unresolvedOnly: Bool
    /// Findings in any of these areas (an area and the areas it continues).
    public var areas: Set<InspectionAreaReference>?
    public var ownerUserID: Int?
    public var inspectionID: Int?

    public init(
        kind: FindingKind? = nil, status: FindingStatus? = nil, unresolvedOnly: Bool = false,
        areas: Set<InspectionAreaReference>? = nil, ownerUserID: Int? = nil, inspectionID: Int? = nil
    ) {
        self.kind = kind
        self.status = status
        self.unresolvedOnly = unresolvedOnly
        self.areas = areas
        self.ownerUserID = ownerUserID
        self.inspectionID = inspectionID
    }

    public func matches(_ stored: StoredFinding) -> Bool {
        if let kind, stored.finding.kind != kind { return false }
        if let status, stored.finding.status != status { return false }
        if unresolvedOnly, stored.finding.status.isResolved { return false }
        if let areas, !areas.contains(stored.area) { return false }
        if let ownerUserID, stored.ownerUserID != ownerUserID { return false }
        if let inspectionID, stored.inspectionID != inspectionID { return false }
        return true
    }
}

/// Findings and the work on them: status changes (with who and why), evidence, owners, due dates.
public enum FindingStore {
    /// Findings matching the filter, newest inspection first, in report order within one. A force
    /// holds hundreds of findings, not millions, so they are filtered after one read.
    public static func findings(matching filter: FindingFilter = FindingFilter(), on database: any Database)
        async throws -> [StoredFinding]
    {
        let rows = try await FindingRow.read(on: database) { select in
            var select = select
            if let ownerUserID = filter.ownerUserID { select = select.where("owner_user_id", .equal, ownerUserID) }
            if let inspectionID = filter.inspectionID { select = select.where("inspection_id", .equal, inspectionID) }
            return select
        }
        let positions = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.position) })
        return try await stored(rows, on: database)
            .filter(filter.matches)
            .sorted { a, b in
                if a.inspectionID != b.inspectionID { return a.inspectionID > b.inspectionID }
                return (positions[a.id] ?? 0) < (positions[b.id] ?? 0)
            }
    }

    static func stored(_ records: [FindingRecord], on database: any Database) async throws -> [StoredFinding] {
        try await stored(records.map(FindingRow.init), on: database)
    }

    static func stored(_ rows: [FindingRow], on database: any Database) async throws -> [StoredFinding] {
        guard !rows.isEmpty else { return [] }
        let inspections = Dictionary(
            uniqueKeysWithValues: try await InspectionRecord.query(on: database)
                .filter(\.$id ~~ Array(Set(rows.map(\.inspection_id)))).all().compactMap { r in
                    r.id.map { ($0, r) }
                })
        let owners = try await InspectionStore.userNames(ids: rows.compactMap(\.owner_user_id), on: database)
        // References of causes of concern, which may not be among `rows`.
        var references = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.reference) })
        let causeIDs = Array(Set(rows.compactMap(\.cause_of_concern_id)).subtracting(references.keys))
        if !causeIDs.isEmpty {
            for cause in try await FindingRow.read(on: database, { $0.where("id", .in, causeIDs) }) {
                references[cause.id] = cause.reference
            }
        }
        return rows.compactMap { row in
            guard let inspection = inspections[row.inspection_id],
                let finding = InspectionStore.core(row, owners: owners, references: references)
            else { return nil }
            return StoredFinding(
                id: row.id, inspectionID: row.inspection_id, inspectionReference: inspection.reference,
                inspectionTitle: inspection.title, frameworkID: inspection.$framework.id,
                inspectionPublished: inspection.published, finding: finding, ownerUserID: row.owner_user_id,
                causeOfConcernID: row.cause_of_concern_id)
        }
    }

    /// A finding with its history, evidence, and its cause of concern or recommendations.
    public static func finding(id: Int, on database: any Database) async throws -> FindingDetail? {
        guard let row = try await FindingRecord.find(id, on: database),
            var current = try await stored([row], on: database).first
        else { return nil }
        current.finding.history = try await FindingStatusChangeRecord.query(on: database)
            .filter(\.$finding.$id == id).sort(\.$at).sort(\.$id).all()
            .compactMap { change in
                guard let from = FindingStatus(rawValue: change.fromStatus),
                    let to = FindingStatus(rawValue: change.toStatus)
                else { return nil }
                return FindingStatusChange(from: from, to: to, by: change.byName, reason: change.reason, at: change.at)
            }
        let evidence = try await self.evidence(findingID: id, on: database)
        current.finding.evidence = evidence.map(\.evidence)
        let recommendations = try await stored(
            FindingRecord.query(on: database).filter(\.$causeOfConcern.$id == id).sort(\.$position).all(), on: database)
        var cause: StoredFinding?
        if let causeID = row.$causeOfConcern.id, let causeRow = try await FindingRecord.find(causeID, on: database) {
            cause = try await stored([causeRow], on: database).first
        }
        return FindingDetail(
            stored: current, evidence: evidence, recommendations: recommendations, causeOfConcern: cause)
    }

    public static func evidence(findingID: Int, on database: any Database) async throws -> [StoredEvidence] {
        try await evidence(findingIDs: [findingID], on: database)[findingID] ?? []
    }

    /// The evidence of each of `findingIDs` (oldest first), in two queries whatever their number: a page that shows
    /// many findings' evidence (the readiness report) reads it at once. A finding without evidence has no entry.
    public static func evidence(findingIDs: [Int], on database: any Database) async throws -> [Int: [StoredEvidence]] {
        guard !findingIDs.isEmpty else { return [:] }
        let items = try await EvidenceItem.query(on: database).filter(\.$finding.$id ~~ findingIDs)
            .sort(\.$addedAt).sort(\.$id).all()
        let ids = items.compactMap(\.id)
        var documents: [Int: EvidenceDocumentInfo] = [:]
        if !ids.isEmpty {
            // Particulars only: the bytes stay in the database until someone downloads them.
            let sql = database as! any SQLDatabase
            struct Row: Decodable {
                var evidence_id: Int
                var file_name: String
                var content_type: String
                var size: Int
            }
            let rows = try await sql.select().columns("evidence_id", "file_name", "content_type", "size")
                .from(EvidenceDocument.schema).where("evidence_id", .in, ids).all(decoding: Row.self)
            for row in rows {
                documents[row.evidence_id] = EvidenceDocumentInfo(
                    fileName: row.file_name, contentType: row.content_type, size: row.size)
            }
        }
        var byFinding: [Int: [StoredEvidence]] = [:]
        for item in items {
            guard let id = item.id, let kind = FindingEvidence.Kind(rawValue: item.kind) else { continue }
            let target = item.indicatorID.flatMap { indicator in
                item.targetValue.map { IndicatorTarget(indicatorID: indicator, value: $0) }
            }
            let evidence = FindingEvidence(
                kind: kind, text: item.text, reference: kind == .document ? "evidence/\(id)" : nil, target: target,
                addedBy: item.addedByName, addedAt: item.addedAt)
            byFinding[item.$finding.id, default: []].append(
                StoredEvidence(id: id, evidence: evidence, document: documents[id]))
        }
        return byFinding
    }

    /// An evidence document's particulars and bytes, with the finding it belongs to.
    public static func document(evidenceID: Int, on database: any Database) async throws
        -> (findingID: Int, info: EvidenceDocumentInfo, bytes: Data)?
    {
        guard let item = try await EvidenceItem.find(evidenceID, on: database),
            let document = try await EvidenceDocument.query(on: database).filter(\.$evidence.$id == evidenceID).first()
        else { return nil }
        return (
            item.$finding.id,
            EvidenceDocumentInfo(fileName: document.fileName, contentType: document.contentType, size: document.size),
            document.bytes
        )
    }

    // MARK: - Changes

    /// Moves a finding to `status`, recording who and why, under the core rules
    /// (`Finding.changingStatus`): the status path, a reason, and no cause of concern closed while
    /// one of its recommendations is open.
    ///
    /// - Throws: `FindingRuleViolation` when a rule refuses the change (nothing is written);
    ///   `FindingStoreError.notFound` for an unknown finding.
    @discardableResult
    public static func changeStatus(
        findingID: Int, to status: FindingStatus, byUserID: Int?, byName: String, reason: String, at: Date,
        on database: any Database
    ) async throws -> FindingStatusChange {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            if sql.dialect.name == "postgresql" {
                // Two people changing the same finding at once: the second waits and sees the first's status.
                try await sql.raw("SELECT id FROM findings WHERE id = \(bind: findingID) FOR UPDATE").run()
            }
            guard let row = try await FindingRecord.find(findingID, on: db),
                let current = try await stored([row], on: db).first
            else { throw FindingStoreError.notFound }
            var finding = current.finding
            if let last = try await FindingStatusChangeRecord.query(on: db).filter(\.$finding.$id == findingID)
                .sort(\.$at, .descending).first()
            {
                finding.history = [
                    FindingStatusChange(
                        from: FindingStatus(rawValue: last.fromStatus) ?? .open,
                        to: FindingStatus(rawValue: last.toStatus) ?? .open, by: last.byName, reason: last.reason,
                        at: last.at)
                ]
            }
            let recommendations =
                finding.kind == .causeOfConcern
                ? try await stored(
                    FindingRecord.query(on: db).filter(\.$causeOfConcern.$id == findingID).all(), on: db
                ).map(\.finding) : []
            let changed = try finding.changingStatus(
                to: status, by: byName, reason: reason, at: at, recommendations: recommendations)
            let change = changed.history.last!
            row.status = status.rawValue
            try await row.update(on: db)
            let history = FindingStatusChangeRecord()
            history.$finding.id = findingID
            history.$byUser.id = byUserID
            history.byName = change.by
            history.fromStatus = change.from.rawValue
            history.toStatus = change.to.rawValue
            history.reason = change.reason
            history.at = change.at
            try await history.create(on: db)
            return change
        }
    }

    /// The largest document accepted: 5 MB.
    public static let maximumDocumentSize = 5 * 1024 * 1024

    /// Adds evidence to a finding; returns its id.
    @discardableResult
    public static func addEvidence(
        findingID: Int, _ evidence: NewEvidence, byUserID: Int?, byName: String, at: Date, on database: any Database
    ) async throws -> Int {
        guard try await FindingRecord.find(findingID, on: database) != nil else { throw FindingStoreError.notFound }
        return try await database.transaction { db in
            let item = EvidenceItem()
            item.$finding.id = findingID
            item.$addedByUser.id = byUserID
            item.addedByName = byName
            item.addedAt = at
            switch evidence {
            case .note(let text):
                item.kind = FindingEvidence.Kind.note.rawValue
                item.text = text
            case .document(let description, let fileName, _, let bytes):
                guard bytes.count <= maximumDocumentSize else { throw FindingStoreError.documentTooLarge }
                item.kind = FindingEvidence.Kind.document.rawValue
                item.text = description.isEmpty ? fileName : description
            case .indicator(let target, let text):
                item.kind = FindingEvidence.Kind.indicator.rawValue
                item.text = text
                item.indicatorID = target.indicatorID
                item.targetValue = target.value
            }
            try await item.create(on: db)
            let id = try item.requireID()
            if case .document(_, let fileName, let contentType, let bytes) = evidence {
                let document = EvidenceDocument()
                document.$evidence.id = id
                document.fileName = fileName
                document.contentType = contentType
                document.size = bytes.count
                document.bytes = bytes
                try await document.create(on: db)
            }
            return id
        }
    }

    /// Sets a finding's owner and due date (nil clears either).
    public static func assign(findingID: Int, ownerUserID: Int?, due: Date?, on database: any Database) async throws {
        guard let row = try await FindingRecord.find(findingID, on: database) else { throw FindingStoreError.notFound }
        row.$owner.id = ownerUserID
        row.due = due
        try await row.update(on: database)
    }
}

public enum FindingStoreError: Error, CustomStringConvertible, Sendable {
    case notFound
    case documentTooLarge

    public var description: String {
        switch self {
        case .notFound: "there is no such finding"
        case .documentTooLarge: "the document is larger than \(FindingStore.maximumDocumentSize / 1024 / 1024) MB"
        }
    }
}
