import BluelampPersistence
import Foundation
import Testing
import Vapor

@testable import BluelampApp

/// Migrating a new database logs one summary line at info, not FluentKit's two lines per migration.
@Suite struct MigrationLogTests {
    /// The lines logged, with their levels.
    final class CapturedLog: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [(level: Logger.Level, message: String)] = []

        func append(_ level: Logger.Level, _ message: String) {
            lock.withLock { entries.append((level, message)) }
        }

        var all: [(level: Logger.Level, message: String)] { lock.withLock { entries } }
    }

    struct CapturingHandler: LogHandler {
        let captured: CapturedLog
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            captured.append(event.level, event.message.description)
        }
    }

    @Test func `a new database's migrations log one summary line at info`() async throws {
        let captured = CapturedLog()
        let app = try await Application.make(.testing)
        app.logger = Logger(label: "test") { _ in CapturingHandler(captured: captured) }
        do {
            // In-memory SQLite whatever the suite runs on: the test is about the log, not the database.
            var settings = Settings.testing(database: .sqliteInMemory)
            settings.logLevel = "info"
            settings.autoMigrate = true
            try await configure(app, settings: settings)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()

        let lines = captured.all
        #expect(!lines.contains { $0.message.contains("[Migrator]") }, "FluentKit's per-migration lines at info")
        let summaries = lines.filter { $0.message.hasPrefix("Applied ") && $0.message.contains(" migrations to ") }
        #expect(summaries.count == 1)
        #expect(summaries.first?.level == .info)
    }
}
