import FluentKit
import SQLKit

/// An outcome may be held for a crime not (yet) imported, so `crime_outcomes.crime_id` becomes optional.
///
/// A month's police.uk outcomes file holds the outcomes recorded that month, mostly for crimes reported
/// in earlier months. Such an outcome is kept against its police.uk Crime ID with no `crime_id`, and is
/// linked to its crime when that crime's street row is imported (`PoliceUKImporter`).
///
/// PostgreSQL drops the NOT NULL in place. SQLite cannot change a column, so the table is rebuilt the
/// way SQLite documents (create the new table, copy the rows, drop the old, rename the new), with the
/// columns, constraints and indexes of `CreateCrimeOutcomes`. No table refers to `crime_outcomes`.
struct AllowOutcomesOfCrimesNotHeld: AsyncMigration {
    var name: String { "AllowOutcomesOfCrimesNotHeld" }

    func prepare(on database: any Database) async throws {
        try await Self.setCrimeRequired(false, on: database)
    }

    func revert(on database: any Database) async throws {
        // The old table has no place for an outcome without its crime.
        try await (database as! any SQLDatabase).raw("DELETE FROM crime_outcomes WHERE crime_id IS NULL").run()
        try await Self.setCrimeRequired(true, on: database)
    }

    static func setCrimeRequired(_ required: Bool, on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            try await sql.raw(
                "ALTER TABLE crime_outcomes ALTER COLUMN crime_id \(unsafeRaw: required ? "SET" : "DROP") NOT NULL"
            ).run()
            return
        }
        let rebuilt = "crime_outcomes_rebuilt"
        let crime: [DatabaseSchema.FieldConstraint] =
            (required ? [.required] : []) + [.references(CrimeRecord.schema, "id", onDelete: .cascade)]
        try await database.schema(rebuilt)
            .field("id", .int, .identifier(auto: true))
            .field(.definition(name: .key("crime_id"), dataType: .int, constraints: crime))
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
            .unique(on: "row_key", name: "uq:crime_outcomes.row_key")
            .create()
        let columns = [
            "id", "crime_id", "import_batch_id", "source_line", "row_key", "police_uk_crime_id", "month", "reported_by",
            "falls_within", "location", "longitude", "latitude", "lsoa_code", "lsoa_name", "outcome", "outcome_type",
        ].joined(separator: ", ")
        try await sql.raw(
            "INSERT INTO \(ident: rebuilt) (\(unsafeRaw: columns)) SELECT \(unsafeRaw: columns) FROM crime_outcomes"
        ).run()
        try await sql.raw("DROP TABLE crime_outcomes").run()
        try await sql.raw("ALTER TABLE \(ident: rebuilt) RENAME TO crime_outcomes").run()
        try await sql.create(index: "crime_outcomes_month").on(CrimeOutcomeRecord.schema)
            .column("month").column("import_batch_id").column("source_line").run()
        // Also finds the outcomes held for crimes not imported (crime_id IS NULL) when a street file links them.
        try await sql.create(index: "crime_outcomes_crime").on(CrimeOutcomeRecord.schema).column("crime_id").column(
            "month"
        ).run()
    }
}
