import BluelampCore
import Foundation
import Testing

@Suite struct WantedSuspectRuleTests {
    private typealias F = OffenderFixtures

    @Test func `flags a suspect outstanding for more than 28 days and not at 28`() {
        let since = F.day("2025-01-01")
        #expect(WantedSuspectRule.daysOutstanding(since: since, today: F.day("2025-01-29")) == 28)
        #expect(!WantedSuspectRule.isFlagged(since: since, today: F.day("2025-01-29")))
        #expect(WantedSuspectRule.isFlagged(since: since, today: F.day("2025-01-30")))
    }

    @Test func `counts calendar days whatever the time of day`() {
        let since = F.day("2025-01-01").addingTimeInterval(22 * 3600)
        #expect(WantedSuspectRule.daysOutstanding(since: since, today: F.day("2025-01-02").addingTimeInterval(60)) == 1)
        #expect(WantedSuspectRule.daysOutstanding(since: since, today: F.day("2024-12-01")) == 0)
    }
}
