import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The stored figures the dashboard reads (issue 20, item 3): exactly what a full recomputation gives after each
/// refresh, recomputed when too old, for another day or short of an indicator, and shown with their "as of" time.
@Suite struct IndicatorCurrentTests {
    static let now = DemoAllocationsTests.now

    /// The small demo's organisation, a year of crimes and their investigations.
    static func loadDemo(_ app: Application) async throws {
        let loader = DemoLoader(
            database: app.db, scale: .small, seed: 2016, years: 1, now: now, hasher: { try Bcrypt.hash($0, cost: 4) })
        try await DemoStore.insert(
            DemoForceGenerator(seed: 2016, scale: .small, today: now).organisation(), on: app.db
        ) { _, _ in }
        _ = try await loader.loadCrimes(progress: nil)
        try await loader.loadInvestigations(progress: nil)
    }

    static func live(_ app: Application, _ scope: BCU?, at now: Date = now) async throws -> [IndicatorReading] {
        try await IndicatorStore.readings(period: IndicatorStore.window(endingOn: now), bcu: scope, on: app.db)
    }

    /// The readings as the dashboard gets them, with stored figures used for up to three minutes.
    static func stored(_ app: Application, _ scope: BCU?) async throws -> InspectionService.Current {
        try await InspectionService(database: app.db, now: now, currentMaxAge: 180).current(bcu: scope)
    }

    /// The force's own thresholds for an indicator: good at most 1, adequate 2, requires improvement 3.
    static func stricterBands(_ id: String) throws -> IndicatorThresholdPolicy {
        let definition = try #require(IndicatorStore.definition(id: id))
        let draft = IndicatorThresholdDraft(
            good: "1", adequate: "2", requiresImprovement: "3", reason: "Test: stricter")
        switch draft.check(for: definition, setBy: "Test", at: now) {
        case .success(let policy): return policy
        case .failure(let problems): throw problems
        }
    }

    /// Sets the force's own thresholds for an indicator and checks the stored readings carry them with no refresh.
    static func checkThresholdsApplyAtOnce(_ app: Application) async throws {
        let id = "workforce.officers-unavailable"
        let policy = try Self.stricterBands(id)
        try await IndicatorThresholdStore.set(policy, on: app.db)
        let storedReadings = try await Self.stored(app, nil).readings
        let liveReadings = try await Self.live(app, nil)
        let stored = storedReadings.first(where: { $0.indicatorID == id })
        let live = liveReadings.first(where: { $0.indicatorID == id })
        #expect(stored == live)
        #expect(stored?.definition.thresholds.good == 1)
    }

    /// Refreshes every scope, then checks each scope's stored readings against a full recomputation.
    static func refreshAndCompare(_ app: Application, _ step: String) async throws {
        try await IndicatorCurrentStore.refresh(scopes: IndicatorStore.snapshotScopes, now: now, on: app.db)
        for scope in IndicatorStore.snapshotScopes {
            let stored = try await stored(app, scope)
            let live = try await live(app, scope)
            #expect(stored.asOf == now, "\(step): not the stored figures")
            #expect(stored.readings == live, "\(step), \(IndicatorStore.scopeCode(scope))")
        }
    }

    @Test func `after every refresh the stored figures are exactly a full recomputation's, in every scope`()
        async throws
    {
        try await withTestApp { app in
            try await Self.loadDemo(app)
            let sql = app.db as! any SQLDatabase

            try await Self.refreshAndCompare(app, "after the demo")
            let force = try await Self.live(app, nil)
            #expect(force.filter { $0.value != nil }.count > 20, "the demo gives most indicators a figure")

            // A change to the records: the stored figures are behind it until the next refresh (so the comparison
            // can fail), then equal again.
            try await sql.raw(
                "UPDATE officers SET status = \(bind: OfficerStatus.leave.rawValue) WHERE id % 7 = 0"
            ).run()
            let behind = try await Self.stored(app, nil).readings
            let moved = try await Self.live(app, nil)
            #expect(behind != moved)
            try await Self.refreshAndCompare(app, "officers on leave")

            try await sql.raw("DELETE FROM supervisory_reviews WHERE id % 3 = 0").run()
            try await sql.raw("DELETE FROM victim_contacts WHERE id % 4 = 0").run()
            try await Self.refreshAndCompare(app, "reviews and contacts removed")

            // The force's own thresholds apply to stored figures at once: bands are read, not stored.
            try await Self.checkThresholdsApplyAtOnce(app)
        }
    }

