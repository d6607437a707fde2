import ArgumentParser
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Vapor

/// `bluelamp import police-uk FILE...`, `bluelamp import calls FILE...`
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data files.",
        subcommands: [ImportPoliceUKCommand.self, ImportCallsCommand.self])
}
