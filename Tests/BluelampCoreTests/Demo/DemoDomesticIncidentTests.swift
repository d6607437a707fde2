import BluelampCore
import Foundation
import Testing

/// The demo's domestic incidents that are not crimes (issue 17): about 0.76 for each domestic abuse crime (ONS, year
/// ending March 2019), each a report decided "incident" with its reason, a victim and the domestic abuse flag.
@Suite struct DemoDomesticIncidentTests {
    static let now = DemoAllocationPlannerTests.now
    static let generator = DemoCrimeGenerator(seed: 2016, scale: .small, years: 1, now: now)

    @Test func `each month has about 0.76 domestic incidents per domestic abuse crime, all decided incident`() {
        let generator = Self.generator
        let index = generator.months.count - 2  // the last whole month
        let incidents = generator.domesticIncidents(inMonth: index, domesticCrimes: 400, firstNumber: 1)
        #expect(incidents.count == 306)  // 400 × 570,581 / 746,219, rounded
        let month = generator.months[index]
        for demo in incidents {
            let crime = demo.crime
            #expect(crime.flags.contains(.domestic))
            #expect(crime.status == .notRecorded)
            #expect(crime.recordingDecision?.kind == .incident)
            #expect((crime.recordingDecision?.reason ?? "").isEmpty == false)
            #expect(crime.victims.count == 1)
            #expect(crime.reference.contains("-I"))
            #expect(PoliceUKMonth(date: crime.reportedAt) == month)
            #expect(crime.reportedAt < (crime.recordedAt ?? .distantPast))
        }
        #expect(Set(incidents.map(\.crime.reference)).count == incidents.count)
    }

    @Test func `the incidents are the same for the same seed and stop at now`() {
        let generator = Self.generator
        let current = generator.months.count - 1
        let a = generator.domesticIncidents(inMonth: current, domesticCrimes: 1_000, firstNumber: 9)
        let b = generator.domesticIncidents(inMonth: current, domesticCrimes: 1_000, firstNumber: 9)
        #expect(a.map(\.crime.reference) == b.map(\.crime.reference))
        #expect(a.map(\.crime.reportedAt) == b.map(\.crime.reportedAt))
        #expect(a.allSatisfy { ($0.crime.recordedAt ?? .distantFuture) < Self.now })
        #expect(generator.domesticIncidents(inMonth: current, domesticCrimes: 0, firstNumber: 1).isEmpty)
    }
}
