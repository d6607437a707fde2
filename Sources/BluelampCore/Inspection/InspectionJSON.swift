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
        CalendarDay(year: year, month: month, day: day)?.start
    }

    /// Reads `YYYY-MM-DD` (midnight UTC) or a full ISO 8601 timestamp.
    public static func date(from text: String) -> Date? {
        if let day = CalendarDay(text) { return day.start }
        return try? Date(text, strategy: .iso8601)
    }

    /// `YYYY-MM-DD` for a date at midnight UTC, otherwise an ISO 8601 timestamp in UTC.
    public static func string(from date: Date) -> String {
        let day = CalendarDay(containing: date)
        return day.start == date ? day.text : date.formatted(.iso8601)
    }

    /// `YYYY-MM-DD` of the UTC day a date falls on.
    public static func dayString(of date: Date) -> String {
        CalendarDay(containing: date).text
    }
}
