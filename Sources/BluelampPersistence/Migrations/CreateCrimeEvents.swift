import FluentKit
import SQLKit

/// The timeline of a crime: who did what, when (recording, status changes, outcomes, and later allocation).
struct CreateCrimeEvents: AsyncMigration {
    var name: String { "CreateCrimeEvents" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CrimeEvent.schema)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor_user_id", .int)
            .field("actor_name", .string, .required)
            .field("kind", .string, .required)
            .field("from_status", .string)
            .field("to_status", .string)
            .field("detail", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "crime_events_crime").on(CrimeEvent.schema).column("crime_id").column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CrimeEvent.schema).delete()
    }
}
