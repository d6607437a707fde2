import FluentKit

struct CreateForces: AsyncMigration {
    var name: String { "CreateForces" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ForceRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ForceRecord.schema).delete()
    }
}
