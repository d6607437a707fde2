import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// `bluelamp demo`: the allocated crimes of the last 120 days come with investigation histories — plans, logs,
/// reviews, victims' clocks and contacts — with imperfect compliance, so every investigation and Victims' Code
/// indicator has a figure that is neither 0 nor 100%.
@Suite struct DemoInvestigationsTests {
    @Test func `the demo's investigations give every investigation and victim indicator a figure short of perfect`()
        async throws
    {
        try await withTestApp { app in
            let now = DemoAllocationsTests.now
            let loader = DemoLoader(
                database: app.db, scale: .small, seed: 2016, years: 1, now: now,
                hasher: { try Bcrypt.hash($0, cost: 4) })
            try await DemoStore.insert(
                DemoForceGenerator(seed: 2016, scale: .small, today: now).organisation(), on: app.db
            ) { _, _ in }
            _ = try await loader.loadCrimes(progress: nil)

            try await loader.loadInvestigations(progress: nil)

            let reviews = try await DemoAllocationsTests.count(
                "SELECT COUNT(*) AS n FROM supervisory_reviews", on: app.db)
            let late = try await DemoAllocationsTests.count(
                "SELECT COUNT(*) AS n FROM supervisory_reviews WHERE reviewed_at > due_at", on: app.db)
            #expect(reviews > 1_000)
            #expect(late > 0 && late < reviews / 2)
            // Nothing in the histories is after the demo's now.
            #expect(
                try await DemoAllocationsTests.count(
                    "SELECT COUNT(*) AS n FROM victim_contacts WHERE contacted_at > \(bind: now)", on: app.db) == 0)
            #expect(
                try await DemoAllocationsTests.count(
                    "SELECT COUNT(*) AS n FROM supervisory_reviews WHERE reviewed_at > \(bind: now)", on: app.db) == 0)

            let window = IndicatorStore.window(endingOn: now)
            var values = try await InvestigationIndicatorStore().computeAll(
                period: window, scopes: [nil, .centralEast], on: app.db)
            values.merge(
                try await VictimIndicatorStore().computeAll(period: window, scopes: [nil, .centralEast], on: app.db)
            ) { a, _ in a }
            for definition in InvestigationIndicators.definitions(under: .standard) + VictimIndicators.definitions {
                let value = try #require(values[definition.id]?["FORCE"], "\(definition.id) has no figure")
                #expect(value > 0 && value < 100, "\(definition.id): \(value)")
            }

            // A second load adds nothing.
            try await loader.loadInvestigations(progress: nil)
            #expect(
                try await DemoAllocationsTests.count("SELECT COUNT(*) AS n FROM supervisory_reviews", on: app.db)
                    == reviews)
        }
    }
}
