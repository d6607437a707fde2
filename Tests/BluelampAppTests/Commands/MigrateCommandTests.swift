import Foundation
import SQLKit
import Testing

@testable import BluelampApp

/// `bluelamp migrate` on a database file: a new file gets every migration and the reference data; a
/// second run changes nothing.
@Suite struct MigrateCommandTests {
    @Test func `migrate makes a new database file and a second run changes nothing`() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bluelamp-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("new.sqlite").path

        let first = try MigrateCommand.parse(["--database", path])
        try await first.run()
        let second = try MigrateCommand.parse(["--database", path])
        try await second.run()

        var settings = Settings(database: .sqliteFile(path: path), logLevel: "error")
        settings.autoMigrate = false
        try await withApplication(settings: settings) { app in
            let migrations = try await app.migrator.previewPrepareBatch().get()
            #expect(migrations.isEmpty)
            struct Count: Decodable { var n: Int }
            let sql = app.db as! any SQLDatabase
            let tables = try await sql.raw(
                "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('crimes', 'crime_allocations', 'bcus')"
            )
            .first(decoding: Count.self)
            #expect(tables?.n == 3)
            let bcus = try await sql.raw("SELECT COUNT(*) AS n FROM bcus").first(decoding: Count.self)
            #expect((bcus?.n ?? 0) > 0)
        }
    }
}
