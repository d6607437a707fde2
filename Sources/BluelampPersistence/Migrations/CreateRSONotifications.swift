import FluentKit
import SQLKit

struct CreateRSONotifications: AsyncMigration {
    var name: String { "CreateRSONotifications" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RSONotificationRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("offender_id", .int, .required, .references(RegisteredOffender.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("triggered_on", .date, .required)
            .field("due_on", .date, .required)
            .field("notified_on", .date)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "rso_notifications_offender").on(RSONotificationRecord.schema)
            .column("offender_id").column("due_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RSONotificationRecord.schema).delete()
    }
}
