import FluentKit
import SQLKit

struct CreateRSOVisits: AsyncMigration {
    var name: String { "CreateRSOVisits" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RSOVisit.schema)
            .field("id", .int, .identifier(auto: true))
            .field("offender_id", .int, .required, .references(RegisteredOffender.schema, "id", onDelete: .cascade))
            .field("recorded_by_user_id", .int, .references(User.schema, "id", onDelete: .setNull))
            .field("planned_on", .date, .required)
            .field("window_start", .string, .required)
            .field("window_end", .string, .required)
            .field("announced", .bool, .required)
            .field("visited_on", .date)
            .field("outcome", .string)
            .field("devices_found", .bool, .required)
            .field("breach_found", .bool, .required)
            .field("concerns", .string)
            .field("reattempt_due", .date)
            .field("recorded_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "rso_visits_offender").on(RSOVisit.schema).column("offender_id").column(
            "visited_on"
        ).run()
        try await sql.create(index: "rso_visits_visited_on").on(RSOVisit.schema).column("visited_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RSOVisit.schema).delete()
    }
}
