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
            try await Data_.allocate(try await Data_.crime(.bicycleTheft, bcu: .centralEast, on: db), to: officer, on: db)
        }
        try await Data_.allocate(try await Data_.crime(.bicycleTheft, bcu: .southEast, on: db), to: c, on: db)
    }

    @Test func `each scope's figures come from its own allocations and officers, the force's from all`() async throws {
        try await withDatabase { app in
            try await arrange(on: app.db)
            let period = IndicatorStore.window(endingOn: now)
            let values = try await store.computeAll(period: period, scopes: [nil, .centralEast, .southEast, .northWest], on: app.db)

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
                    #expect(alone == together[definition.id]?[IndicatorStore.scopeCode(bcu)], "\(definition.id) \(IndicatorStore.scopeCode(bcu))")
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
