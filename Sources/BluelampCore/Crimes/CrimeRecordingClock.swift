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

    /// The allowance in words: "24 hours", "1 hour".
    public var allowanceText: String {
        let hours = Int((allowance / 3600).rounded())
        return hours == 1 ? "1 hour" : "\(hours) hours"
    }

    /// Where the report stands, as the queue and the crime page say it: "Awaiting recording decision — 5 h 12 min
    /// left", "Awaiting recording decision — overdue by 2 h 5 min", "Decided within 24 hours", "Decided after 31 h",
    /// or, for a crime imported from police.uk, "Recording decision unknown (imported)". In words, never colour alone.
    public func summary(reportedAt: Date, decidedAt: Date?, isDecisionTimeKnown: Bool = true, now: Date) -> String {
        guard let decidedAt else {
            let left = timeRemaining(reportedAt: reportedAt, now: now)
            return left >= 0
                ? "Awaiting recording decision — \(Self.duration(left)) left"
                : "Awaiting recording decision — overdue by \(Self.duration(-left))"
        }
        guard isDecisionTimeKnown else { return "Recording decision unknown (imported)" }
        if isRecordedInTime(reportedAt: reportedAt, decidedAt: decidedAt) { return "Decided within \(allowanceText)" }
        return "Decided after \(Int(decidedAt.timeIntervalSince(reportedAt) / 3600)) h"
    }

    /// A span of time as the queue shows it, rounded down to the minute: "45 min", "5 h 12 min", "31 h",
    /// "3 d 4 h" (from two days on).
    public static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int(max(0, seconds) / 60)
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 48 { return minutes % 60 == 0 ? "\(hours) h" : "\(hours) h \(minutes % 60) min" }
        return hours % 24 == 0 ? "\(hours / 24) d" : "\(hours / 24) d \(hours % 24) h"
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
        case .decisionTimeNotKnown:
            "Decision time not known (police.uk publishes only the month a crime was recorded in)"
        }
    }
}
