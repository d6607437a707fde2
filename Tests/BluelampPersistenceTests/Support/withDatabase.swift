import BluelampPersistence
import BluelampTestSupport
import Fluent
import FluentKit
import Foundation
import Vapor

/// A fresh database for one test, migrated with the reference data (`migrate`) or empty: in-memory SQLite, or a
/// PostgreSQL database of the test's own when BLUELAMP_TEST_DATABASE_URL is set (`TestPostgres`), so either way tests
/// run side by side.
func withDatabase(migrate: Bool = true, _ test: (Application) async throws -> Void) async throws {
    guard TestPostgres.suiteURL != nil else {
        return try await withDatabase(at: .sqliteInMemory, migrate: migrate, test)
    }
    try await TestPostgres.withDatabase(migrated: migrate) { location in
        // A migrated one is a copy of the migrated template: nothing to migrate, nothing to revert.
        try await withDatabase(at: location, migrate: migrate, copiedMigrated: migrate, test)
    }
}

private func withDatabase(
    at location: DatabaseLocation, migrate: Bool, copiedMigrated: Bool = false,
    _ test: (Application) async throws -> Void
) async throws {
    let app = try await Application.make(.testing)
    let scratchFile = DatabaseSetup.scratchFile(for: location)
    defer { scratchFile.map(DatabaseSetup.removeScratchFile) }
    do {
        app.databases.use(
            try DatabaseSetup.configuration(for: location, scratchFile: scratchFile), as: DatabaseID(string: "main"),
            isDefault: true)
        app.migrations.add(allMigrations)
        if !copiedMigrated {
            try await app.autoRevert()
            if migrate {
                try await TestPostgres.migrateTestForce(app)
            }
        }
        try await test(app)
        if !location.isPostgres { try await app.autoRevert() }
    } catch {
        if !location.isPostgres { try? await app.autoRevert() }
        try await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// The repository root, from this file's path (Tests/BluelampPersistenceTests/Support/…).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
