import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// `bluelamp demo`: the generated crimes come with their allocation history, so caseloads, the queue and
/// the allocation indicators have figures from the start.
@Suite struct DemoAllocationsTests {
    /// 1 March 2025, 10:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_740_823_200)

    struct Count: Decodable { var n: Int }

    static func count(_ query: SQLQueryString, on database: any Database) async throws -> Int {
        try await (database as! any SQLDatabase).raw(query).first(decoding: Count.self)?.n ?? 0
    }

    @Test
    func `the demo's crimes come with allocations, a queue, caseloads and a figure for every allocation indicator`()
        async throws
    {
        try await withTestApp { app in
            // Arrange
            let loader = DemoLoader(
                database: app.db, scale: .small, seed: 2016, years: 1, now: Self.now,
                hasher: { try Bcrypt.hash($0, cost: 4) })
            try await DemoStore.insert(
                DemoForceGenerator(seed: 2016, scale: .small, today: Self.now).organisation(), on: app.db
            ) { _, _ in }

            // Act
            _ = try await loader.loadCrimes(progress: nil)

            // Assert: one allocation for each crime that reached an investigator, named in its timeline.
            let allocations = try await Self.count("SELECT COUNT(*) AS n FROM crime_allocations", on: app.db)
            let reached = try await Self.count(
                "SELECT COUNT(*) AS n FROM crimes WHERE status IN ('allocated', 'under_investigation', 'awaiting_supervisor', 'closed')",
                on: app.db)
            #expect(allocations > 10_000)
            #expect(allocations == reached)
            let events = try await Self.count(
                "SELECT COUNT(*) AS n FROM crime_events WHERE kind = 'allocation'", on: app.db)
            #expect(events == allocations)
            let closedOpen = try await Self.count(
                "SELECT COUNT(*) AS n FROM crime_allocations a JOIN crimes c ON c.id = a.crime_id WHERE c.status = 'closed' AND a.ended_at IS NULL",
                on: app.db)
            #expect(closedOpen == 0)

            let queue = try await AllocationStore.queue(
                AllocationQueueFilter(), policy: .metropolitanDefault, on: app.db)
            #expect(queue.count >= 20)

            let loads = try await AllocationStore.openCaseloads(officerIDs: nil, on: app.db)
            #expect(loads.values.reduce(0, +) > 500)

            let store = AllocationIndicatorStore()
            let values = try await store.computeAll(
                period: IndicatorStore.window(endingOn: Self.now), scopes: IndicatorStore.snapshotScopes, on: app.db)
            for definition in store.definitions {
                #expect(values[definition.id]?["FORCE"] != nil, "\(definition.id) has no figure for the force")
            }
            let atLevel = try #require(values[AllocationIndicatorStore.ID.atRequiredLevel]?["FORCE"])
            #expect(atLevel > 95 && atLevel < 100)

            // The policy that governed them was in force before the first of them, not "since today".
            let policy = try await AllocationPolicyStore.current(on: app.db)
            #expect(policy.version == 1)
            struct First: Decodable { var first: Date }
            let first = try #require(
                try await (app.db as! any SQLDatabase).raw("SELECT MIN(allocated_at) AS first FROM crime_allocations")
                    .first(decoding: First.self)?.first)
            #expect(policy.createdAt <= first)
            #expect(policy.createdAt < Self.now.addingTimeInterval(-300 * 86_400))

            // A second load adds nothing.
            #expect(try await loader.loadCrimes(progress: nil) == 0)
            #expect(try await loader.allocationPlanner() == nil)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM crime_allocations", on: app.db) == allocations)
        }
    }
}
