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

    /// The day (`yyyyMMdd`) of the newest call the demo wrote (no import batch, a `CAD-yyyyMMdd-…` id), nil
    /// when it wrote none.
    public static func latestDemoCallDay(on database: any Database) async throws -> String? {
        let sql = database as! any SQLDatabase
        let id = try await sql.raw(
            "SELECT MAX(call_id) AS id FROM calls WHERE batch_id IS NULL AND call_id LIKE 'CAD-%'"
        ).first()?.decode(column: "id", as: String?.self)
        guard let id, id.count >= 12 else { return nil }
        return String(id.dropFirst(4).prefix(8))
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
        var query = select(sql).where("received_at", .greaterThanOrEqual, from).where("received_at", .lessThan, to)
        if let bcus { query = query.where("bcu", .in, bcus.map(\.code)) }
        return try decode(try await query.orderBy("received_at").orderBy("call_id").all())
    }

    /// The calls linked to the crime with `reference` (issue 18: "an incident created from a call can be linked to
    /// the crime recorded from it"), in the order received. The link is the reference, so a call imported before its
    /// crime was recorded is found once the crime is.
    public static func calls(crimeReference reference: String, on database: any Database) async throws
        -> [CallRecord]
    {
        let sql = database as! any SQLDatabase
        return try decode(
            try await select(sql).where("crime_reference", .equal, reference).orderBy("received_at").orderBy("call_id")
                .all())
    }

    /// One call by the call-handling system's id.
    public static func call(callID: String, on database: any Database) async throws -> CallRecord? {
        let sql = database as! any SQLDatabase
        return try decode(try await select(sql).where("call_id", .equal, callID).limit(1).all()).first
    }

    /// Links a call to the crime with `reference`.
    public static func link(callID: String, crimeReference reference: String, on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.update(callsTable).set("crime_reference", to: reference).where("call_id", .equal, callID).run()
    }

    private static func select(_ sql: any SQLDatabase) -> SQLSelectBuilder {
        let read = columns.filter { $0 != "batch_id" && $0 != "attended_after_seconds" }
        return sql.select().columns(read.map { SQLIdentifier($0) as any SQLExpression }).from(callsTable)
    }

    private static func decode(_ rows: [any SQLRow]) throws -> [CallRecord] {
        try rows.compactMap { row in
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
