import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

struct IndicatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators", abstract: "The indicator registry and its daily snapshots.",
        subcommands: [SnapshotIndicatorsCommand.self, ListIndicatorsCommand.self])
}

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
                print("Raised \(offenders.escalationsRaised) escalation(s); listed \(offenders.suspectsListed) wanted suspect(s).")
            }
            let written = try await IndicatorStore.snapshotIndicators(on: app.db, now: now, limit: limit)
            let day = IndicatorStore.dayString(now)
            let total = try await IndicatorStore.snapshotCount(day: day, on: app.db)
            print("Snapshotted \(written) figure\(written == 1 ? "" : "s") for \(day) (\(total) held for the day).")
        }
    }
}

/// `bluelamp indicators list`: every registered indicator, how it is computed, and its value now.
struct ListIndicatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the registered indicators with their force-wide value now.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var settings = try database.settings()
        settings.logLevel = quietLogLevel()
        try await withApplication(settings: settings) { app in
            let window = IndicatorStore.window(endingOn: Date())
            for reading in try await IndicatorStore.readings(period: window, bcu: nil, on: app.db) {
                let d = reading.definition
                print("\(d.id)  [\(d.frameworkID)/\(d.areaID), \(d.unit.rawValue), \(d.direction.rawValue)]")
                print("  \(d.name): \(d.description)")
                print("  now: \(reading.value.map { String(format: "%.2f", $0) } ?? "no figure") \(reading.band.map { "(\($0.label))" } ?? "")")
            }
        }
    }
}
