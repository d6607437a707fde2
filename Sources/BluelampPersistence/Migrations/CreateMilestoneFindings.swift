import FluentKit

struct CreateMilestoneFindings: AsyncMigration {
    var name: String { "CreateMilestoneFindings" }

    func prepare(on database: any Database) async throws {
        try await database.schema(MilestoneFinding.schema)
            .field("id", .int, .identifier(auto: true))
            .field("milestone_id", .int, .required, .references(MilestoneRecord.schema, "id", onDelete: .cascade))
            .field("finding_id", .int, .required, .references(FindingRecord.schema, "id", onDelete: .cascade))
            .unique(on: "milestone_id", "finding_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MilestoneFinding.schema).delete()
    }
}
