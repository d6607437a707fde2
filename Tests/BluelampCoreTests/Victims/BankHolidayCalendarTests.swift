import BluelampCore
import Foundation
import Testing

/// `BankHolidayCalendar`: parsing the data and counting working days.
@Suite struct BankHolidayCalendarTests {
    static let small = """
        # a comment
        date,name
        2024-01-01,New Year's Day
        2024-12-25,Christmas Day
        2025-01-01,New Year's Day
        """

    @Test func `reads comments, the header and the rows, and covers whole years`() throws {
        let calendar = try BankHolidayCalendar(csv: Self.small)
        #expect(calendar.holidays.count == 3)
        #expect(calendar.range == VictimsTestSupport.day("2024-01-01")...VictimsTestSupport.day("2025-12-31"))
        #expect(try !calendar.isWorkingDay(VictimsTestSupport.day("2024-12-25")))
        #expect(try calendar.isWorkingDay(VictimsTestSupport.day("2024-12-24")))
        #expect(try !calendar.isWorkingDay(VictimsTestSupport.day("2025-12-27")), "a Saturday")
    }

    @Test func `reads a file with Windows (CRLF) or old Mac (CR) line endings as it reads LF`() throws {
        for ending in ["\r\n", "\r"] {
            let calendar = try BankHolidayCalendar(csv: Self.small.replacingOccurrences(of: "\n", with: ending))
            #expect(calendar.holidays.map(\.name) == ["New Year's Day", "Christmas Day", "New Year's Day"])
        }
        // The line named in a problem counts CRLF lines as lines.
        #expect(throws: BankHolidayCalendar.Problem(line: 3, reason: "the holiday has no name")) {
            try BankHolidayCalendar(csv: "date,name\r\n2024-01-01,New Year's Day\r\n2024-12-25,")
        }
    }

    @Test(arguments: [
        ("2024-01-01,New Year's Day", 1, "expected the header \"date,name\", found \"2024-01-01,New Year's Day\""),
        ("date,name\n2024-1-01,New Year's Day", 2, "\"2024-1-01\" is not a date in the form YYYY-MM-DD"),
        ("date,name\n2024-01-01,", 2, "the holiday has no name"),
        ("date,name\n2024-01-01", 2, "expected date,name, found \"2024-01-01\""),
        (
            "date,name\n2023-12-25,Christmas Day\n2023-12-24,Sunday", 3,
            "2023-12-24 is a Saturday or Sunday; list the substitute day"
        ),
        (
            "date,name\n2024-12-25,Christmas Day\n2024-12-25,Again", 3,
            "2024-12-25 is not after 2024-12-25: dates must be in order, each once"
        ),
        ("date,name\n2023-01-02,A\n2025-01-01,B", 3, "no bank holidays listed for 2024: every year must be whole"),
        ("date,name\n", 2, "no bank holidays listed"),
        ("# only a comment", 1, "no header \"date,name\""),
    ])
    func `refuses bad data with the line and the reason`(text: String, line: Int, reason: String) {
        #expect(throws: BankHolidayCalendar.Problem(line: line, reason: reason)) {
            try BankHolidayCalendar(csv: text)
        }
    }

    @Test(arguments: [
        ("2025-04-18", false, "Good Friday"), ("2025-04-21", false, "Easter Monday"), ("2025-04-22", true, "Tuesday"),
        ("2025-04-19", false, "Saturday"), ("2025-04-20", false, "Sunday"), ("2022-09-19", false, "state funeral"),
        ("2020-05-04", true, "the early May holiday moved to the 8th"), ("2020-05-08", false, "VE Day"),
    ])
    func `working days are weekdays that are not bank holidays`(day: String, working: Bool, why: String) throws {
        #expect(try VictimsTestSupport.calendar.isWorkingDay(VictimsTestSupport.day(day)) == working, "\(why)")
    }

    @Test(arguments: [
        (0, "2025-04-17", "2025-04-17"), (1, "2025-04-17", "2025-04-22"), (2, "2025-04-17", "2025-04-23"),
        (9, "2025-04-17", "2025-05-02"), (10, "2025-04-17", "2025-05-06"),
    ])
    func `counts the nth working day strictly after a day`(n: Int, from: String, expected: String) throws {
        let day = try VictimsTestSupport.calendar.workingDay(n, after: VictimsTestSupport.day(from))
        #expect(day.text == expected)
    }

    @Test func `a day outside the data is an error`() {
        let calendar = VictimsTestSupport.calendar
        #expect(throws: VictimsCodeError.outsideCalendar(VictimsTestSupport.day("2014-12-31"))) {
            try calendar.isWorkingDay(VictimsTestSupport.day("2014-12-31"))
        }
        #expect(throws: VictimsCodeError.outsideCalendar(VictimsTestSupport.day("2031-01-01"))) {
            try calendar.workingDay(1, after: VictimsTestSupport.day("2030-12-31"))
        }
    }

    @Test(arguments: [
        ("1970-01-01", 4), ("2025-03-30", 7), ("2025-03-31", 1), ("2024-02-29", 4), ("1969-12-31", 3),
    ])
    func `knows the day of the week`(day: String, weekday: Int) {
        #expect(VictimsTestSupport.day(day).isoWeekday == weekday)
    }

    @Test func `adds days across months, years and leap days`() {
        #expect(VictimsTestSupport.day("2024-02-28").adding(days: 1).text == "2024-02-29")
        #expect(VictimsTestSupport.day("2024-12-31").adding(days: 1).text == "2025-01-01")
        #expect(VictimsTestSupport.day("2025-03-01").adding(days: -1).text == "2025-02-28")
        #expect(VictimsTestSupport.day("2025-01-01").days(to: VictimsTestSupport.day("2025-12-31")) == 364)
    }
}
