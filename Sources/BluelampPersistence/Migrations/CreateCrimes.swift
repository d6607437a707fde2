import FluentKit
import SQLKit

/// Crime records. Indexed for the search page at millions of rows: every filter is combined with the
/// keyset order (recorded_at DESC, id DESC), so each index ends in recorded_at and id.
struct CreateCrimes: AsyncMigration {
    var name: String { "CreateCrimes" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CrimeRecord.schema)
            .field("id", .int, .identifier(auto: true))
            // References
            .field("reference", .string, .required)
            .field("police_uk_crime_id", .string)
            .field("police_uk_row_key", .string)
            .field("import_batch_id", .int, .references(ImportBatch.schema, "id"))
            .field("source_line", .int)
            .field("bcu_code", .string, .references(BCURecord.schema, "id"))
            // When
            .field("month", .string, .required)
            .field("reported_at", .datetime, .required)
            .field("recorded_at", .datetime, .required)
            .field("recorded_in_time", .bool, .required)
            // What and where
            .field("category", .string, .required)
            .field("offence_description", .string, .required)
            .field("borough", .string)
            .field("reported_by", .string, .required)
            .field("falls_within", .string, .required)
            .field("location", .string, .required)
            .field("longitude", .double)
            .field("latitude", .double)
            .field("lsoa_code", .string)
            .field("lsoa_name", .string)
            .field("context", .string, .required)
            .field("flags", .int, .required)
            // THRIVE and screening
            .field("thrive_threat", .string)
            .field("thrive_harm", .string)
            .field("thrive_risk", .string)
            .field("thrive_investigation", .string)
            .field("thrive_vulnerability", .string)
            .field("thrive_engagement", .string)
            .field("priority", .int, .required)
            .field("solvability_factors", .string)
            .field("screening", .string)
            .field("screening_reason", .string)
            // Where it stands
            .field("status", .string, .required)
            .field("status_reason", .string)
            .field("outcome_type", .int)
            .field("outcome_date", .datetime)
            .field("police_uk_outcome", .string)
            .unique(on: "reference")
            .unique(on: "police_uk_row_key")
            .create()
        let sql = database as! any SQLDatabase
        let indexes: [(String, [String])] = [
            ("crimes_recorded", ["recorded_at", "id"]),
            ("crimes_bcu_recorded", ["bcu_code", "recorded_at", "id"]),
            ("crimes_status_recorded", ["status", "recorded_at", "id"]),
            ("crimes_category_recorded", ["category", "recorded_at", "id"]),
            ("crimes_outcome", ["outcome_type", "recorded_at"]),
            ("crimes_month", ["month", "import_batch_id", "source_line"]),
            ("crimes_police_uk_crime_id", ["police_uk_crime_id"]),
        ]
        for (name, columns) in indexes {
            var index = sql.create(index: name).on(CrimeRecord.schema)
            for column in columns { index = index.column(column) }
            try await index.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CrimeRecord.schema).delete()
    }
}
