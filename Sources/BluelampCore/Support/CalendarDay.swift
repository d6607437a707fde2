import Foundation

/// A calendar date with no time of day and no time zone: a date of birth, a due date, a snapshot's day. The one
/// place Bluelamp reads and writes `YYYY-MM-DD`; the offender calendar, the inspection record and the crime form
/// all parse through it. As a `Date`, a day is 00:00 UTC on that date (`start`). Day arithmetic (days and
/// calendar months added, days between) is here too, and `OffenderCalendar` counts through it.
public struct CalendarDay: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil unless the date exists in the Gregorian calendar (years 1000–9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1000...9999).contains(year), (1...12).contains(month) else { return nil }
        guard (1...Self.daysIn(year: year, month: month)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses a strict `YYYY-MM-DD`: four digits, two and two, a date that exists.
    public init?(_ text: some StringProtocol) {
        // Read byte by byte: days are parsed for every point of every trend a page draws.
        var year = 0
        var month = 0
        var day = 0
        var count = 0
        for byte in text.utf8 {
            guard count < 10 else { return nil }
            if count == 4 || count == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                if count < 4 {
                    year = year * 10 + digit
                } else if count < 7 {
                    month = month * 10 + digit
                } else {
                    day = day * 10 + digit
                }
            }
            count += 1
        }
        guard count == 10 else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date `date` falls on in `timeZone` (by default UTC; Europe/London for what a person in London calls today).
    public init(containing date: Date, in timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        let shifted = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        self.init(dayNumber: Int((shifted / Self.secondsPerDay).rounded(.down)))
    }

    /// The date `dayNumber` days after 1970-01-01 (before it when negative), in the proleptic Gregorian calendar.
    public init(dayNumber: Int) {
        // Days since 1970-01-01 to a civil date (Howard Hinnant, "chrono-compatible low-level date algorithms",
        // civil_from_days), in whole-number arithmetic.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    private static let secondsPerDay = 86_400.0

    /// Days since 1970-01-01 (negative before it): what day arithmetic counts in (Hinnant, days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day number of the UTC day that contains `date`, without building the day.
    public static func dayNumber(containing date: Date) -> Int {
        Int((date.timeIntervalSince1970 / secondsPerDay).rounded(.down))
    }

    /// 00:00 UTC on the day `dayNumber`.
    public static func start(ofDayNumber dayNumber: Int) -> Date {
        Date(timeIntervalSince1970: Double(dayNumber) * secondsPerDay)
    }

    /// 00:00 UTC on this date.
    public var start: Date { Self.start(ofDayNumber: dayNumber) }

    // MARK: - Arithmetic

    /// This date plus `days` days (minus, when negative).
    public func adding(days: Int) -> CalendarDay {
        CalendarDay(dayNumber: dayNumber + days)
    }

    /// This date plus `months` calendar months, the way a person counts them: 31 January plus one month is the
    /// last day of February. Each sum is taken from this date, so 31 January plus two months is 31 March.
    public func adding(months: Int) -> CalendarDay {
        let monthIndex = year * 12 + (month - 1) + months
        let newYear = Int((Double(monthIndex) / 12).rounded(.down))
        let newMonth = monthIndex - newYear * 12 + 1
        return CalendarDay(
            unchecked: newYear, month: newMonth, day: min(day, Self.daysIn(year: newYear, month: newMonth)))
    }

    /// Whole days from this date to `other` (negative when `other` is earlier).
    public func days(to other: CalendarDay) -> Int {
        other.dayNumber - dayNumber
    }

    /// A date already known to exist, outside the years `init(year:month:day:)` reads.
    private init(unchecked year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`.
    public var text: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let digits = String(year)
        let paddedYear = digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
        return "\(paddedYear)-\(two(month))-\(two(day))"
    }

    public var description: String { text }

    /// Age in whole years on `date`.
    public func age(on date: CalendarDay) -> Int {
        let years = date.year - year
        return (date.month, date.day) < (month, day) ? years - 1 : years
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDay(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
