import Foundation

/// The calendar every offender-management rule counts in: the proleptic Gregorian calendar in UTC.
///
/// Visit frequencies, notification windows, review dates and the visit planner all work in whole
/// calendar days. A day is carried as a `Date` at 00:00 UTC on that day, so `2025-03-30` is
/// `2025-03-30T00:00:00Z` whatever the clocks in London say. UTC was chosen over Europe/London because
/// a day then always has 86,400 seconds (no daylight-saving gaps to fall into) and the arithmetic needs
/// no time-zone database, so the core stays pure.
///
/// The app converts at the edge: a London calendar date (a visit recorded on 30 March) becomes
/// `day(year: 2025, month: 3, day: 30)`, and "today" is `day(containing: now, in: london)`, not
/// `startOfDay(now)`, because between midnight and 01:00 BST the UTC date is still yesterday's.
///
/// Months are added the way a person counts them: 31 January plus one month is 28 (or 29) February,
/// the last day of the shorter month; every such sum is taken from the original date, never by adding
/// one month repeatedly, so 31 January plus two months is 31 March. The arithmetic is `CalendarDay`'s; this
/// calendar only carries its days as `Date`s, which the offender records and rules hold.
public enum OffenderCalendar {
    /// 00:00 UTC on the given Gregorian date, or nil when the date does not exist (30 February).
    public static func day(year: Int, month: Int, day: Int) -> Date? {
        CalendarDay(year: year, month: month, day: day)?.start
    }

    /// 00:00 UTC on the UTC day that contains `date`.
    public static func startOfDay(_ date: Date) -> Date {
        CalendarDay.start(ofDayNumber: CalendarDay.dayNumber(containing: date))
    }

    /// The calendar date `date` falls on in `timeZone` (e.g. Europe/London), as 00:00 UTC on that date.
    public static func day(containing date: Date, in timeZone: TimeZone) -> Date {
        CalendarDay(containing: date, in: timeZone).start
    }

    /// Parses a strict `YYYY-MM-DD` date (four-digit year, two-digit month and day, a date that exists).
    public static func parseDay(_ text: String) -> Date? {
        CalendarDay(text)?.start
    }

    /// `YYYY-MM-DD` for the UTC day containing `date`.
    public static func format(_ date: Date) -> String {
        CalendarDay(containing: date).text
    }

    /// `date`'s day plus `months` calendar months, clamped to the end of a shorter month.
    public static func adding(months: Int, to date: Date) -> Date {
        CalendarDay(containing: date).adding(months: months).start
    }

    /// `date`'s day plus `days` days.
    public static func adding(days: Int, to date: Date) -> Date {
        CalendarDay.start(ofDayNumber: CalendarDay.dayNumber(containing: date) + days)
    }

    /// Whole days from the day of `start` to the day of `end` (negative when `end` is earlier).
    public static func days(from start: Date, to end: Date) -> Int {
        CalendarDay.dayNumber(containing: end) - CalendarDay.dayNumber(containing: start)
    }

    /// `value` in decimal with leading zeros to `width` digits (references, times of day).
    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
