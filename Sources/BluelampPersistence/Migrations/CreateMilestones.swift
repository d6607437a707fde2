import FluentKit

struct CreateMilestones: AsyncMigration {
    var name: String { "CreateMilestones" }

    func prepare(on database: any Database) async throws {
        try await database.schema(MilestoneRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("created_at", .datetime)
            .field(
                "monitoring_period_id", .int, .references(MonitoringPeriodRecord.schema, "id", onDelete: .setNull)
            )
            .field("title", .string, .required)
            .field("due", .date, .required)
            .field("override_status", .string)
            .field("override_reason", .string)
            .field("override_by", .string)
            .field("override_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MilestoneRecord.schema).delete()
    }
}
