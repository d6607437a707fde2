import FluentKit
import SQLKit

/// Outcomes as police.uk publishes them: one row per outcome assigned in a month (imported from an
/// outcomes file, or recorded here), attached to its crime. The crime carries its latest outcome.
struct CreateCrimeOutcomes: AsyncMigration {
    var name: String { "CreateCrimeOutcomes" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CrimeOutcomeRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("import_batch_id", .int, .references(ImportBatch.schema, "id"))
            .field("source_line", .int)
            .field("row_key", .string)
            .field("police_uk_crime_id", .string, .required)
            .field("month", .string, .required)
            .field("reported_by", .string, .required)
            .field("falls_within", .string, .required)
            .field("location", .string, .required)
            .field("longitude", .double)
            .field("latitude", .double)
            .field("lsoa_code", .string)
            .field("lsoa_name", .string)
            .field("outcome", .string, .required)
            .field("outcome_type", .int)
            .unique(on: "row_key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "crime_outcomes_month").on(CrimeOutcomeRecord.schema)
            .column("month").column("import_batch_id").column("source_line").run()
        try await sql.create(index: "crime_outcomes_crime").on(CrimeOutcomeRecord.schema).column("crime_id").column(
            "month"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CrimeOutcomeRecord.schema).delete()
    }
}
