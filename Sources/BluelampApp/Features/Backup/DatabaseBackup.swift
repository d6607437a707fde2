import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Backing the whole database up to one file and restoring it (issue 21, item 2): `bluelamp backup`, `bluelamp
/// restore` and the nightly backup are thin adapters over these functions.
///
/// - SQLite: `VACUUM INTO` copies the database as of one moment while the server goes on writing (WAL); a restore
///   copies the backup beside the target, checks the copy and renames it over the target, so a refused or failed
///   restore leaves the target exactly as it was.
/// - PostgreSQL: `pg_dump --format=custom` from a snapshot this process exports and reads too, so the figures
///   reported are the archive's; `pg_restore --single-transaction`, so a failed restore changes nothing.
///
/// Each is followed by an integrity check (SQLite's `PRAGMA integrity_check`; for PostgreSQL, `pg_restore` reading the
/// archive back) and the audit chain's verification (`AuditLog.verify`, as `bluelamp audit verify`), and reports every
/// table's row count and the audit chain's head, which a round trip leaves equal.
enum DatabaseBackup {
    /// What a backup or a restore did, after its checks passed.
    struct Report: Sendable {
        /// The backup file, or the restored database.
        var file: String
        var inventory: DatabaseInventory
        /// Audit entries the chain's verification walked.
        var auditEntries: Int
        /// How integrity was checked, and that it passed.
        var integrity: String

        /// The lines the commands print: the checks, then every table and its rows.
        var lines: [String] {
            var lines = [integrity]
            if let head = inventory.auditHead {
                lines.append(
                    "Audit log intact: \(auditEntries) entries verified; head entry \(head.sequence), hash \(head.hash)."
                )
            } else {
                lines.append("Audit log intact: no entries.")
            }
            lines.append("\(inventory.tables.count) tables, \(inventory.totalRows) rows:")
            let width = inventory.tables.map(\.name.count).max() ?? 0
            for table in inventory.tables {
                lines.append(
                    "  " + table.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(table.rows)")
            }
            return lines
        }
    }

    /// A restore refused because the target already holds data and `--replace` was not given; nothing changed.
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    /// A backup or restore that could not be done or failed a check; a restore's target is as it was.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: - Backup

    /// Writes a backup of `location` to `path`, a new file: first beside it under a temporary name, then, with every
    /// check passed, renamed to `path`. A failed backup leaves no file. A backup is a copy of every person's record,
    /// so it is audited first (an export of the whole database, naming the file), and the copy holds its own entry.
    static func backup(_ location: DatabaseLocation, to path: String, by actor: String = "bluelamp backup") async throws
        -> Report
    {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: path) else {
            throw Failure("\(path) already exists; a backup never overwrites a file, so choose a new name")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard fm.fileExists(atPath: directory) else { throw Failure("the directory for \(path) does not exist") }
        let partial = "\(path).partial-\(UUID().uuidString)"
        do {
            let report: Report
            switch location {
            case .sqliteFile(let source):
                guard fm.fileExists(atPath: source) else { throw Failure("there is no database file at \(source)") }
                try DatabaseSetup.checkFile(for: location)
                try await DatabaseSetup.withDatabase(location) { db in
                    try await auditBackup(to: path, by: actor, on: db)
                    try await BackupStore.sqliteVacuum(into: partial, on: db)
                }
                report = try await checkSQLiteFile(partial, reportedAs: path)
            case .postgres(let url):
                report = try await backupPostgres(url: url, to: partial, reportedAs: path, by: actor)
            case .sqliteInMemory:
                throw Failure("an in-memory database cannot be backed up: it ends with its process")
            }
            try fm.moveItem(atPath: partial, toPath: path)
            return report
        } catch {
            DatabaseSetup.removeScratchFile(partial)
            throw error
        }
    }