    @Test func `figures too old, for another day or short of an indicator are computed again`() async throws {
        try await withTestApp { app in
            try await Self.loadDemo(app)
            try await IndicatorCurrentStore.refresh(scopes: [nil, .centralEast], now: Self.now, on: app.db)
            func asOf(_ now: Date, _ scope: BCU? = nil) async throws -> Date {
                try await InspectionService(database: app.db, now: now, currentMaxAge: 180).current(bcu: scope).asOf
            }
            #expect(try await asOf(Self.now.addingTimeInterval(180)) == Self.now)
            // Older than the limit: computed for the reader, and kept for the next one.
            let later = Self.now.addingTimeInterval(181)
            #expect(try await asOf(later) == later)
            #expect(try await asOf(later.addingTimeInterval(10)) == later)
            // Another day's window.
            let tomorrow = Self.now.addingTimeInterval(86_400)
            #expect(try await asOf(tomorrow) == tomorrow)
            let sql = app.db as! any SQLDatabase
            // An indicator registered after the refresh (its row missing): computed again.
            try await sql.raw(
                "DELETE FROM indicator_current WHERE scope_code = 'CE' AND indicator_id = 'workforce.officers-unavailable'"
            ).run()
            let ceLater = Self.now.addingTimeInterval(60)
            #expect(try await asOf(ceLater, .centralEast) == ceLater)
            // With refreshing off, every reading is live.
            let off = try await InspectionService(database: app.db, now: ceLater.addingTimeInterval(1)).current(
                bcu: .centralEast)
            #expect(off.asOf == ceLater.addingTimeInterval(1))
        }
    }

    @Test func `the refresher skips its turn when the figures were refreshed within half an interval`() async throws {
        try await withTestApp { app in
            app.bluelamp.settings.indicatorRefresh = 60
            var clock = Self.now
            app.clock = { [clock] in clock }
            #expect(await IndicatorRefresher.refreshIfDue(app))
            #expect(!(await IndicatorRefresher.refreshIfDue(app)))
            clock = Self.now.addingTimeInterval(29)
            app.clock = { [clock] in clock }
            #expect(!(await IndicatorRefresher.refreshIfDue(app)))
            clock = Self.now.addingTimeInterval(30)
            app.clock = { [clock] in clock }
            #expect(await IndicatorRefresher.refreshIfDue(app))
            let oldest = try await IndicatorCurrentStore.oldestRefresh(
                scopes: IndicatorStore.snapshotScopes, on: app.db)
            #expect(oldest == clock)
        }
    }

    @Test func `the dashboard, the indicators page and the API say when their figures were computed`() async throws {
        try await withTestApp { app in
            app.bluelamp.settings.indicatorRefresh = 60
            app.clock = { InspectionTesting.now }
            try await InspectionTesting.loadHistory(app)
            let officers = [
                try await makeOfficer(app, bcu: .centralEast, warrant: "800001"),
                try await makeOfficer(app, bcu: .centralEast, warrant: "800002"),
            ]
            try await IndicatorCurrentStore.refresh(
                scopes: IndicatorStore.snapshotScopes, now: InspectionTesting.now, on: app.db)
            let lead = try await signedIn(app, as: .performanceLead)

            let dashboard = try await InspectionTesting.get(app, "/inspection?bcu=CE", as: lead).body.string
            #expect(dashboard.contains("as of 1 Mar 2025, 12:00"))
            let indicators = try await InspectionTesting.get(app, "/inspection/indicators", as: lead).body.string
            #expect(indicators.contains("as of 1 Mar 2025, 12:00"))

            let token = try await apiToken(app, as: .performanceLead)
            func unavailable() async throws -> (value: Double?, asOf: String?) {
                let response = try await app.testing().sendRequest(
                    .GET, "/api/v1/indicators?bcu=CE&limit=200", headers: bearer(token))
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                let items = try #require((body as? [String: Any])?["items"] as? [[String: Any]])
                let item = try #require(items.first { $0["id"] as? String == "workforce.officers-unavailable" })
                return (item["value"] as? Double, item["as_of"] as? String)
            }
            let before = try await unavailable()
            #expect(before.value != nil)
            #expect(before.asOf == "2025-03-01T12:00:00Z")

            // An officer goes on leave: the stored figure holds until it is refreshed (or too old), then moves.
            let officer = try #require(try await Officer.find(officers[0], on: app.db))
            officer.status = OfficerStatus.leave.rawValue
            try await officer.update(on: app.db)
            #expect(try await unavailable().value == before.value)
            let later = InspectionTesting.now.addingTimeInterval(181)
            app.clock = { later }
            let after = try await unavailable()
            #expect((after.value ?? 0) > (before.value ?? 0))
            #expect(after.asOf == "2025-03-01T12:03:01Z")
        }
    }

    @Test func `the refresh interval is read from BLUELAMP_INDICATOR_REFRESH_SECONDS and a bad one is refused`() throws
    {
        #expect(try Settings(environment: [:]).indicatorRefresh == 300)
        #expect(try Settings(environment: ["BLUELAMP_INDICATOR_REFRESH_SECONDS": "0"]).indicatorRefresh == 0)
        #expect(try Settings(environment: ["BLUELAMP_INDICATOR_REFRESH_SECONDS": "60"]).indicatorRefresh == 60)
        for bad in ["-1", "soon", "86401", "1.5"] {
            #expect(throws: Settings.Invalid.self, "\(bad)") {
                try Settings(environment: ["BLUELAMP_INDICATOR_REFRESH_SECONDS": bad])
            }
        }
        #expect(IndicatorRefresher.maxAge(refresh: 300) == 900)
        #expect(IndicatorRefresher.maxAge(refresh: 0) == 0)
    }
}
