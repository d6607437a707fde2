import BluelampCore
import Foundation
import Testing

@Suite struct RSOVisitStatusTests {
    private typealias F = OffenderFixtures

    @Test func `only a visit where the offender was seen is successful`() {
        #expect(VisitOutcome.allCases.filter(\.isSuccessful) == [.seen])
        #expect(VisitOutcome.allCases.map(\.rawValue) == ["seen", "not_at_home", "refused_entry", "address_vacated"])
    }

    @Test func `a failed visit schedules a new attempt within seven days`() {
        let visit = F.day("2025-05-02")
        for outcome in [VisitOutcome.notAtHome, .refusedEntry, .addressVacated] {
            #expect(outcome.reattemptDue(after: visit) == F.day("2025-05-09"))
        }
        #expect(VisitOutcome.seen.reattemptDue(after: visit) == nil)
    }

    @Test func `failed visits do not restart the visit clock`() {
        let status = RSOVisitStatus(
            registeredOn: F.day("2015-01-01"), frequency: VisitFrequency(defaultFor: .high),
            visits: [
                VisitAttempt(visitedOn: F.day("2024-10-01"), announced: false, outcome: .notAtHome),
                VisitAttempt(visitedOn: F.day("2024-06-15"), announced: false, outcome: .seen),
                VisitAttempt(visitedOn: F.day("2024-10-08"), announced: true, outcome: .refusedEntry),
            ],
            today: F.day("2024-12-20"))
        #expect(status.lastSuccessfulVisit == F.day("2024-06-15"))
        #expect(status.nextVisitDue == F.day("2024-09-15"))
        #expect(status.daysOverdue == 96)
        #expect(status.escalationDate == F.day("2024-12-15"))
        #expect(status.considerArrestOrWarrant)
        #expect(status.reattemptDue == F.day("2024-10-15"))
        #expect(status.reattemptOverdue)
    }

    @Test func `a successful visit clears the re-attempt and the escalation`() {
        let status = RSOVisitStatus(
            registeredOn: F.day("2015-01-01"), frequency: VisitFrequency(defaultFor: .veryHigh),
            visits: [
                VisitAttempt(visitedOn: F.day("2025-03-01"), announced: false, outcome: .notAtHome),
                VisitAttempt(visitedOn: F.day("2025-03-04"), announced: false, outcome: .seen),
            ],
            today: F.day("2025-03-20"))
        #expect(status.nextVisitDue == F.day("2025-04-04"))
        #expect(!status.isOverdue)
        #expect(!status.considerArrestOrWarrant)
        #expect(status.reattemptDue == nil)
    }

    @Test func `a high risk offender never seen since 2017 is escalated`() {
        // PEEL 2023–25: a high-risk RSO with no successful visit since 2017 and no arrest or warrant considered.
        let status = RSOVisitStatus(
            registeredOn: F.day("2012-04-01"), frequency: VisitFrequency(defaultFor: .high),
            visits: [VisitAttempt(visitedOn: F.day("2017-06-01"), announced: true, outcome: .seen)],
            today: F.day("2023-06-01"))
        #expect(status.daysOverdue == F.days(from: F.day("2017-09-01"), to: F.day("2023-06-01")))
        #expect(status.considerArrestOrWarrant)
        #expect(status.escalationDate == F.day("2017-12-01"))
    }

    @Test func `visits recorded after the day evaluated are ignored`() {
        let status = RSOVisitStatus(
            registeredOn: F.day("2024-01-01"), frequency: VisitFrequency(defaultFor: .medium),
            visits: [VisitAttempt(visitedOn: F.day("2025-01-10"), announced: false, outcome: .seen)],
            today: F.day("2024-12-01"))
        #expect(status.lastSuccessfulVisit == nil)
        #expect(status.nextVisitDue == F.day("2024-07-01"))
    }
}
