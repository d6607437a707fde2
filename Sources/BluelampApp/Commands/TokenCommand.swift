import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [CreateToken.self])
}
