import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing

/// An outcome rate counts only the crimes whose outcome is known (issue 15, "Outcome-rate trends fall
/// off a cliff"): a crime still under investigation is neither charged nor not, so a period's newest
/// crimes must not pull its rates down. The crimes awaiting an outcome are counted apart, in a note.
@Suite struct OutcomeRateTests {
    static let now = CrimeStoreTests.now
    static let period = DateInterval(start: now.addingTimeInterval(-30 * 86_400), end: now.addingTimeInterval(3600))

    /// Ten crimes in CE: one charged, one closed with no suspect identified, eight still open.
    static func mostlyOpen(on db: any Database) async throws {
        var ids: [Int] = []
        for _ in 0..<10 { ids.append(try await CrimeStoreTests.record(CrimeStoreTests.draft(), on: db)) }
        for (id, type) in [
            (ids[0], OutcomeType.chargedOrSummonsed), (ids[1], .investigationCompleteNoSuspectIdentified),
        ] {
            try await CrimeStore.recordOutcome(
                id: id, outcome: CrimeOutcome(type: type, date: now), actor: CrimeStoreTests.actor, now: now,
                forceName: "Metropolitan Police Service", on: db)
        }
    }

    @Test func `a period whose crimes are mostly open reads the rate among the crimes whose outcome is known`()
        async throws
    {
        try await withDatabase { app in
            try await Self.mostlyOpen(on: app.db)
            let store = CrimeIndicatorStore()

            let all = try await store.computeAll(period: Self.period, scopes: [nil, .centralEast], on: app.db)
            let history = try await store.computeHistory(period: Self.period, scopes: [nil, .centralEast], on: app.db)

            for values in [all, history] {
                for code in ["FORCE", "CE"] {
                    // 1 and 1 of the 2 decided, not of all 10 recorded (10% each).
                    #expect(values[CrimeIndicators.ID.chargeRate]?[code] == 50)
                    #expect(values[CrimeIndicators.ID.noSuspectRate]?[code] == 50)
                    #expect(values[CrimeIndicators.ID.victimDoesNotSupportRate]?[code] == 0)
                    #expect(values[CrimeIndicators.ID.recorded]?[code] == 10)
                }
            }
        }
    }

    @Test func `each outcome rate's note counts the crimes recorded in the period still awaiting an outcome`()
        async throws
    {
        try await withDatabase { app in
            try await Self.mostlyOpen(on: app.db)
            _ = try await CrimeStoreTests.record(CrimeStoreTests.draft(bcu: .southEast), on: app.db)

            let readings = try await IndicatorStore.readings(period: Self.period, bcu: nil, on: app.db)
            let ce = try await IndicatorStore.readings(period: Self.period, bcu: .centralEast, on: app.db)
            let se = try await IndicatorStore.readings(period: Self.period, bcu: .southEast, on: app.db)

            for id in [
                CrimeIndicators.ID.chargeRate, CrimeIndicators.ID.noSuspectRate,
                CrimeIndicators.ID.victimDoesNotSupportRate,
            ] {
                #expect(readings.first { $0.indicatorID == id }?.notes == [CrimeIndicatorStore.awaitingOutcomeNote(9)])
                #expect(ce.first { $0.indicatorID == id }?.notes == [CrimeIndicatorStore.awaitingOutcomeNote(8)])
                // SE's one crime is open: no figure, and the note says why.
                let reading = try #require(se.first { $0.indicatorID == id })
                #expect(reading.value == nil)
                #expect(reading.notes == [CrimeIndicatorStore.awaitingOutcomeNote(1)])
            }
            #expect(
                CrimeIndicatorStore.awaitingOutcomeNote(9)
                    == "9 crimes recorded in the period are still awaiting an outcome and so left out: "
                    + "the rate is a share of the crimes whose outcome is known.")
            #expect(
                CrimeIndicatorStore.awaitingOutcomeNote(1).hasPrefix("1 crime recorded in the period is still awaiting")
            )
            // Other figures carry no such note.
            #expect(readings.first { $0.indicatorID == CrimeIndicators.ID.recorded }?.notes == [])
        }
    }

    @Test func `every outcome rate's description says it counts only crimes whose outcome is known`() throws {
        for id in CrimeIndicators.outcomeTypes.keys {
            let definition = try #require(CrimeIndicators.definitions.first { $0.id == id })
            #expect(definition.description.contains("whose outcome is known"), "\(id)")
            #expect(definition.description.contains("awaiting an outcome are left out"), "\(id)")
        }
    }
}
