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
                    let last = try await AuditEvent.query(on: db).sort(\.$id, .descending).first()
                    var sequence = last?.id ?? 0
                    var previous = last?.hash ?? genesisHash
                    var entries: [AuditEntry] = []
                    for (draft, at) in items {
                        sequence += 1
                        let entry = AuditEntry(
                            sequence: sequence, at: at, actorUserID: draft.actorUserID,
                            actorUsername: draft.actorUsername,
                            role: draft.role, action: draft.action, recordType: draft.recordType.rawValue,
                            recordID: draft.recordID,
                            subjectPersonID: draft.subject?.text, reason: draft.reason, address: draft.address,
                            requestID: draft.requestID, outcome: draft.outcome)
                        let row = AuditEvent()
                        row.id = sequence
                        row.at = at
                        row.actorUserID = draft.actorUserID
                        row.actorUsername = draft.actorUsername
                        row.role = draft.role
                        row.action = draft.action.rawValue
                        row.recordType = draft.recordType.rawValue
                        row.recordID = draft.recordID
                        row.subjectPersonID = draft.subject?.text
                        row.reason = draft.reason
                        row.address = draft.address
                        row.requestID = draft.requestID
                        row.outcome = draft.outcome
                        row.previousHash = previous
                        row.hash = hash(previous: previous, entry: entry)
                        try await row.create(on: db)
                        previous = row.hash
                        entries.append(entry)
                    }
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
