import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@Suite struct MigrationTests {
    @Test func `migrations apply from empty and re-apply as a no-op`() async throws {
        try await withDatabase(migrate: false) { app in
            try await app.autoMigrate()
            let tables = try await tableNames(app.db)
            for table in [
                "forces", "bcus", "boroughs", "teams", "officers", "officer_specialisms", "users", "role_grants",
                "user_sessions", "api_tokens", "audit_events", "sign_in_failures",
            ] {
                #expect(tables.contains(table), "missing table \(table)")
            }
            // A second run has nothing to do and changes nothing.
            let pending = try await app.migrator.previewPrepareBatch().get()
            #expect(pending.isEmpty)
            try await app.autoMigrate()
            #expect(try await tableNames(app.db) == tables)
        }
    }

    /// The test databases are thrown away rather than reverted, so reverting is tested here, on both databases.
    @Test func `every migration reverts over the reference data, leaving only the record of migrations`() async throws {
        try await withDatabase(migrate: false) { app in
            try await app.autoMigrate()
            try await OrganisationStore.seedReferenceData(
                on: app.db, forceCode: "MPS", forceName: "Metropolitan Police Service")
            #expect(try await tableNames(app.db).count > 20)
            try await app.autoRevert()
            #expect(try await tableNames(app.db) == ["_fluent_migrations"])
            // And they apply again over the reverted database.
            try await app.autoMigrate()
            #expect(try await tableNames(app.db).contains("audit_events"))
        }
    }

    @Test func `reference data is seeded once however often it runs`() async throws {
        try await withDatabase { app in
            try await OrganisationStore.seedReferenceData(
                on: app.db, forceCode: "MPS", forceName: "Metropolitan Police Service")
            #expect(try await BCURecord.query(on: app.db).count() == 13)
            #expect(try await Borough.query(on: app.db).count() == 32)
            #expect(try await ForceRecord.query(on: app.db).count() == 1)
        }
    }

    @Test func `the borough table agrees with the shared lookup file`() throws {
        let file = repositoryRoot.deletingLastPathComponent().appendingPathComponent(
            "shared/data/geography/met-bcu-borough-lookup.csv")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("shared/data is not beside the repository at \(file.path)")
            return
        }
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == londonBoroughs.count)
        for row in rows {
            #expect(londonBoroughs.contains { $0.gssCode == row[2] && $0.name == row[1] && $0.bcu == row[0] }, "\(row)")
            #expect(BCU(borough: row[1]) == BCU(name: row[0]))
        }
    }

    func tableNames(_ db: any Database) async throws -> [String] {
        let sql = db as! any SQLDatabase
        struct Row: Decodable { var name: String }
        if sql.dialect.name == "postgresql" {
            return try await sql.raw(
                "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            )
            .all(decoding: Row.self).map(\.name)
        }
        return try await sql.raw(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        .all(decoding: Row.self).map(\.name)
    }
}

@Suite struct DatabaseLocationTests {
    @Test(arguments: [
        ("sqlite::memory:", DatabaseLocation.sqliteInMemory),
        ("sqlite:data/x.sqlite", .sqliteFile(path: "data/x.sqlite")),
        ("sqlite:///tmp/x.sqlite", .sqliteFile(path: "/tmp/x.sqlite")),
        ("postgres://u:p@localhost:5432/db", .postgres(url: "postgres://u:p@localhost:5432/db")),
    ])
    func `database URLs are understood`(url: String, location: DatabaseLocation) throws {
        #expect(try DatabaseLocation(url: url) == location)
    }

    @Test(arguments: ["mysql://x/y", "postgres://", "postgres://host", "sqlite:", "nonsense"])
    func `malformed database URLs are refused with a message`(url: String) {
        #expect(throws: DatabaseLocation.Invalid.self) { try DatabaseLocation(url: url) }
    }

    @Test func `a password never appears in the description`() throws {
        #expect(!(try DatabaseLocation(url: "postgres://u:secret@h:1/db")).description.contains("secret"))
    }

    @Test func `a file that is not SQLite is refused before it is opened`() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-sqlite-\(UUID()).sqlite").path
        try Data("hello, this is not a database".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: DatabaseSetup.Failure.self) { try DatabaseSetup.checkFile(for: .sqliteFile(path: path)) }
    }
}
