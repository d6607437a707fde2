import Foundation

/// One home visit the planner proposes.
public struct PlannedVisit: Sendable, Hashable, Codable {
    /// Why the visit is in this week.
    public enum Reason: String, Sendable, Hashable, Codable {
        /// The offender was already past their due date when the week began.
        case overdue
        /// The due date falls in this week.
        case due
        /// Due in a later week that would otherwise be over capacity, so brought forward.
        case broughtForward = "brought_forward"
    }

    public var offenderID: String
    public var managerID: String
    /// The day, as 00:00 UTC on that date (`OffenderCalendar`).
    public var date: Date
    /// London local time.
    public var time: VisitTimeOfDay
    public var announced: Bool
    public var risk: OffenderRiskLevel
    /// The day the visit was due by when it was planned.
    public var dueBy: Date
    public var reason: Reason

    public init(
        offenderID: String, managerID: String, date: Date, time: VisitTimeOfDay, announced: Bool,
        risk: OffenderRiskLevel, dueBy: Date, reason: Reason
    ) {
        self.offenderID = offenderID
        self.managerID = managerID
        self.date = date
        self.time = time
        self.announced = announced
        self.risk = risk
        self.dueBy = dueBy
        self.reason = reason
    }

    /// The instant the visit starts, reading `time` as wall-clock time in `timeZone` (Europe/London).
    public func starts(in timeZone: TimeZone) -> Date {
        let local = date.addingTimeInterval(Double(time.minutesAfterMidnight * 60))
        // The offset in force at the wall-clock time; the second lookup settles the change-over days.
        let guess = local.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: local)))
        return local.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: guess)))
    }
}

/// An offender who will be overdue for a visit at some point in the plan's horizon.
public struct VisitBacklogEntry: Sendable, Hashable, Codable {
    public var offenderID: String
    public var managerID: String
    public var risk: OffenderRiskLevel
    public var frequencyMonths: Int
    /// Never visited and no registration date given: treated as due the day before the start, so every
    /// overdue figure for this offender is a lower bound.
    public var dueDateUnknown: Bool
    /// The offender's manager was not among the managers given, so nobody could be planned to visit.
    public var managerMissing: Bool
    /// Days already overdue on the first day of the plan (0 when not).
    public var daysOverdueAtStart: Int
    /// The first day in the horizon the offender is overdue.
    public var firstOverdueOn: Date
    /// The most days overdue at any point in the horizon (on the day of a late visit, or on the last day).
    public var maxDaysOverdue: Int
    /// Days overdue on the last day of the horizon (0 when a visit puts them back within frequency).
    public var daysOverdueAtEnd: Int
}

/// The visits planned over a horizon, and who will still fall overdue.
public struct VisitPlan: Sendable, Hashable, Codable {
    public var start: Date
    public var weeks: Int
    /// Sorted by date, time, offender id, manager id.
    public var visits: [PlannedVisit]
    /// Sorted by risk (very high first), then most days overdue, then offender id. Empty when every
    /// offender stays within frequency for the whole horizon.
    public var backlog: [VisitBacklogEntry]

    /// The last day of the horizon.
    public var lastDay: Date { OffenderCalendar.adding(days: 7 * weeks - 1, to: start) }

    /// Share of planned visits that are unannounced (1 when nothing is planned).
    public var unannouncedShare: Double {
        visits.isEmpty ? 1 : Double(visits.count { !$0.announced }) / Double(visits.count)
    }
}
