import FluentKit
import SQLKit

struct CreateRSORiskAssessments: AsyncMigration {
    var name: String { "CreateRSORiskAssessments" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RSORiskAssessmentRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("offender_id", .int, .required, .references(RegisteredOffender.schema, "id", onDelete: .cascade))
            .field("assessed_on", .date, .required)
            .field("level", .string, .required)
            .field("review_due", .date, .required)
            .field("assessed_by", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "rso_risk_assessments_offender").on(RSORiskAssessmentRecord.schema)
            .column("offender_id").column("assessed_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RSORiskAssessmentRecord.schema).delete()
    }
}
