import FluentKit
import SQLKit

/// Wanted and outstanding suspects. `crime_id` has no foreign key: the crimes table was built at the same
/// time in another branch, and SQLite cannot add a foreign key to an existing table, so the link is checked
/// in code and `crime_reference` names the crime in every case (see `WantedSuspect`).
struct CreateWantedSuspects: AsyncMigration {
    var name: String { "CreateWantedSuspects" }

    func prepare(on database: any Database) async throws {
        try await database.schema(WantedSuspect.schema)
            .field("id", .int, .identifier(auto: true))
            .field("bcu_code", .string, .required, .references(BCURecord.schema, "id"))
            .field("responsible_officer_id", .int, .references(Officer.schema, "id", onDelete: .setNull))
            .field("iom_member_id", .int, .references(IOMCohortMember.schema, "id", onDelete: .setNull))
            .field("crime_id", .int)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("date_of_birth", .string)
            .field("crime_reference", .string, .required)
            .field("offence", .string, .required)
            .field("wanted_since", .date, .required)
            .field("circulated", .bool, .required)
            .field("circulated_on", .date)
            .field("arrested_on", .date)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "wanted_suspects_bcu_since").on(WantedSuspect.schema)
            .column("bcu_code").column("wanted_since").run()
        try await sql.create(index: "wanted_suspects_crime").on(WantedSuspect.schema).column("crime_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WantedSuspect.schema).delete()
    }
}
