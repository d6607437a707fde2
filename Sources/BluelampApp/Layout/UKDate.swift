import BluelampCore
import Foundation

/// Dates and times as every page writes them (issue 22): the UK's way, "25 Aug 1994" and "4 Dec 2026 19:55", and a
/// moment in London time, whatever the server's clock runs in.
enum UKDate {
    static let dayFormat: DateFormatter = formatter("d MMM yyyy", zone: .london)
    static let momentFormat: DateFormatter = formatter("d MMM yyyy HH:mm", zone: .london)
    static let calendarDayFormat: DateFormatter = formatter("d MMM yyyy", zone: TimeZone(identifier: "UTC")!)

    private static func formatter(_ format: String, zone: TimeZone) -> DateFormatter {
        let f = DateFormatter()
        f.dateFormat = format
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = zone
        return f
    }

    /// "4 Dec 2026 19:55", in London.
    static func moment(_ date: Date) -> String { momentFormat.string(from: date) }

    /// The London day a moment falls on: "4 Dec 2026".
    static func day(of date: Date) -> String { dayFormat.string(from: date) }

    /// A calendar day (a date of birth, a day something is due): "25 Aug 1994".
    static func day(_ day: CalendarDay) -> String { calendarDayFormat.string(from: day.start) }

    /// A day written `YYYY-MM-DD` as "25 Aug 1994"; text that is no such day is returned as it is.
    static func day(_ text: String) -> String { CalendarDay(text).map(day) ?? text }
}
