import BluelampCore
import Foundation
import Testing

@Suite struct RSONotificationTests {
    private typealias F = OffenderFixtures

    @Test func `the initial notification is due within three days beginning with release`() {
        // Sexual Offences Act 2003 s.83(1): release on Monday 3 March, last day Wednesday 5 March.
        #expect(RSONotificationRules.initialLastDay(relevantDate: F.day("2025-03-03")) == F.day("2025-03-05"))
        #expect(RSONotificationRules.changeLastDay(changedOn: F.day("2025-02-27")) == F.day("2025-03-01"))
        #expect(RSONotificationRules.annualLastDay(lastNotification: F.day("2024-02-29")) == F.day("2025-02-28"))
    }

    @Test func `an initial notification not made is overdue from the day after its last day`() {
        let history = RSONotificationHistory(relevantDate: F.day("2025-03-03"))
        let requirements = RSONotificationRules.requirements(history)
        #expect(requirements.map(\.kind) == [.initial])
        #expect(!requirements[0].isOverdue(today: F.day("2025-03-05")))
        #expect(requirements[0].isOverdue(today: F.day("2025-03-06")))
        #expect(RSONotificationRules.overdue(history, today: F.day("2025-03-06")).count == 1)
    }

    @Test func `annual re-notification runs from the latest notification of any kind`() {
        let history = RSONotificationHistory(
            relevantDate: F.day("2022-01-10"), initialNotifiedOn: F.day("2022-01-11"),
            changes: [RSONotifiableChange(changedOn: F.day("2022-06-01"), notifiedOn: F.day("2022-06-06"))],
            annualNotifications: [F.day("2023-06-01"), F.day("2024-07-15")])
        let requirements = RSONotificationRules.requirements(history)
        #expect(requirements.map(\.kind) == [.initial, .change, .annual, .annual, .annual])
        let change = requirements[1]
        #expect(change.lastDay == F.day("2022-06-03"))
        #expect(change.wasLate)
        #expect(requirements[2].lastDay == F.day("2023-06-06"))
        #expect(!requirements[2].wasLate)
        #expect(requirements[3].triggeredOn == F.day("2023-06-01"))
        #expect(requirements[3].wasLate)
        let next = requirements[4]
        #expect(next.notifiedOn == nil)
        #expect(next.lastDay == F.day("2025-07-15"))
        #expect(!next.isOverdue(today: F.day("2025-07-15")))
        #expect(next.isOverdue(today: F.day("2025-07-16")))
    }

    @Test func `a change not yet notified is overdue after three days`() {
        let history = RSONotificationHistory(
            relevantDate: F.day("2024-01-01"), initialNotifiedOn: F.day("2024-01-02"),
            changes: [RSONotifiableChange(changedOn: F.day("2024-09-09"))])
        let overdue = RSONotificationRules.overdue(history, today: F.day("2024-09-12"))
        #expect(overdue.map(\.kind) == [.change])
        #expect(RSONotificationRules.overdue(history, today: F.day("2024-09-11")).isEmpty)
    }
}
