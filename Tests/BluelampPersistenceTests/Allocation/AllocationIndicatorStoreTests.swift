import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing

@Suite struct AllocationIndicatorStoreTests {
    typealias Data_ = AllocationTestData
    typealias ID = AllocationIndicatorStore.ID
    let now = AllocationTestData.now
    let store = AllocationIndicatorStore()

    /// CE: A (PIP1) holds two crimes, B (PIP2, own cap 1) holds two. SE: C (PIP1) holds one. A force-wide
    /// PIP3 detective holds none. Every crime was allocated by override today, within its deadline.
    private func arrange(on db: any Database) async throws {
        let ce = try await Data_.team(.investigation, .centralEast, on: db)
        let se = try await Data_.team(.investigation, .southEast, on: db)
        let homicide = try await Data_.team(.forceWide, .force, on: db)
        let a = try await Data_.officer("800001", team: ce, bcu: .centralEast, level: .pip1, on: db)
        let b = try await Data_.officer("800002", team: ce, bcu: .centralEast, level: .pip2, cap: 1, on: db)
        let c = try await Data_.officer("800003", team: se, bcu: .southEast, level: .pip1, on: db)
        try await Data_.officer("800004", team: homicide, bcu: .force, level: .pip3, on: db)
        for officer in [a, a, b, b] {
            try await Data_.allocate(
                try await Data_.crime(.bicycleTheft, bcu: .centralEast, on: db), to: officer, on: db)
        }
        try await Data_.allocate(try await Data_.crime(.bicycleTheft, bcu: .southEast, on: db), to: c, on: db)
    }

    @Test func `each scope's figures come from its own allocations and officers, the force's from all`() async throws {
        try await withDatabase { app in
            try await arrange(on: app.db)
            let period = IndicatorStore.window(endingOn: now)
            let values = try await store.computeAll(
                period: period, scopes: [nil, .centralEast, .southEast, .northWest], on: app.db)

            #expect(values[ID.overrides] == ["FORCE": 100, "CE": 100, "SE": 100])
            #expect(values[ID.overrides(.continuity)] == ["FORCE": 100, "CE": 100, "SE": 100])
            #expect(values[ID.withinDeadline] == ["FORCE": 100, "CE": 100, "SE": 100])
            #expect(values[ID.atRequiredLevel] == ["FORCE": 100, "CE": 100, "SE": 100])
            // No crime required a specialism: no figure anywhere.
            #expect(values[ID.withRequiredSpecialism] == nil)
            // B is over their cap of one: half of CE's investigators, a quarter of the force's (with the PIP3).
            #expect(values[ID.officersOverCap] == ["FORCE": 25, "CE": 50, "SE": 0])
            #expect(values[ID.caseload(.median, .pip1)] == ["FORCE": 1.5, "CE": 2, "SE": 1])
            #expect(values[ID.caseload(.max, .pip1)] == ["FORCE": 2, "CE": 2, "SE": 1])
            #expect(values[ID.caseload(.max, .pip2)] == ["FORCE": 2, "CE": 2])
            #expect(values[ID.caseload(.median, .pip3)] == ["FORCE": 0])
            // NW has neither allocations nor investigators.
            #expect(values.values.allSatisfy { $0["NW"] == nil })
        }
    }

    @Test func `one figure for one scope agrees with the figures computed for every scope together`() async throws {
        try await withDatabase { app in
            try await arrange(on: app.db)
            let period = IndicatorStore.window(endingOn: now)
            let scopes: [BCU?] = [nil, .centralEast, .southEast]
            let together = try await store.computeAll(period: period, scopes: scopes, on: app.db)
            for definition in store.definitions {
                for bcu in scopes {
                    let alone = try await store.compute(id: definition.id, period: period, bcu: bcu, on: app.db)
                    #expect(
                        alone == together[definition.id]?[IndicatorStore.scopeCode(bcu)],
                        "\(definition.id) \(IndicatorStore.scopeCode(bcu))")
                }
            }
            // The back-fill's figures are the same, without the current-only caseloads (and their roster).
            let history = try await store.computeHistory(period: period, scopes: scopes, on: app.db)
            #expect(history == together.filter { store.history(of: $0.key) == .anyPeriod })
            #expect(history[ID.officersOverCap] == nil)
            #expect(!history.isEmpty)
        }
    }

    @Test func `allocations outside the period are not counted`() async throws {
        try await withDatabase { app in
            try await arrange(on: app.db)
            let period = IndicatorStore.window(endingOn: now.addingTimeInterval(-40 * 86_400))
            let values = try await store.computeAll(period: period, scopes: [nil], on: app.db)
            #expect(values[ID.overrides] == nil)
            #expect(values[ID.withinDeadline] == nil)
        }
    }
}

