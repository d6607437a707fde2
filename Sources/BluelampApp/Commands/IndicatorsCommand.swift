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
