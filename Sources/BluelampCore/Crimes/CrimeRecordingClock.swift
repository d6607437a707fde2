import Foundation

/// The Crime Recording Rules clock: a recording decision is due within 24 hours of the report.
///
/// The Home Office Crime Recording Rules (and the National Crime Recording Standard) require the
/// decision whether to record a crime to be made within 24 hours of the report reaching the police.
/// HMICFRS crime data integrity inspections count decisions made later as recorded out of time.
/// The allowance is a policy default a force may change; `now` always comes in as an argument.
public struct CrimeRecordingClock: Sendable, Hashable, Codable {
    /// How long after the report the recording decision is due: 24 hours by default.
    public var allowance: TimeInterval

    public init(allowance: TimeInterval = 24 * 60 * 60) { self.allowance = allowance }

    /// When the recording decision falls due for a report made at `reportedAt`.
    public func decisionDue(reportedAt: Date) -> Date { reportedAt.addingTimeInterval(allowance) }

    /// Whether a decision made at `decidedAt` was in time (a decision exactly at the deadline is in time).
    public func isRecordedInTime(reportedAt: Date, decidedAt: Date) -> Bool {
        decidedAt <= decisionDue(reportedAt: reportedAt)
    }

    /// Whether, at `now`, the decision is overdue: not made and past the deadline.
    /// A decision already made is never overdue (though it may have been made late).
    public func isOverdue(reportedAt: Date, decidedAt: Date?, now: Date) -> Bool {
        decidedAt == nil && now > decisionDue(reportedAt: reportedAt)
    }

    /// The time left before the decision falls due at `now` (negative once overdue).
    public func timeRemaining(reportedAt: Date, now: Date) -> TimeInterval {
        decisionDue(reportedAt: reportedAt).timeIntervalSince(now)
    }

    /// Where a report stands against the clock at `now`.
    public func state(reportedAt: Date, decidedAt: Date?, now: Date) -> RecordingDecisionState {
        if let decidedAt {
            return isRecordedInTime(reportedAt: reportedAt, decidedAt: decidedAt) ? .decidedInTime : .decidedLate
        }
        return now > decisionDue(reportedAt: reportedAt) ? .overdue : .due
    }
}

/// Where a report stands against the 24-hour recording decision.
public enum RecordingDecisionState: String, CaseIterable, Codable, Sendable, Hashable {
    /// No decision yet, still within the allowance.
    case due
    /// No decision and the allowance has passed.
    case overdue
    case decidedInTime = "decided_in_time"
    case decidedLate = "decided_late"
    /// Recorded, but when the decision was made is not known (a crime imported from police.uk, which
    /// publishes only the month): neither in time nor late.
    case decisionTimeNotKnown = "decision_time_not_known"

    public var label: String {
        switch self {
        case .due: "Decision due"
        case .overdue: "Decision overdue"
        case .decidedInTime: "Decided within 24 hours"
        case .decidedLate: "Decided late"
        case .decisionTimeNotKnown: "Decision time not known (police.uk publishes only the month a crime was recorded in)"
        }
    }
}
