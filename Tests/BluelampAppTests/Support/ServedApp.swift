import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor

@testable import BluelampApp

/// An application served through `BluelampServer` on a loopback port, as `bluelamp serve` serves it, then torn
/// down. `onFile` puts it on a SQLite file in WAL mode with every connection prepared, as `serve` runs it (the
/// in-memory database otherwise; the test PostgreSQL database either way when `BLUELAMP_TEST_DATABASE_URL` is set).
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
    let onFile = onFile || named != nil
    let location: DatabaseLocation =
        try (named == nil ? ProcessInfo.processInfo.environment["BLUELAMP_TEST_DATABASE_URL"] : nil)
        .map(DatabaseLocation.init(url:)) ?? (onFile ? .sqliteFile(path: file) : .sqliteInMemory)
    let app = try await Application.make(.testing)
    defer { DatabaseSetup.removeScratchFile(file) }
    do {
        var settings = Settings.testing(database: location)
        settings.autoMigrate = false
        adjust(&settings)
        try await configure(app, settings: settings)
        if onFile { try await DatabaseSetup.prepare(app.db, location: location) }
        try await app.autoRevert()
        try await app.autoMigrate()
        try await OrganisationStore.seedReferenceData(
            on: app.db, forceCode: "MPS", forceName: "Metropolitan Police Service")
        // The client opens up to 64 connections, as `wrk -c64` does, and waits as long as a loaded machine needs.
        app.http.client.configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        app.http.client.configuration.timeout = .init(connect: .seconds(120), read: .seconds(600))
        try routes(app)
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.bluelampServer?.localAddress?.port)
        try await test(app, port)
        await app.server.shutdown()
        try await app.autoRevert()
    } catch {
        await app.server.shutdown()
        try? await app.autoRevert()
        try await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}
