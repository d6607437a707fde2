import BluelampCore
import Crypto
import FluentKit
import Foundation
import SQLKit

/// Appends to and verifies the hash-chained audit log.
public enum AuditLog {
    /// The hash every chain starts from.
    public static let genesisHash = String(repeating: "0", count: 64)

    public static func hash(previous: String, entry: AuditEntry) -> String {
        let digest = SHA256.hash(data: Data((previous + "\n" + entry.canonicalText).utf8))
        return Hex.string(digest)
    }

    /// Appends one entry, chained to the last. Appends are serialised: an advisory lock on PostgreSQL,
    /// and on SQLite the single writer plus a retry when two appends race for the same sequence number.
    /// Called inside a transaction, the entry is written in it: it commits, or is rolled back, with the change it records.
    @discardableResult
    public static func append(
        on database: any Database, at: Date, actorUserID: Int?, actorUsername: String, role: String?,
        action: AuditAction, recordType: AuditRecordType, recordID: String? = nil, subject: AuditSubject? = nil,
        reason: String? = nil, address: String? = nil, requestID: String? = nil, outcome: String = "ok"
    ) async throws -> AuditEntry {
        let draft = AuditDraft(
            actorUserID: actorUserID, actorUsername: actorUsername, role: role, action: action, recordType: recordType,
            recordID: recordID, subject: subject, reason: reason, address: address, requestID: requestID,
            outcome: outcome)
        return try await append([draft], at: at, on: database)[0]
    }

    static func entry(from row: AuditEvent) -> AuditEntry {
        AuditEntry(
            sequence: row.id ?? 0, at: row.at, actorUserID: row.actorUserID, actorUsername: row.actorUsername,
            role: row.role, action: AuditAction(rawValue: row.action) ?? .read, recordType: row.recordType,
            recordID: row.recordID, subjectPersonID: row.subjectPersonID, reason: row.reason, address: row.address,
            requestID: row.requestID, outcome: row.outcome)
    }

    /// Walks the whole chain in sequence order, in pages, and names the first entry that does not fit.
    public static func verify(on database: any Database, pageSize: Int = 5000) async throws -> AuditChainVerdict {
        var previous = genesisHash
        var expected = 1
        var count = 0
        while true {
            let rows = try await AuditEvent.query(on: database).filter(\.$id >= expected).sort(\.$id, .ascending)
                .limit(pageSize).all()
            if rows.isEmpty { break }
            for row in rows {
                let sequence = row.id ?? 0
                if sequence != expected {
                    return .broken(
                        sequence: expected, reason: "entry \(expected) is missing (next stored entry is \(sequence))")
                }
                if AuditAction(rawValue: row.action) == nil {
                    return .broken(
                        sequence: sequence, reason: "entry \(sequence) has an unknown action \"\(row.action)\"")
                }
                if row.previousHash != previous {
                    return .broken(
                        sequence: sequence,
                        reason: "entry \(sequence) does not point at the hash of entry \(sequence - 1)")
                }
                let recomputed = hash(previous: previous, entry: entry(from: row))
                if recomputed != row.hash {
                    return .broken(
                        sequence: sequence,
                        reason:
                            "entry \(sequence) was changed after it was written (its hash does not match its contents)")
                }
                previous = row.hash
                expected += 1
                count += 1
            }
        }
        return .intact(entries: count)
    }

    /// A filtered page of the log, newest first.
    public struct Filter: Sendable {
        public var actorUsername: String?
        public var subjectPersonID: String?
        public var recordType: String?
        public var recordID: String?
        public var action: AuditAction?
        public var from: Date?
        public var to: Date?
        public init(
            actorUsername: String? = nil, subjectPersonID: String? = nil, recordType: String? = nil,
            recordID: String? = nil, action: AuditAction? = nil, from: Date? = nil, to: Date? = nil
        ) {
            self.actorUsername = actorUsername
            self.subjectPersonID = subjectPersonID
            self.recordType = recordType
            self.recordID = recordID
            self.action = action
            self.from = from
            self.to = to
        }
    }

    public static func search(on database: any Database, filter: Filter, before: Int? = nil, limit: Int) async throws
        -> [AuditEntry]
    {
        var query = AuditEvent.query(on: database)
        if let v = filter.actorUsername, !v.isEmpty { query = query.filter(\.$actorUsername == v) }
        if let v = filter.subjectPersonID, !v.isEmpty { query = query.filter(\.$subjectPersonID == v) }
        if let v = filter.recordType, !v.isEmpty { query = query.filter(\.$recordType == v) }
        if let v = filter.recordID, !v.isEmpty { query = query.filter(\.$recordID == v) }
        if let v = filter.action { query = query.filter(\.$action == v.rawValue) }
        if let v = filter.from { query = query.filter(\.$at >= v) }
        if let v = filter.to { query = query.filter(\.$at < v) }
        if let before { query = query.filter(\.$id < before) }
        return try await query.sort(\.$id, .descending).limit(limit).all().map(entry(from:))
    }
}
