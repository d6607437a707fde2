import FluentKit
import SQLKit

/// One row per police.uk file imported. The SHA-256 of the file's (decompressed) bytes is unique, so
/// the same file imported twice is recognised and changes nothing.
struct CreateImportBatches: AsyncMigration {
    var name: String { "CreateImportBatches" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ImportBatch.schema)
            .field("id", .int, .identifier(auto: true))
            .field("imported_at", .datetime, .required)
            .field("imported_by", .string, .required)
            .field("file_name", .string, .required)
            .field("sha256", .string, .required)
            .field("kind", .string, .required)
            .field("rows", .int, .required)
            .field("crimes", .int, .required)
            .field("incidents", .int, .required)
            .field("outcomes", .int, .required)
            .field("rejected", .int, .required)
            .field("seconds", .double, .required)
            .unique(on: "sha256")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportBatch.schema).delete()
    }
}
