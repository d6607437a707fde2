import BluelampCore
import Foundation
import Testing

/// `YYYY-MM-DD`, read and written in one place (issue 14): the crime form, the offender calendar and the
/// inspection record all parse through `CalendarDay`, so they accept and refuse the same text.
@Suite struct CalendarDayTests {
    @Test(arguments: ["2024-02-29", "1970-01-01", "2000-02-29", "2025-12-31", "1600-03-01", "9999-12-31"])
    func `a real date reads, writes back the same and starts at midnight UTC`(text: String) throws {
        let day = try #require(CalendarDay(text))
        #expect(day.text == text)
        #expect(CalendarDay(containing: day.start) == day)
        #expect(CalendarDay(containing: day.start.addingTimeInterval(86_399)) == day)
        #expect(CalendarDay(containing: day.start.addingTimeInterval(-1)) < day)
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute], from: day.start)
        #expect(
            [parts.year, parts.month, parts.day, parts.hour, parts.minute] == [day.year, day.month, day.day, 0, 0])
    }

    @Test(arguments: [
        "2023-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-1-01", "25-01-01", "2025-01-1", "2025/01/01",
        "+025-01-01", "2025-01-+1", "", "2025-01-01T00:00", " 2025-01-01", "2025-01-01 ", "2025-01-011",
        "２０２５-01-01", "2025-01-0١", "2025–01–01",
    ])
    func `anything else is refused, the same by every parser`(text: String) {
        #expect(CalendarDay(text) == nil)
        #expect(CrimeDraft.parseDay(text) == nil)
        #expect(OffenderCalendar.parseDay(text) == nil)
    }

    @Test func `every parser gives the same instant for the same day`() throws {
        let start = try #require(CalendarDay("2025-03-30")).start
        #expect(CrimeDraft.parseDay("2025-03-30") == start)
        #expect(OffenderCalendar.parseDay("2025-03-30") == start)
        #expect(InspectionJSON.date(from: "2025-03-30") == start)
        #expect(InspectionJSON.dayString(of: start) == "2025-03-30")
        #expect(InspectionJSON.string(from: start) == "2025-03-30")
    }

    @Test func `today in London is not the UTC date between midnight and one in summer`() throws {
        // 00:30 BST on 15 June 2025 is 23:30 UTC on the 14th; in January London is on UTC.
        let summer = try #require(CalendarDay("2025-06-14")).start.addingTimeInterval(23.5 * 3600)
        #expect(CalendarDay(containing: summer).text == "2025-06-14")
        #expect(CalendarDay(containing: summer, in: TimeZone(identifier: "Europe/London")!).text == "2025-06-15")
        let winter = try #require(CalendarDay("2025-01-14")).start.addingTimeInterval(23.5 * 3600)
        #expect(CalendarDay(containing: winter, in: TimeZone(identifier: "Europe/London")!).text == "2025-01-14")
    }

    // MARK: - Arithmetic (the offender calendar counts through it)

    private static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    @Test func `months are added the way a person counts them, each from the original date`() {
        #expect(Self.day("2025-01-31").adding(months: 1) == Self.day("2025-02-28"))
        #expect(Self.day("2024-01-31").adding(months: 1) == Self.day("2024-02-29"))
        #expect(Self.day("2025-01-31").adding(months: 2) == Self.day("2025-03-31"))
        #expect(Self.day("2024-02-29").adding(months: 12) == Self.day("2025-02-28"))
        #expect(Self.day("2025-03-31").adding(months: -1) == Self.day("2025-02-28"))
        #expect(Self.day("2025-01-15").adding(months: -13) == Self.day("2023-12-15"))
        #expect(Self.day("2025-11-30").adding(months: 0) == Self.day("2025-11-30"))
    }

    @Test func `days are added and counted across months, years and leap days`() {
        #expect(Self.day("2024-02-28").adding(days: 1) == Self.day("2024-02-29"))
        #expect(Self.day("2024-02-28").adding(days: 2) == Self.day("2024-03-01"))
        #expect(Self.day("2025-01-01").adding(days: -1) == Self.day("2024-12-31"))
        #expect(Self.day("2024-01-01").days(to: Self.day("2025-01-01")) == 366)
        #expect(Self.day("2025-01-01").days(to: Self.day("2024-01-01")) == -366)
        #expect(Self.day("1970-01-01").dayNumber == 0)
        #expect(Self.day("1969-12-31").dayNumber == -1)
    }

    @Test func `day numbers and dates agree with Foundation for every day over forty years`() {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        var date = Self.day("1999-12-01").start
        let end = Self.day("2040-01-01").start
        var number = Self.day("1999-12-01").dayNumber
        while date < end {
            let day = CalendarDay(dayNumber: number)
            #expect(day.start == date && day.dayNumber == number)
            #expect(CalendarDay.dayNumber(containing: date.addingTimeInterval(86_399)) == number)
            #expect(day.adding(days: 1).start == utc.date(byAdding: .day, value: 1, to: date))
            date = utc.date(byAdding: .day, value: 1, to: date)!
            number += 1
        }
    }
}
