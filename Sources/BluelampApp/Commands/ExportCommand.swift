import ArgumentParser
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Vapor

/// `bluelamp export police-uk --month YYYY-MM`
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export data files.", subcommands: [ExportPoliceUKCommand.self])
}
