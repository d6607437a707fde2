import BluelampCore
import Foundation
import Testing

/// The shipped data file (Sources/BluelampApp/Resources/bank-holidays-england-and-wales.csv) against the rules of
/// the Banking and Financial Dealings Act 1971 and the substitute-day practice, recomputed here year by year: the only
/// differences allowed are the one-off changes made by royal proclamation.
@Suite struct BankHolidayDataTests {
    /// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    static func easter(_ year: Int) -> CalendarDay {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let h = (19 * a + b - b / 4 - (b - (b + 8) / 25 + 1) / 3 + 15) % 30
        let l = (32 + 2 * (b % 4) + 2 * (c / 4) - h - c % 4) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDay(year: year, month: month, day: day)!
    }

    static func firstMonday(_ year: Int, _ month: Int) -> CalendarDay {
        var day = CalendarDay(year: year, month: month, day: 1)!
        while day.isoWeekday != 1 { day = day.adding(days: 1) }
        return day
    }

    static func lastMonday(_ year: Int, _ month: Int) -> CalendarDay {
        var day = CalendarDay(year: year, month: month, day: CalendarDay.daysIn(year: year, month: month))!
        while day.isoWeekday != 1 { day = day.adding(days: -1) }
        return day
    }

    /// The regular bank holidays of a year, with a holiday that falls on a weekend moved to the next weekday that is
    /// not already a holiday.
    static func regularHolidays(_ year: Int) -> Set<CalendarDay> {
        var days: Set<CalendarDay> = []
        func addMovingOffWeekend(_ day: CalendarDay) {
            var day = day
            while day.isWeekend || days.contains(day) { day = day.adding(days: 1) }
            days.insert(day)
        }
        addMovingOffWeekend(CalendarDay(year: year, month: 1, day: 1)!)
        days.insert(easter(year).adding(days: -2))
        days.insert(easter(year).adding(days: 1))
        days.insert(firstMonday(year, 5))
        days.insert(lastMonday(year, 5))
        days.insert(lastMonday(year, 8))
        addMovingOffWeekend(CalendarDay(year: year, month: 12, day: 25)!)
        addMovingOffWeekend(CalendarDay(year: year, month: 12, day: 26)!)
        return days
    }

    /// The one-off changes by proclamation, 2015–2030.
    static let added: Set<String> = ["2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"]
    static let removed: Set<String> = ["2020-05-04", "2022-05-30"]

    @Test func `the data covers 2015 to 2030 whole`() {
        let calendar = VictimsTestSupport.calendar
        #expect(calendar.range.lowerBound.text == "2015-01-01")
        #expect(calendar.range.upperBound.text == "2030-12-31")
        #expect(calendar.holidays.count == 16 * 8 + 3)
    }

    @Test(arguments: 2015...2030) func `each year is the rule's, apart from the proclaimed changes`(_ year: Int) {
        let listed = Set(VictimsTestSupport.calendar.holidays.map(\.day).filter { $0.year == year })
        let computed = Self.regularHolidays(year)
        let extra = Set(listed.subtracting(computed).map(\.text))
        let missing = Set(computed.subtracting(listed).map(\.text))
        #expect(extra == Self.added.filter { $0.hasPrefix("\(year)") }, "listed but not in the rule")
        #expect(missing == Self.removed.filter { $0.hasPrefix("\(year)") }, "in the rule but not listed")
    }

    /// Easter Sunday as the Church publishes it, so the algorithm above is checked against something else.
    @Test(arguments: [
        (2015, "2015-04-05"), (2016, "2016-03-27"), (2017, "2017-04-16"), (2018, "2018-04-01"),
        (2019, "2019-04-21"), (2020, "2020-04-12"), (2021, "2021-04-04"), (2022, "2022-04-17"),
        (2023, "2023-04-09"), (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"),
        (2027, "2027-03-28"), (2028, "2028-04-16"), (2029, "2029-04-01"), (2030, "2030-04-21"),
    ])
    func `Good Friday and Easter Monday are listed around Easter Sunday`(year: Int, sunday: String) {
        let calendar = VictimsTestSupport.calendar
        let easter = VictimsTestSupport.day(sunday)
        #expect(Self.easter(year) == easter)
        #expect(calendar.holidayName(on: easter.adding(days: -2)) == "Good Friday")
        #expect(calendar.holidayName(on: easter.adding(days: 1)) == "Easter Monday")
    }

    @Test(arguments: [
        ("2015-12-28", "Boxing Day (substitute day)"), ("2020-12-28", "Boxing Day (substitute day)"),
        ("2021-12-27", "Christmas Day (substitute day)"), ("2021-12-28", "Boxing Day (substitute day)"),
        ("2022-12-27", "Christmas Day (substitute day)"), ("2026-12-28", "Boxing Day (substitute day)"),
        ("2027-12-27", "Christmas Day (substitute day)"), ("2027-12-28", "Boxing Day (substitute day)"),
        ("2022-01-03", "New Year's Day (substitute day)"), ("2028-01-03", "New Year's Day (substitute day)"),
        ("2020-05-08", "Early May bank holiday (VE Day)"), ("2022-06-02", "Spring bank holiday"),
        ("2022-06-03", "Platinum Jubilee bank holiday"),
        ("2022-09-19", "Bank holiday for the State Funeral of Queen Elizabeth II"),
        ("2023-05-08", "Bank holiday for the coronation of King Charles III"),
    ])
    func `substitute and one-off days are listed by name`(day: String, name: String) {
        #expect(VictimsTestSupport.calendar.holidayName(on: VictimsTestSupport.day(day)) == name)
    }

    @Test func `the file names its source`() throws {
        let text = try String(contentsOf: VictimsTestSupport.dataFile, encoding: .utf8)
        #expect(text.hasPrefix("#"))
        #expect(text.contains("https://www.gov.uk/bank-holidays.json"))
        #expect(text.contains("Banking and Financial Dealings Act 1971"))
    }
}
