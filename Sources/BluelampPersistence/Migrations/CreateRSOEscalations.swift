import FluentKit
import SQLKit

struct CreateRSOEscalations: AsyncMigration {
    var name: String { "CreateRSOEscalations" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RSOEscalation.schema)
            .field("id", .int, .identifier(auto: true))
            .field("offender_id", .int, .required, .references(RegisteredOffender.schema, "id", onDelete: .cascade))
            .field("bcu_code", .string, .required, .references(BCURecord.schema, "id"))
            .field("decided_by_user_id", .int, .references(User.schema, "id", onDelete: .setNull))
            .field("escalation_date", .date, .required)
            .field("raised_on", .date, .required)
            .field("last_seen_on", .date)
            .field("decision", .string)
            .field("reason", .string)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            // One case per lapse: raising again finds the same key (ArrestOrWarrantEscalation).
            .unique(on: "offender_id", "escalation_date")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "rso_escalations_bcu").on(RSOEscalation.schema).column("bcu_code").column(
            "decided_at"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RSOEscalation.schema).delete()
    }
}
