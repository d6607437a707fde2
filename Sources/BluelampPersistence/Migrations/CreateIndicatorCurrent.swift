import FluentKit

/// Every indicator's figure now, for the force and each BCU (issue 20, item 3): what the dashboard, the indicators page
/// and the API read instead of computing 58 figures from the records on every request. One row per indicator and
/// scope, replaced by each refresh (`IndicatorCurrentStore`).
struct CreateIndicatorCurrent: AsyncMigration {
    var name: String { "CreateIndicatorCurrent" }

    func prepare(on database: any Database) async throws {
        try await database.schema(IndicatorCurrentStore.table)
            .field("indicator_id", .string, .required)
            .field("scope_code", .string, .required)
            .field("value", .double)
            .field("notes", .string, .required)
            .field("window_end", .string, .required)
            .field("computed_at", .datetime, .required)
            .unique(on: "indicator_id", "scope_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IndicatorCurrentStore.table).delete()
    }
}
