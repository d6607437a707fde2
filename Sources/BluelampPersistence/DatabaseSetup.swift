import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import SQLKit

/// Registers the database for a location and checks it answers, turning every failure into one clear line.
public enum DatabaseSetup {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The configuration for `location`. SQLite gets foreign keys on (sqlite-kit issues `PRAGMA foreign_keys = ON`
    /// on every connection) and a WAL journal, set once on the file by `prepare`.
    ///
    /// `scratchFile` (from `scratchFile(for:)`) holds the in-memory location's database: sqlite-kit keeps
    /// an "in-memory" database in a temporary file of its own (its SQLite has no shared cache, so
    /// connections cannot share real memory) and never deletes it, which left about 250 files, 140 MB, in
    /// the temporary directory after every test run. With a file Bluelamp names, whoever made it deletes
    /// it at shutdown (`removeScratchFile`).
    /// How long a request waits for a pooled connection before it fails. SQLite has one connection per event loop
    /// (fluent-sqlite-driver ignores a larger number), so under a burst of requests the queue for it is long: with
    /// the drivers' 10 s, 200 concurrent requests on a loaded machine had some answered 500 ("Connection request
    /// timed out") although nothing was wrong but the wait (ConcurrentRequestTests and ShutdownTests' load test run
    /// together: 2 of 4 runs). A wait is not an error; the server's request timeouts bound it.
    public static let connectionPoolTimeout: TimeAmount = .seconds(60)

    public static func configuration(for location: DatabaseLocation, scratchFile: String? = nil) throws
        -> DatabaseConfigurationFactory
    {
        switch location {
        case .sqliteInMemory:
            return .sqlite(
                scratchFile.map { .file($0) } ?? .memory, connectionPoolTimeout: connectionPoolTimeout,
                sqlLogLevel: .trace)
        case .sqliteFile(let path):
            return .sqlite(.file(path), connectionPoolTimeout: connectionPoolTimeout, sqlLogLevel: .trace)
        case .postgres(let url):
            do {
                var config = try SQLPostgresConfiguration(url: url)
                config.searchPath = nil
                return .postgres(
                    configuration: config, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: connectionPoolTimeout,
                    sqlLogLevel: .trace)
            } catch {
                throw Failure("DATABASE_URL is not a usable PostgreSQL URL: \(error)")
            }
        }
    }

    /// A new temporary file for the in-memory location's database; nil for the other locations.
    public static func scratchFile(for location: DatabaseLocation) -> String? {
        guard case .sqliteInMemory = location else { return nil }
        return FileManager.default.temporaryDirectory.appendingPathComponent(
            "bluelamp-memory-\(UUID().uuidString).sqlite"
        ).path
    }

    /// Deletes a scratch database file and SQLite's files beside it.
    public static func removeScratchFile(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Checks that a SQLite file, if it exists, is a SQLite database before any connection writes to it.
    public static func checkFile(for location: DatabaseLocation) throws {
        guard case .sqliteFile(let path) = location else { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw Failure("\(path) is a directory, not a SQLite database file") }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw Failure("cannot read the database file \(path)")
            }
            defer { try? handle.close() }
            let header = (try? handle.read(upToCount: 16)) ?? Data()
            if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
                throw Failure("\(path) is not a SQLite database (its first bytes are not \"SQLite format 3\")")
            }
        } else {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: directory) {
                throw Failure("the directory for the database file \(path) does not exist")
            }
        }
    }

    /// Runs a trivial query, so an unreachable server or a broken file is reported before serving,
    /// and puts a SQLite file into WAL mode (persistent in the file).
    public static func prepare(_ database: any Database, location: DatabaseLocation) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        do {
            switch location {
            case .sqliteFile:
                try await sql.raw("PRAGMA journal_mode = WAL").run()
                try await sql.raw("SELECT count(*) FROM sqlite_master").run()
            case .sqliteInMemory:
                try await sql.raw("SELECT 1").run()
            case .postgres:
                try await sql.raw("SELECT 1").run()
            }
        } catch {
            throw Failure(describe(error, location: location))
        }
    }

    /// Gives every pooled SQLite connection the same pragmas (issue 20), one handle per event loop (Fluent's SQLite
    /// pool keeps one connection per loop): a busy timeout of 5 s, which replaces sqlite-nio's own handler (it
    /// retries at once, for ever, spinning a core) so that a connection meeting another process's write waits
    /// a bounded time; foreign keys are already on for each (sqlite-kit issues the pragma as it connects).
    public static func prepareConnections(_ databases: [any Database], location: DatabaseLocation) async throws {
        if case .postgres = location { return }
        do {
            for database in databases {
                guard let sql = database as? any SQLDatabase else { continue }
                try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run()
            }
        } catch {
            throw Failure(describe(error, location: location))
        }
    }

    /// How long a SQLite connection waits for another's write lock.
    public static let busyTimeoutMilliseconds = 5000

    /// Whether a database write failed because its disk is full: SQLite's `SQLITE_FULL`, PostgreSQL's `53100`
    /// (`disk_full`) or the system's "No space left on device". The write's transaction is rolled back whole, so
    /// nothing of it is kept, and the database goes on answering reads.
    public static func isStorageFull(_ error: any Error) -> Bool {
        let detail = String(reflecting: error)
        return detail.contains("database or disk is full") || detail.contains("SQLITE_FULL")
            || detail.contains("53100") || detail.contains("No space left on device")
    }

    /// What a person is told when a write found the database's disk full (issue 21, item 5).
    public static let storageFullMessage =
        "the disk holding the database is full, so nothing of this was written; free space on it and try again"

    /// One line for a database error, with PostgreSQL's detail (which prints only "Generic description…" otherwise).
    public static func describe(_ error: any Error, location: DatabaseLocation) -> String {
        if let failure = error as? Failure { return failure.description }
        if isStorageFull(error) { return storageFullMessage }
        let detail = String(reflecting: error)
        switch location {
        case .postgres:
            if detail.contains("connectionRefused") || detail.contains("Connection refused")
                || detail.contains("connect(")
                || detail.contains("NIOConnectionError") || detail.contains("connectTimeout")
            {
                return
                    "cannot reach the PostgreSQL server named by DATABASE_URL (\(location)): connection refused or timed out"
            }
            if detail.contains("28P01") || detail.contains("password authentication") {
                return "PostgreSQL refused the user name or password in DATABASE_URL (\(location))"
            }
            if detail.contains("3D000") {
                return "the database named in DATABASE_URL does not exist (\(location))"
            }
            return "cannot use the PostgreSQL database (\(location)): \(firstLine(detail))"
        case .sqliteFile(let path):
            if detail.contains("not a database") || detail.contains("notADatabase")
                || detail.contains("file is not a database")
            {
                return "\(path) is not a SQLite database"
            }
            return "cannot open the SQLite database \(path): \(firstLine(detail))"
        case .sqliteInMemory:
            return "cannot open the in-memory database: \(firstLine(detail))"
        }
    }

    static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n").first ?? Substring(text)).prefix(300).description
    }
}
