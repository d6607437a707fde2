import FluentKit
import SQLKit

/// The register of sex offenders (issue 8).
struct CreateRegisteredOffenders: AsyncMigration {
    var name: String { "CreateRegisteredOffenders" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RegisteredOffender.schema)
            .field("id", .int, .identifier(auto: true))
            .field("bcu_code", .string, .required, .references(BCURecord.schema, "id"))
            .field("manager_officer_id", .int, .references(Officer.schema, "id", onDelete: .setNull))
            .field("reference", .string, .required)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("date_of_birth", .string, .required)
            .field("pnc_number", .string)
            .field("address_line", .string, .required)
            .field("address_area", .string, .required)
            .field("borough", .string, .required)
            .field("mappa_category", .int, .required)
            .field("mappa_level", .int, .required)
            .field("risk_level", .string, .required)
            .field("risk_assessed_on", .date, .required)
            .field("risk_review_due", .date, .required)
            .field("registered_on", .date, .required)
            .field("visit_frequency_months", .int)
            .field("visit_frequency_reason", .string)
            .field("reactive_since", .date)
            .field("reactive_decided_by", .string)
            .field("reactive_decided_by_user_id", .int, .references(User.schema, "id", onDelete: .setNull))
            .field("reactive_reason", .string)
            .field("reactive_decided_at", .datetime)
            .field("last_seen_on", .date)
            .field("last_attempt_on", .date)
            .field("last_attempt_outcome", .string)
            .field("last_unannounced_on", .date)
            .unique(on: "reference")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "registered_offenders_bcu_risk").on(RegisteredOffender.schema)
            .column("bcu_code").column("risk_level").run()
        try await sql.create(index: "registered_offenders_manager").on(RegisteredOffender.schema)
            .column("manager_officer_id").run()
        try await sql.create(index: "registered_offenders_family_name").on(RegisteredOffender.schema)
            .column("family_name").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RegisteredOffender.schema).delete()
    }
}
