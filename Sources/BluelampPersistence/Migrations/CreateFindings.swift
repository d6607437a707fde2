import FluentKit
import SQLKit

struct CreateFindings: AsyncMigration {
    var name: String { "CreateFindings" }

    func prepare(on database: any Database) async throws {
        try await database.schema(FindingRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("inspection_id", .int, .required, .references(InspectionRecord.schema, "id", onDelete: .cascade))
            .field("cause_of_concern_id", .int, .references(FindingRecord.schema, "id", onDelete: .setNull))
            .field("owner_user_id", .int, .references(User.schema, "id", onDelete: .setNull))
            .field("reference", .string, .required)
            .field("kind", .string, .required)
            .field("area_id", .string, .required)
            .field("text", .string, .required)
            .field("lead_in", .string)
            .field("due", .date)
            .field("status", .string, .required)
            .field("position", .int, .required)
            .unique(on: "inspection_id", "reference")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "findings_owner").on(FindingRecord.schema).column("owner_user_id").run()
        try await sql.create(index: "findings_cause").on(FindingRecord.schema).column("cause_of_concern_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FindingRecord.schema).delete()
    }
}
