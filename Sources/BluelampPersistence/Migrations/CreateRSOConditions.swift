import FluentKit
import SQLKit

struct CreateRSOConditions: AsyncMigration {
    var name: String { "CreateRSOConditions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RSOConditionRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("offender_id", .int, .required, .references(RegisteredOffender.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("detail", .string, .required)
            .field("imposed_on", .date, .required)
            .field("expires_on", .date)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "rso_conditions_offender").on(RSOConditionRecord.schema).column("offender_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RSOConditionRecord.schema).delete()
    }
}
