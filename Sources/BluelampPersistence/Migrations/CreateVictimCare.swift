import FluentKit
import SQLKit

/// The victim's side of an investigation (issue 16): care (circumstances, update interval, needs assessment, VPS,
/// information given), key events with each victim's clock, and the contact log.
struct CreateVictimCare: AsyncMigration {
    var name: String { "CreateVictimCare" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema(VictimCareRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references(PersonModel.schema, "id", onDelete: .cascade))
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .field("circumstances", .string, .required)
            .field("update_interval_days", .int)
            .field("needs_assessed_at", .datetime)
            .field("needs", .string)
            .field("referral_outcome", .string)
            .field("vps_offered_at", .datetime)
            .field("vps_made_at", .datetime)
            .field("vps_declined_at", .datetime)
            .field("information", .string, .required)
            .unique(on: "crime_id", "person_id")
            .create()

        try await database.schema(VictimKeyEventRow.schema)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("recorded_at", .datetime, .required)
            .field("recorded_by_user_id", .int)
            .field("recorded_by", .string, .required)
            .field("event", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()
        try await sql.create(index: "victim_key_events_crime").on(VictimKeyEventRow.schema).column("crime_id").run()

        try await database.schema(VictimContactRow.schema)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references(PersonModel.schema, "id", onDelete: .cascade))
            .field("recorded_at", .datetime, .required)
            .field("by_user_id", .int)
            .field("by", .string, .required)
            .field("contacted_at", .datetime, .required)
            .field("method", .string, .required)
            .field("summary", .string, .required)
            .field("update_due_at", .datetime, .required)
            .field("next_update_due_at", .datetime, .required)
            .field("flagged_phrases", .string, .required)
            .field("flag_reviewed_at", .datetime)
            .field("flag_reviewed_by", .string)
            .create()
        try await sql.create(index: "victim_contacts_victim").on(VictimContactRow.schema)
            .column("crime_id").column("person_id").column("contacted_at").run()
        try await sql.create(index: "victim_contacts_due").on(VictimContactRow.schema).column("update_due_at").run()
        try await sql.create(index: "victim_contacts_next_due").on(VictimContactRow.schema)
            .column("next_update_due_at").run()

        try await database.schema(VictimNotificationRow.schema)
            .field("id", .int, .identifier(auto: true))
            .field("key_event_id", .int, .required, .references(VictimKeyEventRow.schema, "id", onDelete: .cascade))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references(PersonModel.schema, "id", onDelete: .cascade))
            .field("enhanced", .bool, .required)
            .field("opted_out", .bool, .required)
            .field("due_on", .string, .required)
            .field("due_by", .datetime, .required)
            .field("told_at", .datetime)
            .field("told_by", .string)
            .field("contact_id", .int, .references(VictimContactRow.schema, "id", onDelete: .setNull))
            .unique(on: "key_event_id", "person_id")
            .create()
        try await sql.create(index: "victim_notifications_crime").on(VictimNotificationRow.schema)
            .column("crime_id").run()
        try await sql.create(index: "victim_notifications_due").on(VictimNotificationRow.schema).column("due_by").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [
            VictimNotificationRow.schema, VictimContactRow.schema, VictimKeyEventRow.schema, VictimCareRecord.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
