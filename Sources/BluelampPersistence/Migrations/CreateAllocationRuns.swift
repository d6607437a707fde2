import FluentKit
import SQLKit

struct CreateAllocationRuns: AsyncMigration {
    var name: String { "CreateAllocationRuns" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AllocationRun.schema)
            .field("id", .int, .identifier(auto: true))
            .field("created_at", .datetime, .required)
            .field("created_by_user_id", .int)
            .field("created_by", .string, .required)
            .field("scope", .string, .required)
            .field("unit", .string)
            .field("policy_version", .int, .required)
            .field("purpose", .string, .required)
            .field("crimes", .int, .required)
            .field("officers", .int, .required)
            .field("proposed", .int, .required)
            .field("cost", .int64, .required)
            .field("solve_ms", .double, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AllocationRun.schema).delete()
    }
}
