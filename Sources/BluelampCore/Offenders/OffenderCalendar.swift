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
/// one month repeatedly, so 31 January plus two months is 31 March.
public enum OffenderCalendar {
    private static let secondsPerDay = 86_400.0

    // MARK: - Public helpers

    /// 00:00 UTC on the given Gregorian date, or nil when the date does not exist (30 February).
    public static func day(year: Int, month: Int, day: Int) -> Date? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        return date(dayNumber: dayNumber(year: year, month: month, day: day))
    }

    /// 00:00 UTC on the UTC day that contains `date`.
    public static func startOfDay(_ date: Date) -> Date {
        Self.date(dayNumber: dayNumber(date))
    }

    /// The calendar date `date` falls on in `timeZone` (e.g. Europe/London), as 00:00 UTC on that date.
    public static func day(containing date: Date, in timeZone: TimeZone) -> Date {
        let offset = Double(timeZone.secondsFromGMT(for: date))
        return startOfDay(date.addingTimeInterval(offset))
    }

    /// Parses a strict `YYYY-MM-DD` date (four-digit year, two-digit month and day, a date that exists).
    public static func parseDay(_ text: String) -> Date? {
        CalendarDay(text)?.start
    }

    /// `YYYY-MM-DD` for the UTC day containing `date`.
    public static func format(_ date: Date) -> String {
        format(dayNumber: dayNumber(date))
    }

    /// `date`'s day plus `months` calendar months, clamped to the end of a shorter month.
    public static func adding(months: Int, to date: Date) -> Date {
        Self.date(dayNumber: addingMonths(months, toDayNumber: dayNumber(date)))
    }

    /// `date`'s day plus `days` days.
    public static func adding(days: Int, to date: Date) -> Date {
        Self.date(dayNumber: dayNumber(date) + days)
    }

    /// Whole days from the day of `start` to the day of `end` (negative when `end` is earlier).
    public static func days(from start: Date, to end: Date) -> Int {
        dayNumber(end) - dayNumber(start)
    }

    // MARK: - Day numbers (days since 1970-01-01), used inside the module

    static func dayNumber(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / secondsPerDay).rounded(.down))
    }

    static func date(dayNumber: Int) -> Date {
        Date(timeIntervalSince1970: Double(dayNumber) * secondsPerDay)
    }

    static func addingMonths(_ months: Int, toDayNumber dayNumber: Int) -> Int {
        let (year, month, dayOfMonth) = civil(dayNumber: dayNumber)
        let monthIndex = year * 12 + (month - 1) + months
        let newYear = Int((Double(monthIndex) / 12).rounded(.down))
        let newMonth = monthIndex - newYear * 12 + 1
        let clampedDay = min(dayOfMonth, daysInMonth(year: newYear, month: newMonth))
        return Self.dayNumber(year: newYear, month: newMonth, day: clampedDay)
    }

    static func format(dayNumber: Int) -> String {
        let (year, month, dayOfMonth) = civil(dayNumber: dayNumber)
        return "\(padded(year, width: 4))-\(padded(month, width: 2))-\(padded(dayOfMonth, width: 2))"
    }

    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level
    /// date algorithms", days_from_civil).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The Gregorian date of a day number (Hinnant, civil_from_days).
    static func civil(dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
