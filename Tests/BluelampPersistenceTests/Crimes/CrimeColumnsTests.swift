import BluelampCore
import Foundation
import SQLKit
import Testing

@testable import BluelampPersistence

/// Each bulk table's columns are listed once, with their values (`CrimeRow.table`, `IncidentRow.table`); the
/// migrations, which never change, must make exactly those columns and the id (issue 14: the columns of `crimes`
/// were written in the migration, the model and two parallel lists in `CrimeRow`).
@Suite struct CrimeColumnsTests {
    static func columns(of table: String, on sql: any SQLDatabase) async throws -> Set<String> {
        struct Column: Decodable { var name: String }
        let query: SQLQueryString =
            sql.dialect.name == "sqlite"
            ? "SELECT name FROM pragma_table_info(\(bind: table))"
            : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = \(bind: table)"
        return Set(try await sql.raw(query).all(decoding: Column.self).map(\.name))
    }

    @Test func `the crimes and incidents tables have exactly the columns their rows write, and an id`() async throws {
        try await withDatabase { app in
            let sql = app.db as! any SQLDatabase
            #expect(CrimeRow.columns.count == Set(CrimeRow.columns).count, "no column listed twice")
            let crimes = try await Self.columns(of: "crimes", on: sql)
            let incidents = try await Self.columns(of: "incidents", on: sql)
            #expect(crimes == Set(["id"] + CrimeRow.columns))
            #expect(incidents == Set(["id"] + IncidentRow.columns))
        }
    }

    @Test func `each column's value is the row's own`() {
        let values = Dictionary(uniqueKeysWithValues: zip(IncidentRow.columns, Self.incident.values))
        #expect(values["month"] == .text("2019-01"))
        #expect(values["incident_type"] == .text("Anti-social behaviour"))
        #expect(values["row_key"] == .text("key-1"))
        #expect(values["source_line"] == .int(7))
        #expect(values["longitude"] == .double(-0.1))
        #expect(values["borough"] == .null)
    }

    static var incident: IncidentRow {
        let record = PoliceUKStreetRecord(
            crimeID: nil, month: PoliceUKMonth("2019-01")!, reportedBy: "City of London Police",
            fallsWithin: "City of London Police",
            location: CrimeLocation(longitude: -0.1, latitude: 51.5, place: "On or near Artizan Street"),
            crimeType: .antiSocialBehaviour, lastOutcome: nil)
        var row = IncidentRow(record: record, rowKey: "key-1", batchID: 3, line: 7)
        row.borough = nil
        return row
    }
}
