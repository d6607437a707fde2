import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

struct VerifyAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Prove the audit log's hash chain is intact, or name the first broken entry.",
        discussion: "Exit status 0 when intact, 1 when an entry was changed, removed or inserted.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var settings = try database.settings()
        settings.autoMigrate = false
        settings.logLevel = quietLogLevel()
        let app = try await makeApplication(settings: settings)
        let verdict: AuditChainVerdict
        do {
            try await DatabaseSetup.prepare(app.db, location: settings.database)
            verdict = try await AuditLog.verify(on: app.db)
        } catch {
            try? await app.asyncShutdown()
            throw CommandFailure(message: DatabaseSetup.describe(error, location: settings.database))
        }
        try await app.asyncShutdown()
        switch verdict {
        case .intact(let n):
            print("The audit log is intact: \(n) entr\(n == 1 ? "y" : "ies") verified.")
        case .broken(let sequence, let reason):
            throw CommandFailure(message: "the audit log is broken at entry \(sequence): \(reason)")
        }
    }
}
