import FluentKit
import SQLKit

struct CreateUsers: AsyncMigration {
    var name: String { "CreateUsers" }

    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .field("id", .int, .identifier(auto: true))
            .field("created_at", .datetime)
            .field("officer_id", .int, .references(Officer.schema, "id", onDelete: .setNull))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("disabled", .bool, .required)
            .field("must_change_password", .bool, .required)
            .field("failed_attempts", .int, .required)
            .field("locked_until", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema(RoleGrantRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("bcu_code", .string, .required, .references(BCURecord.schema, "id"))
            .unique(on: "user_id", "role", "bcu_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RoleGrantRecord.schema).delete()
        try await database.schema(User.schema).delete()
    }
}
