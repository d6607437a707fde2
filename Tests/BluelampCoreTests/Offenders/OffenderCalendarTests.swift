import BluelampCore
import Foundation
import Testing

@Suite struct OffenderCalendarTests {
    private typealias F = OffenderFixtures

    @Test func `adding a month to the last day of January gives the last day of February`() {
        #expect(OffenderCalendar.adding(months: 1, to: F.day("2025-01-31")) == F.day("2025-02-28"))
        #expect(OffenderCalendar.adding(months: 1, to: F.day("2024-01-31")) == F.day("2024-02-29"))
        #expect(OffenderCalendar.adding(months: 2, to: F.day("2025-01-31")) == F.day("2025-03-31"))
        #expect(OffenderCalendar.adding(months: 12, to: F.day("2024-02-29")) == F.day("2025-02-28"))
        #expect(OffenderCalendar.adding(months: -1, to: F.day("2025-03-31")) == F.day("2025-02-28"))
    }

    @Test func `agrees with Foundation's Gregorian calendar in UTC for every day over forty years`() {
        var date = F.day("1999-12-01")
        let end = F.day("2040-01-01")
        var random = OffenderTestRandom(seed: 7)
        while date < end {
            // Only back to 22 months: Foundation 6.3.1 on Linux lands in the wrong February when
            // subtracting 23 or more months (2000-01-29 minus 23 months gives 1998-03-01, not 1998-02-28),
            // one reason the core does its own calendar arithmetic.
            let months = random.int(-22...30)
            #expect(OffenderCalendar.adding(months: months, to: date) == F.adding(months: months, to: date))
            #expect(OffenderCalendar.format(date) == F.text(date))
            #expect(OffenderCalendar.parseDay(F.text(date)) == date)
            date = F.adding(days: 1, to: date)
        }
    }

    @Test func `counts whole days between dates whatever the time of day`() {
        let morning = F.day("2025-03-29").addingTimeInterval(8 * 3600)
        let lateEvening = F.day("2025-03-31").addingTimeInterval(23 * 3600)
        #expect(OffenderCalendar.days(from: morning, to: lateEvening) == 2)
        #expect(OffenderCalendar.days(from: lateEvening, to: morning) == -2)
        #expect(OffenderCalendar.startOfDay(lateEvening) == F.day("2025-03-31"))
    }

    @Test func `reads only strict and real YYYY-MM-DD dates`() {
        #expect(OffenderCalendar.parseDay("2025-02-28") == F.day("2025-02-28"))
        for bad in [
            "2025-02-30", "2025-2-28", "28/02/2025", "2025-13-01", "20250228", "", "2025-02-28T00:00", "２０２５-02-28",
        ] {
            #expect(OffenderCalendar.parseDay(bad) == nil, "\(bad)")
        }
    }

    @Test func `takes the London date of a moment just after midnight in summer`() throws {
        // 00:30 BST on 1 July is 23:30 UTC on 30 June.
        let moment = F.day("2025-06-30").addingTimeInterval(23.5 * 3600)
        let bst = try #require(TimeZone(secondsFromGMT: 3600))
        #expect(OffenderCalendar.day(containing: moment, in: bst) == F.day("2025-07-01"))
        #expect(OffenderCalendar.startOfDay(moment) == F.day("2025-06-30"))
    }
}
