import Foundation

/// Where an offender stands on home visits on a given day: due date, overdue days, the arrest or
/// warrant escalation and any re-attempt a failed visit still owes.
///
/// Built from the visit history, so the offender manager's caseload, the supervisor's overdue list and
/// the indicators all read the same numbers.
public struct RSOVisitStatus: Sendable, Hashable {
    public let lastSuccessfulVisit: Date?
    /// The last day the next visit is within frequency.
    public let nextVisitDue: Date
    /// Days past `nextVisitDue` on the day evaluated; 0 when in time.
    public let daysOverdue: Int
    /// The day twice the frequency passes without a successful visit.
    public let escalationDate: Date
    /// True on and after `escalationDate`: "consider arrest or warrant".
    public let considerArrestOrWarrant: Bool
    /// The last day for a new attempt when the latest visit failed and nobody has been seen since.
    public let reattemptDue: Date?
    /// True when `reattemptDue` has passed without another visit.
    public let reattemptOverdue: Bool

    public var isOverdue: Bool { daysOverdue > 0 }

    /// Evaluates `visits` (any order; attempts after `today` are ignored) on `today`.
    public init(registeredOn: Date, frequency: VisitFrequency, visits: [VisitAttempt], today: Date) {
        let todayNumber = CalendarDay.dayNumber(containing: today)
        let past = visits.filter { CalendarDay.dayNumber(containing: $0.visitedOn) <= todayNumber }
            .sorted { $0.visitedOn < $1.visitedOn }
        let lastSeen = past.last { $0.outcome.isSuccessful }?.visitedOn
        lastSuccessfulVisit = lastSeen.map(OffenderCalendar.startOfDay)
        nextVisitDue = VisitSchedule.nextVisitDue(
            lastSuccessfulVisit: lastSeen, registeredOn: registeredOn, frequency: frequency)
        daysOverdue = VisitSchedule.daysOverdue(nextVisitDue: nextVisitDue, today: today)
        escalationDate = VisitSchedule.escalationDate(
            lastSuccessfulVisit: lastSeen, registeredOn: registeredOn, frequency: frequency)
        considerArrestOrWarrant = OffenderCalendar.days(from: escalationDate, to: today) >= 0
        // Only the latest attempt counts: a later failed attempt replaces an earlier one's re-attempt.
        if let latest = past.last, let due = latest.outcome.reattemptDue(after: latest.visitedOn) {
            reattemptDue = due
            reattemptOverdue = OffenderCalendar.days(from: due, to: today) > 0
        } else {
            reattemptDue = nil
            reattemptOverdue = false
        }
    }
}
