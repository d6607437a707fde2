import FluentKit

struct CreateInspections: AsyncMigration {
    var name: String { "CreateInspections" }

    func prepare(on database: any Database) async throws {
        try await database.schema(InspectionRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("created_at", .datetime)
            .field("framework_id", .string, .required, .references(InspectionFrameworkRecord.schema, "id"))
            .field("reference", .string, .required)
            .field("force_name", .string, .required)
            .field("title", .string, .required)
            .field("fieldwork_start", .date)
            .field("fieldwork_end", .date)
            .field("published", .date)
            .field("sources", .string, .required)
            .field("note", .string)
            .field("content_hash", .string, .required)
            .unique(on: "reference")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InspectionRecord.schema).delete()
    }
}
