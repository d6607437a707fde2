import FluentKit

/// Who approved a visit interval longer than the risk level's minimum, and when (issue 15): the minimums are
/// very high 1, high 3, medium 6 and low 12 months, and a longer interval needs a supervisor's approval. Intervals
/// set before this migration have no approval recorded, and the exceptions list says so.
struct AddVisitFrequencyApprovalToRegisteredOffenders: AsyncMigration {
    var name: String { "AddVisitFrequencyApprovalToRegisteredOffenders" }

    func prepare(on database: any Database) async throws {
        // One column to a statement: SQLite adds one column at a time.
        try await database.schema(RegisteredOffender.schema).field("visit_frequency_approved_by", .string).update()
        try await database.schema(RegisteredOffender.schema).field("visit_frequency_approved_on", .date).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RegisteredOffender.schema).deleteField("visit_frequency_approved_on").update()
        try await database.schema(RegisteredOffender.schema).deleteField("visit_frequency_approved_by").update()
    }
}
