import FluentKit
import SQLKit

struct CreateEvidenceItems: AsyncMigration {
    var name: String { "CreateEvidenceItems" }

    func prepare(on database: any Database) async throws {
        try await database.schema(EvidenceItem.schema)
            .field("id", .int, .identifier(auto: true))
            .field("finding_id", .int, .required, .references(FindingRecord.schema, "id", onDelete: .cascade))
            .field("added_by_user_id", .int, .references(User.schema, "id", onDelete: .setNull))
            .field("added_by_name", .string, .required)
            .field("added_at", .datetime, .required)
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("indicator_id", .string)
            .field("target_value", .double)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "evidence_items_finding").on(EvidenceItem.schema).column("finding_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EvidenceItem.schema).delete()
    }
}
