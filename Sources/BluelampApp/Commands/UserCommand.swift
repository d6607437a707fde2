import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage user accounts.", subcommands: [CreateUser.self])
}
