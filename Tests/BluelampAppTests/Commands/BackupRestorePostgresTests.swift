import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing

@testable import BluelampApp

/// Whether the suite runs on PostgreSQL and pg_dump and pg_restore are found.
let isPostgresBackupAvailable =
    ProcessInfo.processInfo.environment["BLUELAMP_TEST_DATABASE_URL"] != nil && (try? PostgresTools.find()) != nil

/// `bluelamp backup` and `bluelamp restore` on PostgreSQL (issue 21, item 2): `pg_dump --format=custom` and
/// `pg_restore` in one transaction. Runs when the suite runs on PostgreSQL (`BLUELAMP_TEST_DATABASE_URL`) and both
/// tools are found; skipped, saying so, otherwise.
@Suite(
    .enabled(
        if: isPostgresBackupAvailable,
        "needs BLUELAMP_TEST_DATABASE_URL and pg_dump/pg_restore (PATH or /usr/lib/postgresql/*/bin)"))
struct BackupRestorePostgresTests {
    @Test func `a backup restored with --replace brings back every table's rows and the audit head`() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bluelamp-pgbackup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let backup = dir.appendingPathComponent("backup.pgdump").path
        try await withTestApp { app in
            let location = app.settings.settings.database
            try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .force)])
            try await BackupRestoreCommandTests.append(20, on: app.db)

            let made = try await DatabaseBackup.backup(location, to: backup)
            let live = try await BackupStore.inventory(on: app.db)
            #expect(made.inventory == live)
            #expect(made.auditEntries == made.inventory.auditHead?.sequence)

            // The database moves on; a plain restore is refused and changes nothing.
            try await makeUser(app, "ben", grants: [RoleGrant(role: .supervisor, scope: .force)])
            try await BackupRestoreCommandTests.append(5, on: app.db)
            let moved = try await BackupStore.inventory(on: app.db)
            await #expect(throws: DatabaseBackup.Refused.self) {
                try await DatabaseBackup.restore(location, from: backup, replace: false)
            }
            #expect(try await BackupStore.inventory(on: app.db) == moved)

            // --replace brings back exactly what the backup held.
            let restored = try await DatabaseBackup.restore(location, from: backup, replace: true)
            #expect(restored.inventory == made.inventory)
            #expect(try await BackupStore.inventory(on: app.db) == made.inventory)
            #expect(try await AuditLog.verify(on: app.db) == .intact(entries: made.auditEntries))
        }
    }

    @Test func `a SQLite file is refused as a PostgreSQL archive and nothing changes`() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bluelamp-pgbackup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bogus = dir.appendingPathComponent("not-an-archive.pgdump")
        try Data("SQLite format 3\0 and then nothing".utf8).write(to: bogus)
        try await withTestApp { app in
            let before = try await BackupStore.inventory(on: app.db)
            await #expect(throws: DatabaseBackup.Failure.self) {
                try await DatabaseBackup.restore(app.settings.settings.database, from: bogus.path, replace: true)
            }
            #expect(try await BackupStore.inventory(on: app.db) == before)
        }
    }
}
