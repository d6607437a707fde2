import FluentKit
import SQLKit

struct CreateIOMCohortMembers: AsyncMigration {
    var name: String { "CreateIOMCohortMembers" }

    func prepare(on database: any Database) async throws {
        try await database.schema(IOMCohortMember.schema)
            .field("id", .int, .identifier(auto: true))
            .field("bcu_code", .string, .required, .references(BCURecord.schema, "id"))
            .field("lead_officer_id", .int, .references(Officer.schema, "id", onDelete: .setNull))
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("date_of_birth", .string)
            .field("strand", .string, .required)
            .field("joined_on", .date, .required)
            .field("left_on", .date)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "iom_cohort_members_bcu").on(IOMCohortMember.schema).column("bcu_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IOMCohortMember.schema).delete()
    }
}
