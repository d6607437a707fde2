import FluentKit
import SQLKit

struct CreateTeams: AsyncMigration {
    var name: String { "CreateTeams" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Team.schema)
            .field("id", .int, .identifier(auto: true))
            .field("bcu_code", .string, .required, .references(BCURecord.schema, "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .unique(on: "bcu_code", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Team.schema).delete()
    }
}
