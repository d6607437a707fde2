import Foundation

/// The notifications a registered sex offender must make in person to the police
/// (Sexual Offences Act 2003, Part 2).
public enum RSONotificationKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// s.83: within 3 days of conviction, caution or release.
    case initial
    /// s.84: within 3 days of a change of name, address or other notified detail.
    case change
    /// s.85: within one year of the last notification.
    case annual

    public var label: String {
        switch self {
        case .initial: "Initial notification"
        case .change: "Notification of a change"
        case .annual: "Annual re-notification"
        }
    }
}

/// A change the offender must notify, and when (if yet) they did.
public struct RSONotifiableChange: Sendable, Hashable, Codable {
    public var changedOn: Date
    public var notifiedOn: Date?

    public init(changedOn: Date, notifiedOn: Date? = nil) {
        self.changedOn = changedOn
        self.notifiedOn = notifiedOn
    }
}

/// Everything the notification clocks run from.
public struct RSONotificationHistory: Sendable, Hashable, Codable {
    /// The relevant date for the initial notification: conviction, caution, or release from custody.
    public var relevantDate: Date
    public var initialNotifiedOn: Date?
    public var changes: [RSONotifiableChange]
    /// The days annual re-notifications were made.
    public var annualNotifications: [Date]

    public init(
        relevantDate: Date, initialNotifiedOn: Date? = nil, changes: [RSONotifiableChange] = [],
        annualNotifications: [Date] = []
    ) {
        self.relevantDate = relevantDate
        self.initialNotifiedOn = initialNotifiedOn
        self.changes = changes
        self.annualNotifications = annualNotifications
    }
}

/// One notification requirement: what triggered it, the last day to meet it, and whether it was met.
public struct RSONotificationDue: Sendable, Hashable, Codable {
    public var kind: RSONotificationKind
    public var triggeredOn: Date
    /// The last day on which the notification is in time.
    public var lastDay: Date
    public var notifiedOn: Date?

    /// Not notified and the last day has passed.
    public func isOverdue(today: Date) -> Bool {
        notifiedOn == nil && OffenderCalendar.days(from: lastDay, to: today) > 0
    }

    /// Notified, but after the last day.
    public var wasLate: Bool {
        guard let notifiedOn else { return false }
        return OffenderCalendar.days(from: lastDay, to: notifiedOn) > 0
    }
}

/// The notification deadlines of the Sexual Offences Act 2003, as due dates.
///
/// Sections 83(1) and 84(1) give "the period of 3 days beginning with" the relevant date or the change,
/// so the day of the event is the first of the three and the last day is the event plus 2 days (a
/// change on Monday must be notified by Wednesday). Section 85(1) gives "the period of one year after"
/// the last notification, so the annual one is due by the same date a year on.
public enum RSONotificationRules {
    public static let notificationPeriodDays = 3
    public static let renotificationPeriodMonths = 12

    public static func initialLastDay(relevantDate: Date) -> Date {
        OffenderCalendar.adding(days: notificationPeriodDays - 1, to: relevantDate)
    }

    public static func changeLastDay(changedOn: Date) -> Date {
        OffenderCalendar.adding(days: notificationPeriodDays - 1, to: changedOn)
    }

    public static func annualLastDay(lastNotification: Date) -> Date {
        OffenderCalendar.adding(months: renotificationPeriodMonths, to: lastNotification)
    }

    /// Every requirement in the history, ordered by last day: the initial notification, each change, each annual
    /// re-notification made (each due a year after the notification before it), and the next annual one
    /// (due a year after the latest notification of any kind, which s.85 counts from).
    public static func requirements(_ history: RSONotificationHistory) -> [RSONotificationDue] {
        var result = [
            RSONotificationDue(
                kind: .initial, triggeredOn: OffenderCalendar.startOfDay(history.relevantDate),
                lastDay: initialLastDay(relevantDate: history.relevantDate),
                notifiedOn: history.initialNotifiedOn.map(OffenderCalendar.startOfDay))
        ]
        for change in history.changes.sorted(by: { $0.changedOn < $1.changedOn }) {
            result.append(
                RSONotificationDue(
                    kind: .change, triggeredOn: OffenderCalendar.startOfDay(change.changedOn),
                    lastDay: changeLastDay(changedOn: change.changedOn),
                    notifiedOn: change.notifiedOn.map(OffenderCalendar.startOfDay)))
        }
        let others = ([history.initialNotifiedOn].compactMap { $0 } + history.changes.compactMap(\.notifiedOn))
            .map(OffenderCalendar.startOfDay)
        var notifiedSoFar = others
        for annual in history.annualNotifications.map(OffenderCalendar.startOfDay).sorted() {
            if let previous = notifiedSoFar.filter({ $0 < annual }).max() {
                result.append(
                    RSONotificationDue(
                        kind: .annual, triggeredOn: previous, lastDay: annualLastDay(lastNotification: previous),
                        notifiedOn: annual))
            }
            notifiedSoFar.append(annual)
        }
        if let latest = notifiedSoFar.max() {
            result.append(
                RSONotificationDue(
                    kind: .annual, triggeredOn: latest, lastDay: annualLastDay(lastNotification: latest),
                    notifiedOn: nil))
        }
        return result.sorted { ($0.lastDay, $0.kind.sortOrder) < ($1.lastDay, $1.kind.sortOrder) }
    }

    /// The requirements not met and past their last day on `today`.
    public static func overdue(_ history: RSONotificationHistory, today: Date) -> [RSONotificationDue] {
        requirements(history).filter { $0.isOverdue(today: today) }
    }
}

extension RSONotificationKind {
    fileprivate var sortOrder: Int { RSONotificationKind.allCases.firstIndex(of: self)! }
}
