import FluentKit
import SQLKit

/// Anti-social behaviour incidents: police.uk street rows that are not crimes.
struct CreateIncidents: AsyncMigration {
    var name: String { "CreateIncidents" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Incident.schema)
            .field("id", .int, .identifier(auto: true))
            .field("import_batch_id", .int, .references(ImportBatch.schema, "id"))
            .field("source_line", .int)
            .field("row_key", .string)
            .field("bcu_code", .string, .references(BCURecord.schema, "id"))
            .field("police_uk_crime_id", .string)
            .field("month", .string, .required)
            .field("incident_type", .string, .required)
            .field("borough", .string)
            .field("reported_by", .string, .required)
            .field("falls_within", .string, .required)
            .field("location", .string, .required)
            .field("longitude", .double)
            .field("latitude", .double)
            .field("lsoa_code", .string)
            .field("lsoa_name", .string)
            .field("context", .string, .required)
            .unique(on: "row_key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "incidents_month").on(Incident.schema).column("month").column("import_batch_id")
            .column("source_line").run()
        try await sql.create(index: "incidents_bcu_month").on(Incident.schema).column("bcu_code").column("month").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Incident.schema).delete()
    }
}
