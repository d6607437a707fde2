import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

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
                print(
                    "  now: \(reading.value.map { String(format: "%.2f", $0) } ?? "no figure") \(reading.band.map { "(\($0.label))" } ?? "")"
                )
            }
        }
    }
}
