import Foundation

/// A day of the week as the capacity policy names it: `Mon` … `Sun`. Raw values are ISO 8601 weekday numbers.
public enum Weekday: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// `Mon`, `Tue`, … as POLICY.json and the policy page write them.
    public var abbreviation: String {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][rawValue - 1]
    }

    public init?(abbreviation: String) {
        guard let found = Self.allCases.first(where: { $0.abbreviation == abbreviation }) else { return nil }
        self = found
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The digital forensics unit's working hours: a daily window, in Europe/London time, on some days of the week.
///
/// The window starts and ends on the same day (`start` < `end`, `end` at most 24:00); a shift over midnight is two
/// policies' worth of thinking and no unit in the reports works one. Minutes count from local midnight.
public struct ForensicsWorkingHours: Sendable, Hashable, Codable {
    public var startMinute: Int
    public var endMinute: Int
    public var days: Set<Weekday>

    public init(startMinute: Int, endMinute: Int, days: Set<Weekday>) {
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.days = days
    }

    /// Monday to Friday, 08:00 to 18:00 (issue 18's default).
    public static let standard = ForensicsWorkingHours(
        startMinute: 8 * 60, endMinute: 18 * 60, days: [.monday, .tuesday, .wednesday, .thursday, .friday])

    /// `HH:MM` for a minute of the day (24:00 for the end of the day).
    public static func clockText(_ minute: Int) -> String {
        let hours = minute / 60
        let minutes = minute % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    /// Reads a strict `HH:MM`, 00:00 to 24:00.
    public static func minute(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]), minutes < 60
        else { return nil }
        let total = hours * 60 + minutes
        return total <= 24 * 60 ? total : nil
    }

    /// The days in week order, e.g. `Mon, Tue, Wed`.
    public var daysText: String { days.sorted().map(\.abbreviation).joined(separator: ", ") }
}

/// The digital forensics unit's capacity, the policy the queue is forecast on (issue 18): how many devices it can
/// triage at once, how long each type of device takes, and when it works.
///
/// Source: HMICFRS, PEEL 2023–25, Metropolitan Police Service — only two devices could be submitted to the unit at
/// one time, which "increases the likelihood that investigative opportunities are being missed". The defaults are
/// that capacity (2 slots) and office hours; a force sets its own.
public struct ForensicsCapacityPolicy: Sendable, Hashable, Codable {
    /// Concurrent triage slots, numbered from 1.
    public var slots: Int
    /// Hours of slot time each type of device takes, by type name (`phone`, `computer`, …). A type missing here is
    /// unknown: a device of that type cannot be forecast.
    public var hoursByType: [String: Double]
    public var workingHours: ForensicsWorkingHours
    /// Whether the bank holidays of England and Wales are days off.
    public var bankHolidaysOff: Bool

    public init(
        slots: Int = 2, hoursByType: [String: Double] = Self.defaultHoursByType,
        workingHours: ForensicsWorkingHours = .standard, bankHolidaysOff: Bool = true
    ) {
        self.slots = slots
        self.hoursByType = hoursByType
        self.workingHours = workingHours
        self.bankHolidaysOff = bankHolidaysOff
    }

    /// Bluelamp's starting figures for hours of slot time per device: a force replaces them with its own.
    public static let defaultHoursByType: [String: Double] = [
        "phone": 6, "tablet": 5, "computer": 12, "storage": 8, "other": 4,
    ]

    public static let standard = ForensicsCapacityPolicy()

    /// The most slots a policy may set: far above any unit's bench, low enough that a typo is caught.
    public static let maxSlots = 100
    /// The most hours a device may take.
    public static let maxHoursPerDevice = 1_000.0
    /// The longest type name, in characters.
    public static let maxTypeLength = 40

    /// Slot time for a device of `type`, in whole minutes (at least 1), or nil for an unknown type.
    public func minutes(forType type: String) -> Int? {
        hoursByType[type].map { max(1, Int(($0 * 60).rounded())) }
    }

    /// The known types, sorted.
    public var types: [String] { hoursByType.keys.sorted() }

    /// Every problem with the policy, keyed by the field name POLICY.json, the page's form and the API share.
    public func problems() -> [FieldError] {
        var problems: [FieldError] = []
        if !(1...Self.maxSlots).contains(slots) {
            problems.append(
                FieldError(field: "slots", label: "Slots", message: "must be a whole number from 1 to \(Self.maxSlots)")
            )
        }
        if hoursByType.isEmpty {
            problems.append(
                FieldError(
                    field: "hours_by_type", label: "Hours by device type", message: "must name at least one device type"
                ))
        }
        for (type, hours) in hoursByType.sorted(by: { $0.key < $1.key }) {
            if !Self.isTypeName(type) {
                problems.append(
                    FieldError(
                        field: "hours_by_type", label: "Hours by device type",
                        message: "\"\(type)\" is not a device type name: 1 to \(Self.maxTypeLength) lower-case "
                            + "letters, digits, '-' or '_'"))
            }
            if !(hours > 0 && hours <= Self.maxHoursPerDevice) {
                problems.append(
                    FieldError(
                        field: "hours_by_type.\(type)", label: "Hours for \(type)",
                        message: "must be more than 0 and at most \(Int(Self.maxHoursPerDevice)) hours"))
            }
        }
        if workingHours.startMinute < 0 || workingHours.startMinute >= workingHours.endMinute
            || workingHours.endMinute > 24 * 60
        {
            problems.append(
                FieldError(
                    field: "working_hours.end", label: "Working hours end",
                    message: "must be after the start, at most 24:00"))
        }
        if workingHours.days.isEmpty {
            problems.append(
                FieldError(field: "working_hours.days", label: "Working days", message: "must name at least one day"))
        }
        return problems
    }

    /// A type name: lower-case ASCII letters, digits, `-` and `_`, 1 to 40 characters.
    public static func isTypeName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= maxTypeLength
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
            }
    }
}