@Suite struct AllocationIndicatorPolicyTests {
    typealias ID = AllocationIndicatorStore.ID
    let now = AllocationTestData.now

    /// A policy unlike the default: caps 6 / 4 / 2, call-out above 10, deadlines 12 / 48 / 96 hours.
    private var policy: AllocationPolicy {
        var policy = AllocationPolicy.metropolitanDefault
        policy.caseloadCaps = CaseloadCaps(pip1: 6, pip2: 4, pip3: 2)
        policy.callOutAbove = 10
        policy.deadlines = AllocationDeadlines(priority1Hours: 12, priority2Hours: 48, priority3Hours: 96)
        return policy
    }

    private func definition(_ id: String, on db: any Database) async throws -> IndicatorDefinition {
        try #require(try await IndicatorStore.definitions(on: db).first { $0.id == id })
    }

    @Test func `the caseload bands and their description follow the caps and call-out of the policy in force`()
        async throws
    {
        try await withDatabase { app in
            try await AllocationPolicyStore.save(
                policy, reason: "Smaller caseloads", actor: .bluelamp, now: now, on: app.db)

            let median = try await definition(ID.caseload(.median, .pip1), on: app.db)
            #expect(median.thresholds == IndicatorThresholds(good: 6 * 0.6, adequate: 6 * 0.8, requiresImprovement: 6))
            #expect(median.description.contains("6 / 4 / 2"))
            #expect(!median.description.contains("20 / 14 / 8"))
            #expect(median.thresholdSource?.contains("cap of 6") == true)
            let p90 = try await definition(ID.caseload(.p90, .pip3), on: app.db)
            #expect(p90.thresholds == IndicatorThresholds(good: 2 * 0.9, adequate: 2, requiresImprovement: 2 * 1.25))
            // The largest caseload is inadequate over the policy's call-out, not a fixed 25.
            let max = try await definition(ID.caseload(.max, .pip2), on: app.db)
            #expect(max.thresholds == IndicatorThresholds(good: 4, adequate: 5, requiresImprovement: 10))
            #expect(max.thresholdSource?.contains("above 10 crimes") == true)
        }
    }

    @Test func `a call-out below a quarter over the cap pulls the largest caseload's edges down to it, in order`()
        async throws
    {
        var policy = policy
        policy.caseloadCaps = CaseloadCaps(pip1: 30, pip2: 14, pip3: 8)
        policy.callOutAbove = 25
        let max = try #require(
            AllocationIndicators.definitions(under: policy).first { $0.id == ID.caseload(.max, .pip1) })
        #expect(max.thresholds == IndicatorThresholds(good: 25, adequate: 25, requiresImprovement: 25))
        #expect(max.problems().isEmpty)
    }

    @Test func `the hours-to-allocation bands follow the deadlines of the policy in force`() async throws {
        try await withDatabase { app in
            try await AllocationPolicyStore.save(
                policy, reason: "Faster allocation", actor: .bluelamp, now: now, on: app.db)
            let p1 = try await definition(ID.hoursToAllocation(.one), on: app.db)
            #expect(p1.thresholds == IndicatorThresholds(good: 6, adequate: 12, requiresImprovement: 18))
            #expect(p1.description.contains("deadline is 12 hours"))
        }
    }

    @Test func `a reading is banded against the policy in force`() async throws {
        try await withDatabase { app in
            // Arrange: one PIP1 investigator holding eight crimes, under the default cap of 20 but over the policy's 6.
            let team = try await AllocationTestData.team(.investigation, .centralEast, on: app.db)
            let officer = try await AllocationTestData.officer(
                "800011", team: team, bcu: .centralEast, level: .pip1, on: app.db)
            for _ in 0..<8 {
                try await AllocationTestData.allocate(
                    try await AllocationTestData.crime(.bicycleTheft, bcu: .centralEast, on: app.db), to: officer,
                    on: app.db)
            }
            let period = IndicatorStore.window(endingOn: now)
            let before = try #require(
                try await IndicatorStore.reading(id: ID.caseload(.max, .pip1), period: period, bcu: nil, on: app.db))
            #expect(before.value == 8)
            #expect(before.band == .good)

            // Act
            try await AllocationPolicyStore.save(
                policy, reason: "Smaller caseloads", actor: .bluelamp, now: now, on: app.db)

            // Assert: the same eight crimes are now over the cap and its quarter (6, 7.5), within the call-out of 10.
            let after = try #require(
                try await IndicatorStore.reading(id: ID.caseload(.max, .pip1), period: period, bcu: nil, on: app.db))
            #expect(after.band == .requiresImprovement)
            let listed = try await IndicatorStore.readings(period: period, bcu: nil, on: app.db)
            #expect(listed.first { $0.indicatorID == ID.caseload(.max, .pip1) }?.band == .requiresImprovement)
        }
    }
}
