import FluentKit
import SQLKit

/// What an import did with outcomes of crimes not held: an outcomes file's count of outcomes held for
/// crimes not yet imported, and a street file's count of held outcomes it linked to their crimes.
/// Imports before this migration held none, so 0 is true of them.
struct AddOutcomeLinksToImportBatches: AsyncMigration {
    var name: String { "AddOutcomeLinksToImportBatches" }

    func prepare(on database: any Database) async throws {
        // One column to a statement: SQLite adds one column at a time.
        let zero = DatabaseSchema.FieldConstraint.custom(SQLColumnConstraintAlgorithm.default(0))
        try await database.schema(ImportBatch.schema).field("outcomes_held", .int, .required, zero).update()
        try await database.schema(ImportBatch.schema).field("outcomes_linked", .int, .required, zero).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportBatch.schema).deleteField("outcomes_linked").update()
        try await database.schema(ImportBatch.schema).deleteField("outcomes_held").update()
    }
}
