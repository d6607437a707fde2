import Foundation

/// The clock time a visit is planned for, in London local time (`HH:MM`, 24-hour).
public struct VisitTimeOfDay: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let minutesAfterMidnight: Int

    public init?(hour: Int, minute: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        minutesAfterMidnight = hour * 60 + minute
    }

    /// Parses `HH:MM`.
    public init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var hour: Int { minutesAfterMidnight / 60 }
    public var minute: Int { minutesAfterMidnight % 60 }

    /// `HH:MM`.
    public var text: String {
        OffenderCalendar.padded(hour, width: 2) + ":" + OffenderCalendar.padded(minute, width: 2)
    }

    public var description: String { text }

    /// The part of the day the planner spreads visits over: before noon, afternoon, from 17:00 on.
    public var band: VisitTimeBand {
        switch hour {
        case ..<12: .morning
        case ..<17: .afternoon
        default: .evening
        }
    }

    public static func < (lhs: VisitTimeOfDay, rhs: VisitTimeOfDay) -> Bool {
        lhs.minutesAfterMidnight < rhs.minutesAfterMidnight
    }
}

public enum VisitTimeBand: String, CaseIterable, Codable, Sendable, Hashable {
    case morning
    case afternoon
    case evening
}
