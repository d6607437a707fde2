import FluentKit
import SQLKit

struct CreateIdempotencyKeys: AsyncMigration {
    var name: String { "CreateIdempotencyKeys" }

    func prepare(on database: any Database) async throws {
        try await database.schema(IdempotencyRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("created_at", .datetime, .required)
            .field("user_id", .int, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("operation", .string, .required)
            .field("request_hash", .string, .required)
            .field("status_code", .int)
            .field("content_type", .string)
            .field("location", .string)
            .field("etag", .string)
            .field("body", .string)
            .unique(on: "user_id", "key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idempotency_keys_created_at").on(IdempotencyRecord.schema).column("created_at")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IdempotencyRecord.schema).delete()
    }
}
