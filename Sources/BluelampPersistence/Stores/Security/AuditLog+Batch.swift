import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// One audit entry before it is chained: what `AuditLog.append` takes, as a value.
public struct AuditDraft: Sendable, Hashable {
    public var actorUserID: Int?
    public var actorUsername: String
    public var role: String?
    public var action: AuditAction
    public var recordType: AuditRecordType
    public var recordID: String?
    /// The person the record is about, for subject access reports.
    public var subject: AuditSubject?
    public var reason: String?
    public var address: String?
    public var requestID: String?
    public var outcome: String

    public init(
        actorUserID: Int?, actorUsername: String, role: String?, action: AuditAction, recordType: AuditRecordType,
        recordID: String? = nil, subject: AuditSubject? = nil, reason: String? = nil, address: String? = nil,
        requestID: String? = nil, outcome: String = "ok"
    ) {
        self.actorUserID = actorUserID
        self.actorUsername = actorUsername
        self.role = role
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.subject = subject
        self.reason = reason
        self.address = address
        self.requestID = requestID
        self.outcome = outcome
    }
}

extension AuditLog {
    /// `audit_events`' columns in the order `append` writes them.
    static let columns = [
        "id", "at", "actor_user_id", "actor_username", "role", "action", "record_type", "record_id",
        "subject_person_id", "reason", "address", "request_id", "outcome", "previous_hash", "hash",
    ]

    /// Appends several entries in one transaction, each chained to the one before, exactly as that many
    /// calls to `append` would (same lock, same retry). A list page that shows fifty people writes one
    /// entry per person without fifty commits.
    @discardableResult
    public static func append(
        _ drafts: [AuditDraft], at: Date, on database: any Database
    ) async throws -> [AuditEntry] {
        try await append(drafts.map { ($0, at) }, on: database)
    }

    /// Appends entries each with its own time, in the order given, in one transaction (the group commit of
    /// `AuditWriter`). With a gate, on SQLite, the transaction waits for the application's other writes first.
    @discardableResult
    public static func append(
        _ items: [(draft: AuditDraft, at: Date)], on database: any Database, gate: SQLiteWriteGate? = nil
    ) async throws -> [AuditEntry] {
        guard !items.isEmpty else { return [] }
        let items = items.map {
            (draft: $0.draft, at: Date(timeIntervalSince1970: ($0.at.timeIntervalSince1970 * 1000).rounded() / 1000))
        }
        var lastError: (any Error)?
        for _ in 0..<8 {
            do {
                let work: @Sendable (any Database) async throws -> [AuditEntry] = { db in
                    let sql = db as! any SQLDatabase
                    if sql.dialect.name == "postgresql" {
                        try await sql.raw("SELECT pg_advisory_xact_lock(727274)").run()
                    }
                    // The chain's end and the new rows without Fluent's models: a group commit of many readers'
                    // entries was one `create` (and one reflection of the model) an entry.
                    struct Last: Decodable { var id: Int; var hash: String }
                    let last = try await sql.raw("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1")
                        .first(decoding: Last.self)
                    var sequence = last?.id ?? 0
                    var previous = last?.hash ?? genesisHash
                    var entries: [AuditEntry] = []
                    var rows: [[BulkValue]] = []
                    entries.reserveCapacity(items.count)
                    rows.reserveCapacity(items.count)
                    for (draft, at) in items {
                        sequence += 1
                        let entry = AuditEntry(
                            sequence: sequence, at: at, actorUserID: draft.actorUserID,
                            actorUsername: draft.actorUsername,
                            role: draft.role, action: draft.action, recordType: draft.recordType.rawValue,
                            recordID: draft.recordID,
                            subjectPersonID: draft.subject?.text, reason: draft.reason, address: draft.address,
                            requestID: draft.requestID, outcome: draft.outcome)
                        let hash = hash(previous: previous, entry: entry)
                        rows.append([
                            .int(sequence), .date(at), BulkValue(draft.actorUserID), .text(draft.actorUsername),
                            BulkValue(draft.role), .text(draft.action.rawValue), .text(draft.recordType.rawValue),
                            BulkValue(draft.recordID), BulkValue(draft.subject?.text), BulkValue(draft.reason),
                            BulkValue(draft.address), BulkValue(draft.requestID), .text(draft.outcome),
                            .text(previous), .text(hash),
                        ])
                        previous = hash
                        entries.append(entry)
                    }
                    try await BulkInserter(sql).insert(into: AuditEvent.schema, columns: columns, rows: rows)
                    return entries
                }
                return try await gate.transaction(on: database, work)
            } catch {
                lastError = error
                try await Task.sleep(nanoseconds: UInt64.random(in: 1_000_000...20_000_000))
            }
        }
        throw lastError!
    }
}
