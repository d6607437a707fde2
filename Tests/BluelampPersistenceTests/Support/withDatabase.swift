import BluelampPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// A fresh, migrated database for one test: in-memory SQLite, or PostgreSQL when
/// BLUELAMP_TEST_DATABASE_URL is set (then run with --no-parallel).
func withDatabase(migrate: Bool = true, _ test: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    let location = try testDatabase()
    let scratchFile = DatabaseSetup.scratchFile(for: location)
    defer { scratchFile.map(DatabaseSetup.removeScratchFile) }
    do {
        app.databases.use(
            try DatabaseSetup.configuration(for: location, scratchFile: scratchFile), as: DatabaseID(string: "main"),
            isDefault: true)
        app.migrations.add(allMigrations)
        try await app.autoRevert()
        if migrate {
            try await app.autoMigrate()
            try await OrganisationStore.seedReferenceData(
                on: app.db, forceCode: "MPS", forceName: "Metropolitan Police Service")
        }
        try await test(app)
        try await app.autoRevert()
    } catch {
        try? await app.autoRevert()
        try await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

func testDatabase() throws -> DatabaseLocation {
    let url = ProcessInfo.processInfo.environment["BLUELAMP_TEST_DATABASE_URL"]
    return try url.map(DatabaseLocation.init(url:)) ?? .sqliteInMemory
}

/// The repository root, from this file's path (Tests/BluelampPersistenceTests/Support/…).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
