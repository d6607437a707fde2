import FluentKit

struct CreateInspectionFrameworks: AsyncMigration {
    var name: String { "CreateInspectionFrameworks" }

    func prepare(on database: any Database) async throws {
        try await database.schema(InspectionFrameworkRecord.schema)
            .field("id", .string, .identifier(auto: false))
            .field("loaded_at", .datetime, .required)
            .field("name", .string, .required)
            .field("years", .string, .required)
            .field("grade_scale", .string, .required)
            .field("document", .string, .required)
            .field("checksum", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InspectionFrameworkRecord.schema).delete()
    }
}
