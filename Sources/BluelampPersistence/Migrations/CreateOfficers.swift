import FluentKit
import SQLKit

struct CreateOfficers: AsyncMigration {
    var name: String { "CreateOfficers" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Officer.schema)
            .field("id", .int, .identifier(auto: true))
            .field("bcu_code", .string, .required, .references(BCURecord.schema, "id"))
            .field("team_id", .int, .references(Team.schema, "id", onDelete: .setNull))
            .field("warrant_number", .string, .required)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("rank", .string, .required)
            .field("pip_level", .int)
            .field("caseload_cap_override", .int)
            .field("status", .string, .required)
            .unique(on: "warrant_number")
            .create()
        try await database.schema(OfficerSpecialism.schema)
            .field("id", .int, .identifier(auto: true))
            .field("officer_id", .int, .required, .references(Officer.schema, "id", onDelete: .cascade))
            .field("specialism", .string, .required)
            .field("accredited_until", .date, .required)
            .unique(on: "officer_id", "specialism")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "officers_bcu_team").on(Officer.schema).column("bcu_code").column("team_id").run()
        try await sql.create(index: "officers_family_name").on(Officer.schema).column("family_name").run()
        try await sql.create(index: "officers_team").on(Officer.schema).column("team_id").run()
        try await sql.create(index: "officer_specialisms_officer").on(OfficerSpecialism.schema).column("officer_id")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OfficerSpecialism.schema).delete()
        try await database.schema(Officer.schema).delete()
    }
}
