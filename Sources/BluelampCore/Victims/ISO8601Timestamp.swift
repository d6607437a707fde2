import Foundation

/// A strict reader for an ISO 8601 instant with its offset: `2025-03-01T14:30:00Z`, `2025-03-31T00:05:00+01:00`,
/// `2025-03-01T14:30:00.250-0500`, `2025-03-01T14:30Z`. The offset is required: without one the instant is unknown,
/// and guessing the zone could move an event to another day.
public enum ISO8601Timestamp {
    /// Why a text is not such an instant.
    public struct Failure: Error, Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case noOffset
            case invalid
        }

        public let kind: Kind
        public let reason: String
    }

    public static func parse(_ text: String) -> Result<Date, Failure> {
        let invalid = Failure(
            kind: .invalid,
            reason: "\"\(text)\" is not an ISO 8601 date and time with an offset, e.g. 2025-03-01T14:30:00Z")
        let bytes = Array(text.utf8)
        var position = 0

        func digits(_ count: Int) -> Int? {
            guard position + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<position + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            position += count
            return value
        }
        func take(_ character: Character) -> Bool {
            guard position < bytes.count, bytes[position] == character.asciiValue! else { return false }
            position += 1
            return true
        }

        guard let year = digits(4), take("-"), let month = digits(2), take("-"), let day = digits(2),
            let date = CalendarDay(year: year, month: month, day: day)
        else { return .failure(invalid) }
        if position == bytes.count {
            return .failure(
                Failure(
                    kind: .noOffset, reason: "\"\(text)\" has no time and no offset; give both, e.g. \(text)T14:30:00Z")
            )
        }
        guard take("T"), let hour = digits(2), take(":"), let minute = digits(2), hour <= 23, minute <= 59 else {
            return .failure(invalid)
        }
        var seconds = 0.0
        if take(":") {
            guard let whole = digits(2), whole <= 59 else { return .failure(invalid) }
            seconds = Double(whole)
            if take(".") || take(",") {
                let start = position
                while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
                guard position > start, position - start <= 9 else { return .failure(invalid) }
                seconds += Double("0." + String(decoding: bytes[start..<position], as: UTF8.self)) ?? 0
            }
        }
        var offset = 0
        if position == bytes.count {
            return .failure(
                Failure(
                    kind: .noOffset,
                    reason:
                        "\"\(text)\" has no offset; add Z for UTC or one such as +01:00, as the zone is never guessed"
                ))
        } else if take("Z") {
            offset = 0
        } else if position < bytes.count, bytes[position] == 0x2B || bytes[position] == 0x2D {
            let sign = bytes[position] == 0x2D ? -1 : 1
            position += 1
            guard let hours = digits(2), hours <= 18 else { return .failure(invalid) }
            var minutes = 0
            if position < bytes.count {
                _ = take(":")
                guard let m = digits(2), m <= 59 else { return .failure(invalid) }
                minutes = m
            }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return .failure(invalid)
        }
        guard position == bytes.count else { return .failure(invalid) }
        let local = date.start.timeIntervalSince1970 + Double(hour * 3600 + minute * 60) + seconds
        return .success(Date(timeIntervalSince1970: local - Double(offset)))
    }
}
