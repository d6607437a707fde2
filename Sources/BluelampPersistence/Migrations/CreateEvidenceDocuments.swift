import FluentKit

struct CreateEvidenceDocuments: AsyncMigration {
    var name: String { "CreateEvidenceDocuments" }

    func prepare(on database: any Database) async throws {
        try await database.schema(EvidenceDocument.schema)
            .field("id", .int, .identifier(auto: true))
            .field("evidence_id", .int, .required, .references(EvidenceItem.schema, "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("bytes", .data, .required)
            .unique(on: "evidence_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EvidenceDocument.schema).delete()
    }
}
