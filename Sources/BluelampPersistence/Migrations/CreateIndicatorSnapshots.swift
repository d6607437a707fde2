import FluentKit
import SQLKit

struct CreateIndicatorSnapshots: AsyncMigration {
    var name: String { "CreateIndicatorSnapshots" }

    func prepare(on database: any Database) async throws {
        try await database.schema(IndicatorSnapshot.schema)
            .field("id", .int, .identifier(auto: true))
            .field("indicator_id", .string, .required)
            .field("day", .string, .required)
            .field("scope_code", .string, .required)
            .field("value", .double)
            .field("computed_at", .datetime, .required)
            .unique(on: "indicator_id", "day", "scope_code")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "indicator_snapshots_scope_day").on(IndicatorSnapshot.schema)
            .column("scope_code").column("day").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IndicatorSnapshot.schema).delete()
    }
}
