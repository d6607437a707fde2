import FluentKit
import SQLKit

struct CreateRSOVisitOfficers: AsyncMigration {
    var name: String { "CreateRSOVisitOfficers" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RSOVisitOfficer.schema)
            .field("id", .int, .identifier(auto: true))
            .field("visit_id", .int, .required, .references(RSOVisit.schema, "id", onDelete: .cascade))
            .field("officer_id", .int, .required, .references(Officer.schema, "id", onDelete: .cascade))
            .unique(on: "visit_id", "officer_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "rso_visit_officers_officer").on(RSOVisitOfficer.schema).column("officer_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RSOVisitOfficer.schema).delete()
    }
}
