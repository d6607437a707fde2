import FluentKit
import SQLKit

/// Finds a crime's calls by its reference (issue 18: a crime's page shows the calls it came from).
struct AddCrimeReferenceIndexToCalls: AsyncMigration {
    var name: String { "AddCrimeReferenceIndexToCalls" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "calls_crime_reference").on(CallStore.callsTable).column("crime_reference").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "calls_crime_reference").run()
    }
}
