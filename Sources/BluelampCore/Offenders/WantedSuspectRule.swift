import Foundation

/// Named suspects not yet arrested: how long they have been outstanding, and when that is too long.
///
/// A suspect outstanding for more than 28 days is flagged for the supervisor (shared/DESIGN.md, "Wanted
/// and outstanding suspects"). The 2016 inspection found the force monitored wanted persons and outstanding
/// suspects actively (`Citations.wantedMonitoredActively2016`); PEEL 2023–25 graded managing offenders and
/// suspects inadequate (`Citations.offendersAndSuspectsInadequate`). The flag keeps the monitoring the 2016
/// report found, on every suspect, so it does not depend on anyone remembering.
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
