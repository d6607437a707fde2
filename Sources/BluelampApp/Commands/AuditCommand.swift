import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit log.", subcommands: [VerifyAudit.self])
}
