import Foundation

/// A reminder about a finding's due date, shown on its owner's home page and the dashboard.
public struct FindingReminder: Sendable, Hashable {
    /// Due soon or overdue.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Due within the policy's window (14 days by default), not yet past.
        case dueSoon = "due-soon"
        /// Past its due date.
        case overdue
    }

    public var findingID: String
    public var kind: Kind
    public var due: Date
    /// For due-soon, whole days left, counting a part day as a day (0 when due this instant);
    /// for overdue, whole days late, counting a part day as a day (so at least 1).
    public var days: Int

    public init(findingID: String, kind: Kind, due: Date, days: Int) {
        self.findingID = findingID
        self.kind = kind
        self.due = due
        self.days = days
    }
}

/// When findings earn reminders.
///
/// A finding earns one when it has a due date and its owner still owes work (open or in progress,
/// `FindingStatus.awaitsOwner`): overdue once `now` is past the due date, due soon when the due
/// date is at most `dueSoonDays` ahead. Findings awaiting evidence review, closed or superseded
/// earn none, nor does innovative practice.
public struct FindingReminderPolicy: Sendable, Hashable {
    /// Issue 7: "reminders: due in 14 days, overdue".
    public var dueSoonDays: Int

    public init(dueSoonDays: Int = 14) {
        self.dueSoonDays = dueSoonDays
    }

    public func reminder(for finding: Finding, now: Date) -> FindingReminder? {
        guard finding.kind.needsAction, finding.status.awaitsOwner, let due = finding.due else { return nil }
        let secondsLeft = due.timeIntervalSince(now)
        let day: TimeInterval = 86_400
        if secondsLeft < 0 {
            let days = Int((-secondsLeft / day).rounded(.up))
            return FindingReminder(findingID: finding.id, kind: .overdue, due: due, days: max(1, days))
        }
        guard secondsLeft <= TimeInterval(dueSoonDays) * day else { return nil }
        return FindingReminder(
            findingID: finding.id, kind: .dueSoon, due: due, days: Int((secondsLeft / day).rounded(.up)))
    }

    /// Reminders for a list of findings: overdue first (most overdue first), then due soon
    /// (soonest first).
    public func reminders(for findings: [Finding], now: Date) -> [FindingReminder] {
        findings.compactMap { reminder(for: $0, now: now) }.sorted { a, b in
            if a.kind != b.kind { return a.kind == .overdue }
            if a.due != b.due { return a.due < b.due }
            return a.findingID < b.findingID
        }
    }
}
