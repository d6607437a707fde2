import FluentKit
import SQLKit

/// Allocations and proposals. Caseloads are counted from `(officer_id, ended_at)`; the queue's history
/// and the indicators read `(kind, allocated_at)`. A partial unique index keeps a crime to one officer.
struct CreateCrimeAllocations: AsyncMigration {
    var name: String { "CreateCrimeAllocations" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CrimeAllocation.schema)
            .field("id", .int, .identifier(auto: true))
            // References
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("officer_id", .int, .references(Officer.schema, "id"))
            .field("run_id", .int, .references(AllocationRun.schema, "id", onDelete: .setNull))
            // When and by whom
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .field("allocated_at", .datetime)
            .field("allocated_by_user_id", .int)
            .field("allocated_by", .string)
            // What the policy required, and the officer as they were
            .field("priority", .int, .required)
            .field("deadline_at", .datetime, .required)
            .field("required_level", .int, .required)
            .field("required_specialism", .string)
            .field("unit", .string, .required)
            .field("officer_level", .int)
            .field("meets_level", .bool, .required)
            .field("meets_specialism", .bool, .required)
            .field("load_before", .int, .required)
            .field("cap", .int, .required)
            .field("over_cap", .bool, .required)
            .field("flagged", .bool, .required)
            // Why
            .field("override_reason_code", .string)
            .field("override_reason", .string)
            .field("explanation", .string, .required)
            .field("rationale", .string, .required)
            // How it ended
            .field("ended_at", .datetime)
            .field("end_reason", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "crime_allocations_officer").on(CrimeAllocation.schema)
            .column("officer_id").column("ended_at").run()
        try await sql.create(index: "crime_allocations_crime").on(CrimeAllocation.schema).column("crime_id").run()
        try await sql.create(index: "crime_allocations_run").on(CrimeAllocation.schema).column("run_id").run()
        try await sql.create(index: "crime_allocations_kind_allocated").on(CrimeAllocation.schema)
            .column("kind").column("allocated_at").run()
        // One officer per crime at a time: SQLite and PostgreSQL both take a partial index.
        try await sql.raw(
            """
            CREATE UNIQUE INDEX crime_allocations_one_holder ON crime_allocations (crime_id)
            WHERE ended_at IS NULL AND kind <> 'proposal'
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CrimeAllocation.schema).delete()
    }
}
