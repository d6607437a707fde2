import ArgumentParser
import BluelampPersistence
import Foundation
import Logging
import Vapor

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply the database migrations (running it again changes nothing).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var settings = try database.settings()
        settings.autoMigrate = false
        settings.logLevel = quietLogLevel()
        let app = try await makeApplication(settings: settings)
        do {
            try await DatabaseSetup.prepare(app.db, location: settings.database)
            // A new database has no migrations table yet, and the preview reads it.
            try await app.migrator.setupIfNeeded().get()
            let before = try await app.migrator.previewPrepareBatch().get().count
            try await app.autoMigrate()
            try await OrganisationStore.seedReferenceData(
                on: app.db, forceCode: settings.forceCode, forceName: settings.forceName)
            print(
                before == 0
                    ? "The database is up to date (\(settings.database))."
                    : "Applied \(before) migration\(before == 1 ? "" : "s") to \(settings.database).")
        } catch {
            try? await app.asyncShutdown()
            throw CommandFailure(message: DatabaseSetup.describe(error, location: settings.database))
        }
        try await app.asyncShutdown()
    }
}
