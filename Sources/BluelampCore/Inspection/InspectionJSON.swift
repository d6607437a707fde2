import Foundation

/// The JSON coding the inspection data files use (frameworks, the history fixture).
///
/// Dates are written as a calendar day, `"2022-06-28"`, meaning midnight UTC that day, or as a full
/// ISO 8601 timestamp (`"2024-05-01T09:30:00Z"`) where the time matters, as in a status change.
/// The encoder writes a date at midnight UTC as a day and any other date as a timestamp, so a file
/// read and written again is unchanged.
public enum InspectionJSON {
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = InspectionJSON.date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "expected a day (YYYY-MM-DD) or an ISO 8601 timestamp, found \"\(text)\""
                )
            }
            return date
        }
        return decoder
    }

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(InspectionJSON.string(from: date))
        }
        return encoder
    }

    /// Midnight UTC on the given day, or nil when the day does not exist (2023-02-30).
    public static func day(_ year: Int, _ month: Int, _ day: Int) -> Date? {
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        guard let date = utcCalendar.date(from: components) else { return nil }
        let back = utcCalendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return date
    }

    /// Reads `YYYY-MM-DD` (midnight UTC) or a full ISO 8601 timestamp.
    public static func date(from text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        {
            return day(y, m, d)
        }
        return try? Date(text, strategy: .iso8601)
    }

    /// `YYYY-MM-DD` for a date at midnight UTC, otherwise an ISO 8601 timestamp in UTC.
    public static func string(from date: Date) -> String {
        let c = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        if c.hour == 0, c.minute == 0, c.second == 0, (c.nanosecond ?? 0) == 0,
            let y = c.year, let m = c.month, let d = c.day
        {
            return dayString(y, m, d)
        }
        return date.formatted(.iso8601)
    }

    /// `YYYY-MM-DD` of the UTC day a date falls on.
    public static func dayString(of date: Date) -> String {
        let c = utcCalendar.dateComponents([.year, .month, .day], from: date)
        return dayString(c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    private static func dayString(_ y: Int, _ m: Int, _ d: Int) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    static var utcCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar
    }
}
