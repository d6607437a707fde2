import FluentKit
import SQLKit

struct CreateUserSessions: AsyncMigration {
    var name: String { "CreateUserSessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(UserSession.schema)
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .int, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("address", .string)
            .create()
        try await database.schema(SignInFailure.schema)
            .field("id", .int, .identifier(auto: true))
            .field("address", .string, .required)
            .field("username", .string, .required)
            .field("at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "sign_in_failures_address_at").on(SignInFailure.schema).column("address").column(
            "at"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInFailure.schema).delete()
        try await database.schema(UserSession.schema).delete()
    }
}
