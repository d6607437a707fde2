import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BluelampApp

/// `bluelamp backup` and `bluelamp restore` on SQLite files (issue 21, item 2): the round trip leaves every table's
/// row count and the audit chain's head equal; a restore over a database that holds tables is refused (exit 3,
/// nothing changed) unless `--replace` is given; a bad backup is refused with the target as it was; a backup made
/// while another connection writes is consistent; and the nightly backup keeps its newest N files and no others.
@Suite struct BackupRestoreCommandTests {
    /// A fresh folder, deleted by the caller.
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bluelamp-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A migrated database file with reference data, two users and `entries` audit entries.
    private func liveDatabase(in directory: URL, entries: Int = 30) async throws -> String {
        let path = directory.appendingPathComponent("live.sqlite").path
        try await MigrateCommand.parse(["--database", path]).run()
        try await withApplication(settings: Self.settings(path)) { app in
            try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .force)])
            try await makeUser(app, "ben", grants: [RoleGrant(role: .supervisor, scope: .force)])
            try await Self.append(entries, on: app.db)
        }
        return path
    }

    static func settings(_ path: String) -> Settings {
        var settings = Settings(database: .sqliteFile(path: path), logLevel: "error")
        settings.autoMigrate = false
        return settings
    }

    static func append(_ n: Int, on db: any Database) async throws {
        for i in 0..<n {
            try await AuditLog.append(
                on: db, at: Date(timeIntervalSince1970: 1_780_000_000 + Double(i)), actorUserID: 1,
                actorUsername: "asha", role: "investigator", action: .read, recordType: .officer,
                recordID: String(i), subject: .officer(i))
        }
    }

    static func inventory(_ path: String) async throws -> DatabaseInventory {
        try await DatabaseSetup.withDatabase(.sqliteFile(path: path)) { try await BackupStore.inventory(on: $0) }
    }

    @Test func `a backup restored into a new file has every table's rows and the audit head of the original`()
        async throws
    {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try await liveDatabase(in: dir)
        let backup = dir.appendingPathComponent("backup.sqlite").path
        let restored = dir.appendingPathComponent("restored.sqlite").path

        #expect(await BluelampCommand.run(arguments: ["backup", "--database", live, "--out", backup]) == 0)
        #expect(await BluelampCommand.run(arguments: ["restore", backup, "--database", restored]) == 0)

        let original = try await Self.inventory(live)
        let copy = try await Self.inventory(restored)
        #expect(copy == original)
        #expect(original.tables.count > 20, "every migrated table is counted")
        #expect(original.tables.first { $0.name == "users" }?.rows == 2)
        #expect(original.auditHead?.sequence ?? 0 >= 30)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
            $0.contains("partial") || $0.contains("restoring")
        }
        #expect(left.isEmpty, "no temporary file left behind")
    }

    @Test func `a backup is audited as an export of the whole database, and the copy holds its entry`() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try await liveDatabase(in: dir, entries: 3)
        let backup = dir.appendingPathComponent("monday.sqlite").path

        #expect(await BluelampCommand.run(arguments: ["backup", "--database", live, "--out", backup]) == 0)

        for path in [live, backup] {
            let last = try await DatabaseSetup.withDatabase(.sqliteFile(path: path)) { db in
                try await AuditEvent.query(on: db).sort(\.$id, .descending).first()
            }
            #expect(last?.action == "export")
            #expect(last?.recordType == "database_backup")
            #expect(last?.recordID == "monday.sqlite")
            #expect(last?.actorUsername == "bluelamp backup")
        }
    }

    @Test func `a restore over a database that holds tables is refused with exit 3 and changes nothing`()
        async throws
    {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try await liveDatabase(in: dir)
        let backup = dir.appendingPathComponent("backup.sqlite").path
        _ = try await DatabaseBackup.backup(.sqliteFile(path: live), to: backup)
        // The live database moves on after the backup.
        try await withApplication(settings: Self.settings(live)) { try await Self.append(5, on: $0.db) }
        let before = try await Self.inventory(live)

        let status = await BluelampCommand.run(arguments: ["restore", backup, "--database", live])
        await #expect(throws: DatabaseBackup.Refused.self) {
            try await DatabaseBackup.restore(.sqliteFile(path: live), from: backup, replace: false)
        }

        #expect(status == RestoreCommand.refusedStatus)
        #expect(try await Self.inventory(live) == before)
    }

    @Test func `--replace restores the backup over a database that holds tables`() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try await liveDatabase(in: dir)
        let backup = dir.appendingPathComponent("backup.sqlite").path
        let made = try await DatabaseBackup.backup(.sqliteFile(path: live), to: backup)
        try await withApplication(settings: Self.settings(live)) { try await Self.append(5, on: $0.db) }
        #expect(try await Self.inventory(live) != made.inventory)

        let status = await BluelampCommand.run(arguments: ["restore", backup, "--replace", "--database", live])

        #expect(status == 0)
        #expect(try await Self.inventory(live) == made.inventory)
    }

    @Test(arguments: ["not a database at all", "truncated", "tampered audit log"])
    func `a bad backup is refused with exit 1 and the target is as it was`(kind: String) async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try await liveDatabase(in: dir)
        let backup = dir.appendingPathComponent("backup.sqlite").path
        _ = try await DatabaseBackup.backup(.sqliteFile(path: live), to: backup)
        switch kind {
        case "not a database at all":
            try Data("date,name\n2024-01-01,x\n".utf8).write(to: URL(fileURLWithPath: backup))
        case "truncated":
            let data = try Data(contentsOf: URL(fileURLWithPath: backup))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: backup))
        default:
            // Drops the append-only trigger in the copy and changes an entry: the chain no longer verifies.
            try await DatabaseSetup.withDatabase(.sqliteFile(path: backup)) { db in
                let sql = db as! any SQLDatabase
                try await sql.raw("DROP TRIGGER audit_events_no_update").run()
                try await sql.raw("UPDATE audit_events SET actor_username = 'mallory' WHERE id = 3").run()
            }
        }
        let before = try await Self.inventory(live)

        let status = await BluelampCommand.run(arguments: ["restore", backup, "--replace", "--database", live])

        #expect(status == 1)
        #expect(try await Self.inventory(live) == before)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("restoring") }
        #expect(left.isEmpty)
    }

    @Test func `a backup never overwrites a file and needs a database that exists`() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try await liveDatabase(in: dir, entries: 1)
        let existing = dir.appendingPathComponent("existing.sqlite")
        try Data("keep me".utf8).write(to: existing)

        let overwrite = await BluelampCommand.run(arguments: ["backup", "--database", live, "--out", existing.path])
        let missing = await BluelampCommand.run(arguments: [
            "backup", "--database", dir.appendingPathComponent("nothing.sqlite").path, "--out",
            dir.appendingPathComponent("b.sqlite").path,
        ])

        #expect(overwrite == 1)
        #expect(try Data(contentsOf: existing) == Data("keep me".utf8))
        #expect(missing == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nothing.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b.sqlite").path))
    }

    @Test func `a backup taken while another connection writes is consistent and verifies`() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try await liveDatabase(in: dir, entries: 1)
        let backup = dir.appendingPathComponent("backup.sqlite").path

        let report = try await withApplication(settings: Self.settings(live)) { app in
            let writer = Task { try await Self.append(300, on: app.db) }
            try await Task.sleep(for: .milliseconds(20))
            let report = try await DatabaseBackup.backup(.sqliteFile(path: live), to: backup)
            try await writer.value
            return report
        }

        // The backup holds a prefix of the chain, which verified; the restored copy has exactly what it reported.
        let entries = report.inventory.tables.first { $0.name == AuditEvent.schema }?.rows
        #expect(report.auditEntries == entries)
        #expect(report.inventory.auditHead?.sequence == entries)
        #expect(try await Self.inventory(backup) == report.inventory)
    }

    // MARK: - The nightly backup

    @Test func `the nightly backup writes today's file once and keeps the newest N of its own files only`()
        async throws
    {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try await liveDatabase(in: dir, entries: 3)
        let backups = dir.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        let old = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"].map { "bluelamp-nightly-\($0).sqlite" }
        for name in old + ["notes.txt", "bluelamp-manual.sqlite"] {
            try Data("x".utf8).write(to: backups.appendingPathComponent(name))
        }
        var settings = Self.settings(live)
        settings.backupDirectory = backups.path
        settings.backupKeep = 3
        let now = Date(timeIntervalSince1970: 1_796_385_600)  // 2026-12-04 12:00 UTC

        let (first, second) = try await withApplication(settings: settings) { app in
            (
                try await DailyJobs.nightlyBackup.run(app.db, now, settings),
                try await DailyJobs.nightlyBackup.run(app.db, now.addingTimeInterval(3600), settings)
            )
        }

        let names = try FileManager.default.contentsOfDirectory(atPath: backups.path).sorted()
        #expect(
            names == [
                "bluelamp-manual.sqlite", "bluelamp-nightly-2026-12-02.sqlite", "bluelamp-nightly-2026-12-03.sqlite",
                "bluelamp-nightly-2026-12-04.sqlite", "notes.txt",
            ])
        #expect(first?.hasPrefix("bluelamp-nightly-2026-12-04.sqlite:") == true)
        #expect(first?.hasSuffix("2 older removed") == true)
        #expect(second == nil, "one backup a day")
        let today = backups.appendingPathComponent("bluelamp-nightly-2026-12-04.sqlite").path
        let kept = try await Self.inventory(today)
        let original = try await Self.inventory(live)
        #expect(kept == original)
    }
}
