import BluelampCore
import Foundation
import Testing

/// The queue's waiting-time distribution and backlog trend (issue 18), on hand-made devices whose answers are known.
@Suite struct ForensicsQueueTrendTests {
    static let day = 86_400.0

    @Test func `waits fall into bands of days, the lower edge inclusive`() {
        let bands = ForensicsQueueTrend.waitDistribution(
            expected: [0, 0.5 * Self.day, Self.day, 3 * Self.day, 40 * Self.day], actual: [-60, 2 * Self.day])
        #expect(
            bands.map(\.label) == ["under 1 day", "1–2 days", "2–7 days", "7–14 days", "14–28 days", "28 days or more"])
        #expect(bands.map(\.expected) == [2, 1, 1, 0, 0, 1])
        #expect(bands.map(\.actual) == [1, 0, 1, 0, 0, 0])
    }

    @Test func `the backlog counts devices submitted and not yet started at each week's end`() {
        let now = Date(timeIntervalSince1970: 100 * Self.day)
        func ago(_ days: Double) -> Date { now.addingTimeInterval(-days * Self.day) }
        let devices: [(submittedAt: Date, startedAt: Date?)] = [
            (ago(20), ago(10)),  // waiting 14 days ago, started since
            (ago(20), nil),  // waiting throughout
            (ago(3), nil),  // submitted this week
            (ago(30), ago(25)),  // started before the window
        ]
        let weeks = ForensicsQueueTrend.backlog(devices, now: now, weeks: 3)
        #expect(weeks.map(\.at) == [ago(14), ago(7), now])
        #expect(weeks.map(\.waiting) == [2, 1, 2])
    }
}
