import BluelampCore
import Foundation
import Testing

/// The "tell the victim" clock (Victims' Code, Right 6): the Nth working day after the Europe/London date of the
/// event, 1 with enhanced rights, 5 without, skipping weekends and the bank holidays of England and Wales.
@Suite struct VictimsCodeClockTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let occurredAt: String
        let enhanced: Bool
        let due: String
        let why: String
        var testDescription: String { "\(occurredAt) \(enhanced ? "enhanced" : "standard") → \(due): \(why)" }
    }

    static let cases: [Case] = [
        // Weekends.
        Case(occurredAt: "2025-03-07T10:00:00Z", enhanced: true, due: "2025-03-10", why: "Friday → Monday"),
        Case(occurredAt: "2025-03-07T10:00:00Z", enhanced: false, due: "2025-03-14", why: "Friday → next Friday"),
        Case(occurredAt: "2025-03-08T10:00:00Z", enhanced: true, due: "2025-03-10", why: "Saturday → Monday"),
        Case(occurredAt: "2025-03-09T10:00:00Z", enhanced: false, due: "2025-03-14", why: "Sunday → Friday"),
        Case(occurredAt: "2025-03-03T10:00:00Z", enhanced: false, due: "2025-03-10", why: "Monday → next Monday"),
        Case(occurredAt: "2025-03-04T10:00:00Z", enhanced: true, due: "2025-03-05", why: "Tuesday → Wednesday"),
        // Easter: Good Friday and Easter Monday.
        Case(occurredAt: "2019-04-18T12:00:00+01:00", enhanced: true, due: "2019-04-23", why: "Easter 2019"),
        Case(occurredAt: "2019-04-18T12:00:00+01:00", enhanced: false, due: "2019-04-29", why: "Easter 2019"),
        Case(occurredAt: "2024-03-28T15:00:00Z", enhanced: true, due: "2024-04-02", why: "Easter 2024"),
        Case(occurredAt: "2024-03-28T15:00:00Z", enhanced: false, due: "2024-04-08", why: "Easter 2024"),
        Case(occurredAt: "2025-04-17T09:00:00+01:00", enhanced: true, due: "2025-04-22", why: "Easter 2025"),
        Case(occurredAt: "2025-04-17T09:00:00+01:00", enhanced: false, due: "2025-04-28", why: "Easter 2025"),
        Case(occurredAt: "2025-04-18T09:00:00+01:00", enhanced: true, due: "2025-04-22", why: "on Good Friday"),
        // Substitute days.
        Case(occurredAt: "2020-12-24T12:00:00Z", enhanced: true, due: "2020-12-29", why: "Boxing Day moved to 28th"),
        Case(occurredAt: "2020-12-24T12:00:00Z", enhanced: false, due: "2021-01-05", why: "and New Year's Day"),
        Case(occurredAt: "2021-12-24T12:00:00Z", enhanced: true, due: "2021-12-29", why: "27th and 28th substitutes"),
        Case(occurredAt: "2021-12-24T12:00:00Z", enhanced: false, due: "2022-01-05", why: "and 3 January 2022"),
        Case(occurredAt: "2022-12-23T12:00:00Z", enhanced: true, due: "2022-12-28", why: "Christmas moved to 27th"),
        Case(occurredAt: "2027-12-24T12:00:00Z", enhanced: true, due: "2027-12-29", why: "27th and 28th substitutes"),
        Case(occurredAt: "2027-12-24T12:00:00Z", enhanced: false, due: "2028-01-05", why: "and 3 January 2028"),
        // One-off days, and the regular days they replaced.
        Case(occurredAt: "2020-05-07T12:00:00+01:00", enhanced: true, due: "2020-05-11", why: "VE Day, 8 May 2020"),
        Case(occurredAt: "2020-05-01T12:00:00+01:00", enhanced: true, due: "2020-05-04", why: "4 May 2020 worked"),
        Case(occurredAt: "2022-06-01T12:00:00+01:00", enhanced: true, due: "2022-06-06", why: "jubilee 2–3 June"),
        Case(occurredAt: "2022-05-27T12:00:00+01:00", enhanced: true, due: "2022-05-30", why: "30 May 2022 worked"),
        Case(occurredAt: "2022-09-16T12:00:00+01:00", enhanced: true, due: "2022-09-20", why: "the state funeral"),
        Case(occurredAt: "2023-05-05T12:00:00+01:00", enhanced: true, due: "2023-05-09", why: "the coronation"),
        Case(occurredAt: "2023-05-05T12:00:00+01:00", enhanced: false, due: "2023-05-15", why: "the coronation"),
        // Year ends.
        Case(occurredAt: "2026-12-31T12:00:00Z", enhanced: true, due: "2027-01-04", why: "New Year's Day 2027"),
        Case(occurredAt: "2026-12-31T12:00:00Z", enhanced: false, due: "2027-01-08", why: "New Year's Day 2027"),
        Case(occurredAt: "2026-12-24T12:00:00Z", enhanced: false, due: "2027-01-05", why: "25th, 28th, 1st"),
        Case(occurredAt: "2029-12-31T12:00:00Z", enhanced: false, due: "2030-01-08", why: "1 January 2030"),
        Case(occurredAt: "2030-12-20T12:00:00Z", enhanced: false, due: "2030-12-31", why: "the data's last day"),
        // Late on a Friday, and just after midnight: the London date counts.
        Case(occurredAt: "2025-01-10T23:30:00Z", enhanced: true, due: "2025-01-13", why: "Friday 23:30 GMT"),
        Case(occurredAt: "2025-07-11T23:30:00+01:00", enhanced: true, due: "2025-07-14", why: "Friday 23:30 BST"),
        Case(occurredAt: "2025-07-10T23:30:00Z", enhanced: true, due: "2025-07-14", why: "00:30 BST on Friday"),
        Case(occurredAt: "2025-06-05T23:05:00Z", enhanced: true, due: "2025-06-09", why: "00:05 BST on Friday"),
        Case(occurredAt: "2025-06-06T00:05:00+01:00", enhanced: true, due: "2025-06-09", why: "the same instant"),
        Case(occurredAt: "2025-06-05T22:55:00Z", enhanced: true, due: "2025-06-06", why: "23:55 BST on Thursday"),
        // Clocks go forward: 01:00 GMT on Sunday 30 March 2025.
        Case(occurredAt: "2025-03-28T23:59:00Z", enhanced: true, due: "2025-03-31", why: "Friday 23:59 GMT"),
        Case(occurredAt: "2025-03-30T00:30:00Z", enhanced: true, due: "2025-03-31", why: "Sunday before the change"),
        Case(occurredAt: "2025-03-30T01:30:00Z", enhanced: true, due: "2025-03-31", why: "Sunday after the change"),
        Case(occurredAt: "2025-03-30T23:05:00Z", enhanced: true, due: "2025-04-01", why: "00:05 BST on Monday"),
        Case(occurredAt: "2025-03-27T23:05:00Z", enhanced: true, due: "2025-03-28", why: "23:05 GMT on Thursday"),
        // Clocks go back: 01:00 GMT on Sunday 26 October 2025.
        Case(occurredAt: "2025-10-23T23:05:00Z", enhanced: true, due: "2025-10-27", why: "00:05 BST on Friday"),
        Case(occurredAt: "2025-10-26T23:05:00Z", enhanced: true, due: "2025-10-27", why: "23:05 GMT on Sunday"),
        Case(occurredAt: "2025-10-27T00:05:00Z", enhanced: true, due: "2025-10-28", why: "00:05 GMT on Monday"),
        Case(occurredAt: "2025-10-26T00:30:00Z", enhanced: false, due: "2025-10-31", why: "01:30 BST on Sunday"),
    ]

    @Test(arguments: cases) func `the due date is the Nth working day after the London date`(_ c: Case) throws {
        let due = try VictimsCode.tellVictimDue(
            event: .arrested, occurredAt: VictimsTestSupport.instant(c.occurredAt), enhanced: c.enhanced,
            calendar: VictimsTestSupport.calendar)
        #expect(due.text == c.due)
    }

    @Test(arguments: VictimKeyEvent.allCases) func `every key event runs the same clock`(_ event: VictimKeyEvent) throws
    {
        let at = VictimsTestSupport.instant("2022-06-01T12:00:00+01:00")
        let calendar = VictimsTestSupport.calendar
        #expect(
            try VictimsCode.tellVictimDue(event: event, occurredAt: at, enhanced: true, calendar: calendar).text
                == "2022-06-06")
        #expect(
            try VictimsCode.tellVictimDue(event: event, occurredAt: at, enhanced: false, calendar: calendar).text
                == "2022-06-10")
    }

    @Test(arguments: [
        ("2014-12-31T12:00:00Z", true, "2014-12-31"),
        ("2030-12-31T12:00:00Z", false, "2031-01-01"),
        ("2030-12-31T12:00:00Z", true, "2031-01-01"),
        ("2030-12-23T12:00:00Z", false, "2031-01-01"),
        ("2031-01-02T12:00:00Z", true, "2031-01-02"),
    ])
    func `a clock that leaves the bank-holiday data is an error, never a guess`(
        occurredAt: String, enhanced: Bool, outside: String
    ) {
        #expect(throws: VictimsCodeError.outsideCalendar(VictimsTestSupport.day(outside))) {
            try VictimsCode.tellVictimDue(
                event: .charged, occurredAt: VictimsTestSupport.instant(occurredAt), enhanced: enhanced,
                calendar: VictimsTestSupport.calendar)
        }
    }

    // MARK: - Routine updates

    @Test func `a routine update is due 28 days after the last, or after the investigation opened`() {
        let opened = VictimsTestSupport.instant("2025-03-01T10:00:00Z")
        let last = VictimsTestSupport.instant("2025-03-10T10:00:00Z")
        #expect(
            VictimsCode.routineUpdateDue(lastUpdate: nil, investigationOpened: opened, agreedIntervalDays: nil)
                == VictimsTestSupport.instant("2025-03-29T10:00:00Z"))
        // 28 London days across the clocks going forward: the same time of day, one hour less in UTC.
        #expect(
            VictimsCode.routineUpdateDue(lastUpdate: last, investigationOpened: opened, agreedIntervalDays: nil)
                == VictimsTestSupport.instant("2025-04-07T10:00:00+01:00"))
        #expect(
            VictimsCode.routineUpdateDue(lastUpdate: last, investigationOpened: opened, agreedIntervalDays: 14)
                == VictimsTestSupport.instant("2025-03-24T10:00:00Z"))
        #expect(VictimsCode.routineUpdateDays == 28)
    }
}
