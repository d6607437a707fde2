import BluelampCore
import BluelampPersistence
import BluelampTestSupport
import Foundation
import Testing
import Vapor

@testable import BluelampApp

/// An application served through `BluelampServer` on a loopback port, as `bluelamp serve` serves it, then torn
/// down. `onFile` puts it on a SQLite file in WAL mode with every connection prepared, as `serve` runs it (the
/// in-memory database otherwise; either way a PostgreSQL database of the test's own when `BLUELAMP_TEST_DATABASE_URL`
/// is set).
/// `file` names the SQLite file to use (implies `onFile`; on SQLite only). `adjust` changes the settings before the
/// application is configured; `routes` adds routes of the test's own before the server starts.
func withServedApp(
    onFile: Bool = false, file named: String? = nil, _ adjust: (inout Settings) -> Void = { _ in },
    routes: (Application) throws -> Void = { _ in }, _ test: (Application, Int) async throws -> Void
) async throws {
    let file =
        named
        ?? FileManager.default.temporaryDirectory.appendingPathComponent(
            "bluelamp-served-\(UUID().uuidString).sqlite"
        ).path
    defer { DatabaseSetup.removeScratchFile(file) }
    let onFile = onFile || named != nil
    if named == nil && TestPostgres.suiteURL != nil {
        try await TestPostgres.withDatabase(migrated: true) { location in
            try await serve(location, copiedMigrated: true, prepare: onFile, adjust, routes: routes, test)
        }
    } else {
        let location: DatabaseLocation = onFile ? .sqliteFile(path: file) : .sqliteInMemory
        try await serve(location, copiedMigrated: false, prepare: onFile, adjust, routes: routes, test)
    }
}

private func serve(
    _ location: DatabaseLocation, copiedMigrated: Bool, prepare: Bool, _ adjust: (inout Settings) -> Void,
    routes: (Application) throws -> Void, _ test: (Application, Int) async throws -> Void
) async throws {
    let app = try await Application.make(.testing)
    do {
        var settings = Settings.testing(database: location)
        settings.autoMigrate = false
        adjust(&settings)
        try await configure(app, settings: settings)
        if prepare { try await DatabaseSetup.prepare(app.db, location: location) }
        if !copiedMigrated {
            try await TestPostgres.migrateTestForce(app)
        }
        // The client opens up to 64 connections, as `wrk -c64` does, and waits as long as a loaded machine needs.
        app.http.client.configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        app.http.client.configuration.timeout = .init(connect: .seconds(120), read: .seconds(600))
        try routes(app)
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.bluelampServer?.localAddress?.port)
        try await test(app, port)
        await app.server.shutdown()
    } catch {
        await app.server.shutdown()
        try await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}
