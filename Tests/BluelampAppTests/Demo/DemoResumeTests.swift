import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// `bluelamp demo` killed part-way (issue 21, crash safety): a re-run completes what the killed run began and gives
/// exactly what an uninterrupted run gives (docs/bench/crash.sh proves it with SIGKILL; these tests stop the steps
/// at a chosen point).
@Suite struct DemoResumeTests {
    /// 1 March 2025, 10:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_740_823_200)

    struct CrimeRow: Decodable, Equatable {
        var reference: String
        var status: String
        var officer_id: Int?
        var kind: String?
        var people: Int
        var events: Int
    }

    struct CallRow: Decodable, Equatable {
        var call_id: String
        var grade: String?
    }

    static func loader(_ app: Application) -> DemoLoader {
        DemoLoader(
            database: app.db, scale: .small, seed: 2016, years: 1, now: Self.now,
            hasher: { try Bcrypt.hash($0, cost: 4) })
    }

    static func organisation(_ app: Application) async throws {
        try await DemoStore.insert(
            DemoForceGenerator(seed: 2016, scale: .small, today: Self.now).organisation(), on: app.db
        ) { _, _ in }
    }

    /// Every crime with its allocation and the number of its people and timeline entries, in reference order.
    static func crimes(on database: any Database) async throws -> [CrimeRow] {
        try await (database as! any SQLDatabase).raw(
            """
            SELECT c.reference, c.status, a.officer_id, a.kind,
              (SELECT COUNT(*) FROM crime_people p WHERE p.crime_id = c.id) AS people,
              (SELECT COUNT(*) FROM crime_events e WHERE e.crime_id = c.id) AS events
            FROM crimes c LEFT JOIN crime_allocations a ON a.crime_id = c.id
            ORDER BY c.reference, a.officer_id
            """
        ).all(decoding: CrimeRow.self)
    }

    static func policyStart(on database: any Database) async throws -> Date {
        try await AllocationPolicyStore.current(on: database).createdAt
    }

    @Test func `the crime step killed after some months is completed by a re-run, as an uninterrupted run makes it`()
        async throws
    {
        var resumed: [CrimeRow] = []
        var resumedPolicy = Date.distantFuture
        try await withTestApp { app in
            try await Self.organisation(app)
            // A run that stopped after five of the thirteen months: those months are whole, with their allocations.
            let written = try await Self.loader(app).loadCrimes(progress: nil, stoppingAfter: 5)
            #expect(written > 0)
            let partial = try await Self.crimes(on: app.db)
            #expect(partial.isEmpty == false)
            #expect(partial.contains { $0.officer_id != nil })

            // The re-run writes the other months only.
            let rest = try await Self.loader(app).loadCrimes(progress: nil)
            #expect(rest > written)
            resumed = try await Self.crimes(on: app.db)
            resumedPolicy = try await Self.policyStart(on: app.db)
            #expect(try await Self.loader(app).loadCrimes(progress: nil) == 0)
        }
        try await withTestApp { app in
            try await Self.organisation(app)
            _ = try await Self.loader(app).loadCrimes(progress: nil)
            let uninterrupted = try await Self.crimes(on: app.db)
            #expect(resumed.count == uninterrupted.count)
            #expect(resumed == uninterrupted)
            #expect(resumedPolicy == (try await Self.policyStart(on: app.db)))
        }
    }

    @Test func `the calls step killed part-way is completed by a re-run with the same calls`() async throws {
        try await withTestApp { app in
            // Arrange: a whole year of calls, then the newest 40 days taken away, as a run killed there leaves it.
            try await Self.loader(app).loadCalls(progress: nil)
            let sql = app.db as! any SQLDatabase
            let all = try await sql.raw("SELECT call_id, grade FROM calls ORDER BY call_id").all(decoding: CallRow.self)
            #expect(all.count > 10_000)
            let cut = all[all.count * 9 / 10].call_id
            try await sql.raw("DELETE FROM calls WHERE call_id >= \(bind: cut)").run()
            #expect(try await CallStore.count(on: app.db) < all.count)

            // Act
            try await Self.loader(app).loadCalls(progress: nil)

            // Assert
            let again = try await sql.raw("SELECT call_id, grade FROM calls ORDER BY call_id").all(
                decoding: CallRow.self)
            #expect(again == all)
        }
    }

    @Test func `a step run in one transaction leaves nothing when it fails part-way`() async throws {
        struct Stopped: Error {}
        try await withTestApp { app in
            await #expect(throws: Stopped.self) {
                try await Self.loader(app).inOneTransaction { loader in
                    try await loader.createUsers()
                    throw Stopped()
                }
            }
            #expect(try await User.query(on: app.db).count() == 0)
            try await Self.loader(app).createUsers()
            #expect(try await User.query(on: app.db).count() == DemoLoader.users.count)
        }
    }
}
