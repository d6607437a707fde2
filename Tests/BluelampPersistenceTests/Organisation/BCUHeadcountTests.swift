import BluelampCore
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import BluelampPersistence

/// Each BCU's officers and teams are counted as rows change (`CreateBCUHeadcounts`'s triggers), and the BCU list reads
/// those counts: after every kind of change they must be what counting the rows gives, on SQLite and PostgreSQL.
@Suite struct BCUHeadcountTests {
    @Test func `the counts follow officers and teams added, moved between BCUs and removed`() async throws {
        try await withDatabase { app in
            let ce = try await team(app, .centralEast)
            let nw = try await team(app, .northWest)
            var officers: [Int] = []
            for teamID in [ce, ce, ce, nw] { officers.append(try await officer(app, teamID, .centralEast)) }
            try await expectCounted(app)
            #expect(try await summary(app, .centralEast) == [4, 1])

            // Moved to another BCU by a model update and by SQL; a team moved; an update that leaves the BCU alone.
            let moved = try #require(try await Officer.find(officers[0], on: app.db))
            moved.$bcu.id = BCU.northWest.code
            try await moved.update(on: app.db)
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE officers SET bcu_code = 'SW' WHERE id = \(bind: officers[1])").run()
            try await sql.raw("UPDATE officers SET bcu_code = bcu_code, given_name = 'Alex'").run()
            try await sql.raw("UPDATE teams SET bcu_code = 'SW' WHERE id = \(bind: nw)").run()
            try await expectCounted(app)
            #expect(try await summary(app, .centralEast) == [2, 1])
            #expect(try await summary(app, .southWest) == [1, 1])
            #expect(try await summary(app, .northWest) == [1, 0])

            // Removed one at a time and many at once; a team's removal leaves its officers (team_id set to null).
            try await Officer.find(officers[2], on: app.db)?.delete(on: app.db)
            try await sql.raw("DELETE FROM officers WHERE bcu_code = 'SW'").run()
            try await Team.find(ce, on: app.db)?.delete(on: app.db)
            try await expectCounted(app)
            #expect(try await summary(app, .centralEast) == [1, 0])
            #expect(try await summary(app, .southWest) == [0, 1])
        }
    }

    @Test func `a refused write leaves the counts as they were`() async throws {
        try await withDatabase { app in
            let teamID = try await team(app, .centralEast)
            _ = try await officer(app, teamID, .centralEast, warrant: "W1")
            // The second officer's warrant number is taken, so the transaction and its count are undone.
            await #expect(throws: (any Error).self) {
                try await app.db.transaction { db in
                    _ = try await officer(db, teamID, .centralEast, warrant: "W2")
                    _ = try await officer(db, teamID, .centralEast, warrant: "W1")
                }
            }
            try await expectCounted(app)
            #expect(try await summary(app, .centralEast) == [1, 1])
        }
    }

    @Test func `the migration counts the officers and teams already held`() async throws {
        try await withDatabase { app in
            let teamID = try await team(app, .centralEast)
            for _ in 0..<3 { _ = try await officer(app, teamID, .centralEast) }
            _ = try await officer(app, try await team(app, .southArea), .southArea)
            try await CreateBCUHeadcounts().revert(on: app.db)
            _ = try await officer(app, teamID, .centralEast)  // while no trigger counts
            try await CreateBCUHeadcounts().prepare(on: app.db)
            try await expectCounted(app)
            #expect(try await summary(app, .centralEast) == [4, 1])
            #expect(try await summary(app, .southArea) == [1, 1])
        }
    }

    // MARK: - Helpers

    /// The BCU list's counts against counting the rows, for every BCU.
    func expectCounted(_ app: Application, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let sql = app.db as! any SQLDatabase
        struct Count: Decodable { var bcu_code: String; var n: Int }
        func counted(_ table: String) async throws -> [String: Int] {
            Dictionary(
                uniqueKeysWithValues: try await sql.raw(
                    "SELECT bcu_code, COUNT(*) AS n FROM \(unsafeRaw: table) GROUP BY bcu_code"
                ).all(decoding: Count.self).map { ($0.bcu_code, $0.n) })
        }
        let officers = try await counted("officers")
        let teams = try await counted("teams")
        for summary in try await OrganisationStore.bcuSummaries(on: app.db) {
            #expect(
                summary.officers == officers[summary.bcu.code] ?? 0, "\(summary.bcu)", sourceLocation: sourceLocation)
            #expect(summary.teams == teams[summary.bcu.code] ?? 0, "\(summary.bcu)", sourceLocation: sourceLocation)
        }
    }

    /// The BCU's officers and teams, as the BCU list gives them.
    func summary(_ app: Application, _ bcu: BCU) async throws -> [Int]? {
        try await OrganisationStore.bcuSummaries(on: app.db).first { $0.bcu == bcu }.map { [$0.officers, $0.teams] }
    }

    func team(_ app: Application, _ bcu: BCU) async throws -> Int {
        let team = Team(name: "\(bcu.code) team \(UUID().uuidString.prefix(6))", kind: "response", bcuCode: bcu.code)
        try await team.create(on: app.db)
        return try team.requireID()
    }

    func officer(_ app: Application, _ team: Int, _ bcu: BCU, warrant: String? = nil) async throws -> Int {
        try await officer(app.db, team, bcu, warrant: warrant)
    }

    func officer(_ database: any Database, _ team: Int, _ bcu: BCU, warrant: String? = nil) async throws -> Int {
        let officer = Officer()
        officer.$bcu.id = bcu.code
        officer.$team.id = team
        officer.warrantNumber = warrant ?? String(UUID().uuidString.prefix(8))
        officer.givenName = "Sam"
        officer.familyName = "Test"
        officer.rank = Rank.constable.rawValue
        officer.status = OfficerStatus.onDuty.rawValue
        try await officer.create(on: database)
        return try officer.requireID()
    }
}
