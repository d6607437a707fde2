import FluentKit

struct CreateMilestoneTargets: AsyncMigration {
    var name: String { "CreateMilestoneTargets" }

    func prepare(on database: any Database) async throws {
        try await database.schema(MilestoneTarget.schema)
            .field("id", .int, .identifier(auto: true))
            .field("milestone_id", .int, .required, .references(MilestoneRecord.schema, "id", onDelete: .cascade))
            .field("indicator_id", .string, .required)
            .field("target_value", .double, .required)
            .unique(on: "milestone_id", "indicator_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MilestoneTarget.schema).delete()
    }
}
