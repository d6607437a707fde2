import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// `bluelamp indicators snapshot`: the daily snapshot job, as the server runs it.
struct SnapshotIndicatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Snapshot every indicator for today, for the force and each BCU.",
        discussion: """
            Each (indicator, day, scope) is written once: running it again the same day, or while the server's own
            daily run is going, writes nothing twice.
            """)

    @ArgumentParser.Option(help: "The most figures to compute in this run.")
    var limit: Int = 10_000

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var settings = try database.settings()
        settings.logLevel = quietLogLevel()
        try await withApplication(settings: settings) { app in
            let now = Date()
            // As the server's daily run does: offender management's work first, so the snapshot counts it.
            let offenders = try await OffenderDailyWork.run(on: app.db, now: now)
            if offenders.escalationsRaised + offenders.suspectsListed > 0 {
                print(
                    "Raised \(offenders.escalationsRaised) escalation(s); listed \(offenders.suspectsListed) wanted suspect(s)."
                )
            }
            let written = try await IndicatorStore.snapshotIndicators(on: app.db, now: now, limit: limit)
            let day = IndicatorStore.dayString(now)
            let total = try await IndicatorStore.snapshotCount(day: day, on: app.db)
            print("Snapshotted \(written) figure\(written == 1 ? "" : "s") for \(day) (\(total) held for the day).")
        }
    }
}
