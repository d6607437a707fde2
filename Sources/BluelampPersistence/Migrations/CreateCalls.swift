import FluentKit
import SQLKit

/// Calls from the public and the files they came in (issue 18). A call holds no personal data: channel, times,
/// grade, BCU and the reference of any crime recorded from it.
struct CreateCalls: AsyncMigration {
    var name: String { "CreateCalls" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema(CallStore.batchesTable)
            .field("id", .int, .identifier(auto: true))
            .field("imported_at", .datetime, .required)
            .field("imported_by", .string, .required)
            .field("file_name", .string, .required)
            .field("sha256", .string, .required)
            .field("rows", .int, .required)
            .field("calls", .int, .required)
            .field("rejected", .int, .required)
            .unique(on: "sha256")
            .create()

        try await database.schema(CallStore.callsTable)
            .field("id", .int, .identifier(auto: true))
            .field("call_id", .string, .required)
            .field("channel", .string, .required)
            .field("received_at", .datetime, .required)
            .field("answered_after_seconds", .int)
            .field("abandoned_after_seconds", .int)
            .field("grade", .string)
            .field("attended_at", .datetime)
            // Whole seconds from received_at to attended_at, kept so the figures compare integers in either database.
            .field("attended_after_seconds", .int)
            .field("bcu", .string, .required)
            .field("crime_reference", .string)
            .field("batch_id", .int)
            .unique(on: "call_id")
            .create()
        try await sql.create(index: "calls_received").on(CallStore.callsTable).column("received_at").run()
        try await sql.create(index: "calls_bcu_received").on(CallStore.callsTable).column("bcu").column("received_at")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CallStore.callsTable).delete()
        try await database.schema(CallStore.batchesTable).delete()
    }
}