    /// The backup's audit entry, committed before the copy is taken so the copy holds it.
    /// The server may be writing through its own connections meanwhile: a SQLite append that meets their write
    /// (busy, or a stale snapshot, which the busy timeout does not wait out) is tried again, a few times.
    private static func auditBackup(to path: String, by actor: String, on db: any Database) async throws {
        for attempt in 1...10 {
            do {
                try await AuditLog.append(
                    on: db, at: Date(), actorUserID: nil, actorUsername: actor, role: nil, action: .export,
                    recordType: .databaseBackup, recordID: URL(fileURLWithPath: path).lastPathComponent,
                    reason: "a copy of the whole database")
                return
            } catch  where attempt < 10 && SQLiteBusy.matches(error) {
                try await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }

    private static func backupPostgres(url: String, to partial: String, reportedAs name: String, by actor: String)
        async throws -> Report
    {
        let tools = try PostgresTools.find()
        let (plainURL, password) = PostgresTools.connection(url: url)
        return try await DatabaseSetup.withDatabase(.postgres(url: url)) { db in
            try await auditBackup(to: name, by: actor, on: db)
            return try await db.transaction { tx in
                let snapshot = try await BackupStore.postgresExportSnapshot(on: tx)
                let dump = try await PostgresTools.run(
                    tools.pgDump,
                    ["--format=custom", "--snapshot=\(snapshot)", "--file=\(partial)", "--dbname=\(plainURL)"],
                    password: password)
                guard dump.status == 0 else { throw Failure("pg_dump failed: \(dump.firstError)") }
                let entries = try await verifiedAuditEntries(on: tx, name: "the database")
                let inventory = try await BackupStore.inventory(on: tx)
                let listed = try await archiveEntries(partial, reportedAs: name, tools: tools)
                return Report(
                    file: name, inventory: inventory, auditEntries: entries,
                    integrity: "pg_restore read the archive back: \(listed) entries.")
            }
        }
    }

    // MARK: - Restore

    /// Restores the backup at `path` into `location`, which must hold no tables unless `replace` is true.
    static func restore(_ location: DatabaseLocation, from path: String, replace: Bool) async throws -> Report {
        guard FileManager.default.fileExists(atPath: path) else { throw Failure("there is no backup file at \(path)") }
        switch location {
        case .sqliteFile(let target):
            return try await restoreSQLite(into: target, from: path, replace: replace)
        case .postgres(let url):
            return try await restorePostgres(into: url, from: path, replace: replace)
        case .sqliteInMemory:
            throw Failure("cannot restore into an in-memory database: it ends with this process")
        }
    }

    private static func restoreSQLite(into target: String, from path: String, replace: Bool) async throws -> Report {
        let fm = FileManager.default
        try requireSQLiteBackup(path)
        try DatabaseSetup.checkFile(for: .sqliteFile(path: target))
        // The target: refused if it holds tables (unless --replace), and its write-ahead log emptied into the file, so
        // that nothing of it is left beside the restored file after the rename.
        let size = (try? URL(fileURLWithPath: target).resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? 0
        if size > 0 {
            try await DatabaseSetup.withDatabase(.sqliteFile(path: target)) { db in
                let tables = try await BackupStore.tableNames(on: db)
                if !tables.isEmpty && !replace {
                    let inventory = try await BackupStore.inventory(on: db)
                    throw Refused(
                        description:
                            "\(target) is not empty (\(inventory.tables.count) tables, \(inventory.totalRows) rows); nothing was changed. Restore into a new file, or give --replace to replace it"
                    )
                }
                guard try await BackupStore.sqliteCheckpoint(on: db) else {
                    throw Failure(
                        "\(target) is in use by another process (a running server?); stop it before restoring")
                }
            }
        }
        let partial = "\(target).restoring-\(UUID().uuidString)"
        do {
            try fm.copyItem(atPath: path, toPath: partial)
            _ = try await checkSQLiteFile(partial, reportedAs: path)
            for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: target + suffix) }
            // rename(2) replaces the target in one step: a reader sees the old database or the new, never a mixture.
            guard rename(partial, target) == 0 else {
                throw Failure("cannot move the restored database into place at \(target) (errno \(errno))")
            }
        } catch {
            DatabaseSetup.removeScratchFile(partial)
            throw error
        }
        return try await checkSQLiteFile(target, reportedAs: target)
    }

    private static func restorePostgres(into url: String, from path: String, replace: Bool) async throws -> Report {
        let tools = try PostgresTools.find()
        let listed = try await archiveEntries(path, reportedAs: path, tools: tools)
        let location = DatabaseLocation.postgres(url: url)
        let existing = try await DatabaseSetup.withDatabase(location) { db -> DatabaseInventory? in
            if try await BackupStore.tableNames(on: db).isEmpty { return nil }
            return try await BackupStore.inventory(on: db)
        }
        if let existing, !replace {
            throw Refused(
                description:
                    "the database is not empty (\(existing.tables.count) tables, \(existing.totalRows) rows); nothing was changed. Restore into an empty database, or give --replace to replace it"
            )
        }
        let (plainURL, password) = PostgresTools.connection(url: url)
        var arguments = [
            "--dbname=\(plainURL)", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
        ]
        if replace { arguments += ["--clean", "--if-exists"] }
        let outcome = try await PostgresTools.run(tools.pgRestore, arguments + [path], password: password)
        guard outcome.status == 0 else {
            throw Failure("pg_restore failed, and its one transaction changed nothing: \(outcome.firstError)")
        }
        return try await DatabaseSetup.withDatabase(location) { db in
            try await db.transaction { tx in
                let entries = try await verifiedAuditEntries(on: tx, name: "the restored database")
                return Report(
                    file: location.description, inventory: try await BackupStore.inventory(on: tx),
                    auditEntries: entries,
                    integrity: "pg_restore restored the archive's \(listed) entries in one transaction.")
            }
        }
    }

    // MARK: - Checks

    /// SQLite's integrity check, the audit chain and the inventory of a SQLite file, which must exist.
    static func checkSQLiteFile(_ path: String, reportedAs name: String) async throws -> Report {
        do {
            return try await DatabaseSetup.withDatabase(.sqliteFile(path: path)) { db in
                let problems = try await BackupStore.sqliteIntegrityProblems(on: db)
                guard problems.isEmpty else {
                    throw Failure(
                        "\(name) fails SQLite's integrity check: \(problems.prefix(3).joined(separator: "; "))")
                }
                let entries = try await verifiedAuditEntries(on: db, name: name)
                return Report(
                    file: name, inventory: try await BackupStore.inventory(on: db), auditEntries: entries,
                    integrity: "SQLite integrity check: ok.")
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            // A damaged file fails as it is read ("database disk image is malformed"), before any check can answer.
            let detail = String(String(reflecting: error).split(separator: "\n").first ?? "").prefix(200)
            throw Failure("\(name) cannot be read as a SQLite database: \(detail)")
        }
    }

    /// Refuses a file that is not a SQLite database before anything is copied.
    private static func requireSQLiteBackup(_ path: String) throws {
        let handle = FileHandle(forReadingAtPath: path)
        defer { try? handle?.close() }
        let header = (try? handle?.read(upToCount: 16)) ?? Data()
        guard header == Data("SQLite format 3\0".utf8) else {
            if header.starts(with: Data("PGDMP".utf8)) {
                throw Failure("\(path) is a PostgreSQL archive: it restores only into PostgreSQL (set DATABASE_URL)")
            }
            throw Failure("\(path) is not a SQLite backup (its first bytes are not \"SQLite format 3\")")
        }
    }

    /// The audit chain's verification; a database without an audit log is not a Bluelamp database.
    private static func verifiedAuditEntries(on db: any Database, name: String) async throws -> Int {
        guard try await BackupStore.tableNames(on: db).contains(AuditEvent.schema) else {
            throw Failure("\(name) holds no audit log, so it is not a Bluelamp database")
        }
        switch try await AuditLog.verify(on: db) {
        case .intact(let entries): return entries
        case .broken(let sequence, let reason):
            throw Failure("\(name): the audit log is broken at entry \(sequence): \(reason)")
        }
    }

    /// The number of entries `pg_restore --list` reads from an archive: a file it cannot read is refused.
    private static func archiveEntries(_ path: String, reportedAs name: String, tools: PostgresTools) async throws
        -> Int
    {
        let listing = try await PostgresTools.run(tools.pgRestore, ["--list", path], password: nil)
        guard listing.status == 0 else {
            throw Failure("\(name) is not a readable pg_dump custom-format archive: \(listing.firstError)")
        }
        return listing.output.split(separator: "\n").filter { !$0.hasPrefix(";") && !$0.isEmpty }.count
    }
}
