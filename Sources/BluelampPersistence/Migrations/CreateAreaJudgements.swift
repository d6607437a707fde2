import FluentKit

struct CreateAreaJudgements: AsyncMigration {
    var name: String { "CreateAreaJudgements" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AreaJudgementRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("inspection_id", .int, .required, .references(InspectionRecord.schema, "id", onDelete: .cascade))
            .field("area_id", .string, .required)
            .field("grade", .string)
            .field("summary", .string)
            .field("sources", .string, .required)
            .field("note", .string)
            .field("position", .int, .required)
            .unique(on: "inspection_id", "area_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AreaJudgementRecord.schema).delete()
    }
}
