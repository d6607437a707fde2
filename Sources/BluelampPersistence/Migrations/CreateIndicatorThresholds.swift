import FluentKit

/// A force's own band thresholds, one row per indicator that has them (the defaults stay in the code).
struct CreateIndicatorThresholds: AsyncMigration {
    var name: String { "CreateIndicatorThresholds" }

    func prepare(on database: any Database) async throws {
        try await database.schema(IndicatorThresholdStore.table)
            .field("indicator_id", .string, .identifier(auto: false))
            .field("good", .double, .required)
            .field("adequate", .double, .required)
            .field("requires_improvement", .double, .required)
            .field("reason", .string, .required)
            .field("set_by", .string, .required)
            .field("set_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IndicatorThresholdStore.table).delete()
    }
}
