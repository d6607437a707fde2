import Foundation

/// Named suspects not yet arrested: how long they have been outstanding, and when that is too long.
///
/// A suspect outstanding for more than 28 days is flagged for the supervisor (shared/DESIGN.md, "Wanted
/// and outstanding suspects"; PEEL 2023–25: wanted people and outstanding suspects were not pursued).
public enum WantedSuspectRule {
    /// Outstanding for more than this many days is flagged; exactly 28 days is not yet.
    public static let flagAfterDays = 28

    /// Whole days from the day the suspect became wanted (named, or circulated) to `today`; never negative.
    public static func daysOutstanding(since: Date, today: Date) -> Int {
        max(0, OffenderCalendar.days(from: since, to: today))
    }

    public static func isFlagged(since: Date, today: Date) -> Bool {
        daysOutstanding(since: since, today: today) > flagAfterDays
    }
}
