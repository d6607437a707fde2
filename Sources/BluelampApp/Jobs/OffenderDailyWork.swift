import BluelampPersistence
import FluentKit
import Foundation

/// Offender management's share of the daily run, done before the day's indicators are snapshotted so
/// they count it: raise every "consider arrest or warrant" case now due, and put on the wanted list every
/// suspect named on an open crime since the last run (issue 8). Until this ran, escalations were raised
/// only when a supervisor opened the escalation list, and the indicators missed the cases nobody looked at.
enum OffenderDailyWork {
    struct Result: Equatable {
        var escalationsRaised: Int
        var suspectsListed: Int
    }

    @discardableResult
    static func run(on database: any Database, now: Date) async throws -> Result {
        let context = ServiceContext(
            database: database, now: now, audit: .command("bluelamp daily"), forceName: "")
        let done = try await OffenderService(context).dailyWork()
        return Result(escalationsRaised: done.escalationsRaised, suspectsListed: done.suspectsListed)
    }
}
