import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Calls from the public (issue 18): reads and bulk writes.
public enum CallStore {
    static let callsTable = "calls"
    static let batchesTable = "call_import_batches"

    static let columns = [
        "call_id", "channel", "received_at", "answered_after_seconds", "abandoned_after_seconds", "grade",
        "attended_at", "attended_after_seconds", "bcu", "crime_reference", "batch_id",
    ]

    static func values(_ call: CallRecord, batchID: Int?) -> [BulkValue] {
        [
            .text(call.callID), .text(call.channel.rawValue), .date(call.receivedAt),
            BulkValue(call.answeredAfterSeconds), BulkValue(call.abandonedAfterSeconds),
            BulkValue(call.grade?.rawValue), BulkValue(call.attendedAt),
            BulkValue(call.attendedAt.map { Int($0.timeIntervalSince(call.receivedAt).rounded(.down)) }),
            .text(call.bcu.code),
            BulkValue(call.crimeReference), BulkValue(batchID),
        ]
    }

    /// Writes calls made elsewhere (the demo), skipping any call id already held.
    public static func insert(_ calls: [CallRecord], on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let bulk = BulkInserter(sql)
        try await bulk.insert(
            into: callsTable, columns: columns, rows: calls.lazy.map { values($0, batchID: nil) },
            conflict: "ON CONFLICT (call_id) DO NOTHING")
    }

    /// How many calls are held.
    public static func count(on database: any Database) async throws -> Int {
        let sql = database as! any SQLDatabase
        return try await sql.raw("SELECT COUNT(*) AS n FROM calls").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// How many calls a file's import batch wrote.
    static func count(batchID: Int, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM calls WHERE batch_id = \(bind: batchID)").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    /// Every call received in `from..<to` (in `bcus` when given), in the order received.
    public static func calls(
        receivedFrom from: Date, to: Date, bcus: [BCU]? = nil, on database: any Database
    ) async throws -> [CallRecord] {
        let sql = database as! any SQLDatabase
        let read = columns.filter { $0 != "batch_id" && $0 != "attended_after_seconds" }
        var query = sql.select().columns(read.map { SQLIdentifier($0) as any SQLExpression }).from(callsTable).where(
            "received_at", .greaterThanOrEqual, from
        )
        .where("received_at", .lessThan, to)
        if let bcus { query = query.where("bcu", .in, bcus.map(\.code)) }
        let rows = try await query.orderBy("received_at").orderBy("call_id").all()
        return try rows.compactMap { row in
            guard let channel = CallChannel(rawValue: try row.decode(column: "channel", as: String.self)),
                let bcu = BCU(rawValue: try row.decode(column: "bcu", as: String.self))
            else { return nil }
            return CallRecord(
                callID: try row.decode(column: "call_id", as: String.self), channel: channel,
                receivedAt: try row.decode(column: "received_at", as: Date.self),
                answeredAfterSeconds: try row.decode(column: "answered_after_seconds", as: Int?.self),
                abandonedAfterSeconds: try row.decode(column: "abandoned_after_seconds", as: Int?.self),
                grade: try row.decode(column: "grade", as: String?.self).flatMap(IncidentGrade.init(rawValue:)),
                attendedAt: try row.decode(column: "attended_at", as: Date?.self), bcu: bcu,
                crimeReference: try row.decode(column: "crime_reference", as: String?.self))
        }
    }
}
