import FluentKit
import SQLKit

struct CreateFindingStatusChanges: AsyncMigration {
    var name: String { "CreateFindingStatusChanges" }

    func prepare(on database: any Database) async throws {
        try await database.schema(FindingStatusChangeRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("finding_id", .int, .required, .references(FindingRecord.schema, "id", onDelete: .cascade))
            .field("by_user_id", .int, .references(User.schema, "id", onDelete: .setNull))
            .field("by_name", .string, .required)
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("reason", .string, .required)
            .field("at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "finding_status_changes_finding").on(FindingStatusChangeRecord.schema)
            .column("finding_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FindingStatusChangeRecord.schema).delete()
    }
}
