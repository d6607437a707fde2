import FluentKit
import SQLKit

/// The digital forensics unit (issue 18): devices submitted from crimes, and the versions of the unit's capacity
/// policy.
struct CreateForensics: AsyncMigration {
    var name: String { "CreateForensics" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema(ForensicsStore.submissionsTable)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("bcu_code", .string)
            .field("device_type", .string, .required)
            .field("reason", .string, .required)
            .field("risk_to_children", .bool, .required)
            .field("priority", .int, .required)
            .field("requested_by", .string, .required)
            .field("requested_by_user_id", .int)
            .field("submitted_at", .datetime, .required)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .create()
        try await sql.create(index: "forensic_submissions_crime").on(ForensicsStore.submissionsTable)
            .column("crime_id").run()
        try await sql.create(index: "forensic_submissions_started").on(ForensicsStore.submissionsTable)
            .column("started_at").column("submitted_at").run()

        try await database.schema(ForensicsStore.policiesTable)
            .field("id", .int, .identifier(auto: true))
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("reason", .string, .required)
            .field("policy_json", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ForensicsStore.policiesTable).delete()
        try await database.schema(ForensicsStore.submissionsTable).delete()
    }
}
