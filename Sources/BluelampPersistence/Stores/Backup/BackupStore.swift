import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// What a database holds, as a backup or a restore reports it and its round trip is checked against: every
/// table's row count and the audit chain's head.
public struct DatabaseInventory: Sendable, Equatable {
    public struct Table: Sendable, Equatable {
        public var name: String
        public var rows: Int
    }

    /// The last audit entry: its sequence number and hash. Two databases with the same head hold the same chain
    /// (each hash covers every entry before it).
    public struct AuditHead: Sendable, Equatable {
        public var sequence: Int
        public var hash: String
    }

    /// Every table, by name (SQLite's own `sqlite_…` tables left out).
    public var tables: [Table]
    public var auditHead: AuditHead?

    public var totalRows: Int { tables.reduce(0) { $0 + $1.rows } }
    public var isEmpty: Bool { tables.isEmpty }
}

/// The reads and the one SQLite write (`VACUUM INTO`) that backing up and restoring need (issue 21, item 2).
public enum BackupStore {
    /// The database's tables: on SQLite from `sqlite_master`, on PostgreSQL those of the connection's schema.
    public static func tableNames(on database: any Database) async throws -> [String] {
        let sql = try sqlDatabase(database)
        struct Row: Decodable { var name: String }
        let query: SQLQueryString =
            sql.dialect.name == "postgresql"
            ? "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        return try await sql.raw(query).all(decoding: Row.self).map(\.name)
    }

    /// Every table's row count and the audit head. Run it inside one transaction (PostgreSQL's repeatable read)
    /// for figures of one moment; SQLite's backup file is not being written while it is read.
    public static func inventory(on database: any Database) async throws -> DatabaseInventory {
        let sql = try sqlDatabase(database)
        struct Count: Decodable { var n: Int }
        var tables: [DatabaseInventory.Table] = []
        for name in try await tableNames(on: database) {
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: name)").first(decoding: Count.self)
            tables.append(.init(name: name, rows: count?.n ?? 0))
        }
        var head: DatabaseInventory.AuditHead?
        if tables.contains(where: { $0.name == AuditEvent.schema }),
            let last = try await AuditEvent.query(on: database).sort(\.$id, .descending).first(), let id = last.id
        {
            head = .init(sequence: id, hash: last.hash)
        }
        return DatabaseInventory(tables: tables, auditHead: head)
    }

    /// SQLite's `PRAGMA integrity_check`: an empty list when the file is sound, otherwise its problems (at most 20).
    public static func sqliteIntegrityProblems(on database: any Database) async throws -> [String] {
        let rows = try await sqlDatabase(database).raw("PRAGMA integrity_check(20)").all()
        let lines = try rows.map { row in
            try row.allColumns.first.map { try row.decode(column: $0, as: String.self) } ?? ""
        }
        return lines == ["ok"] ? [] : lines
    }

    /// Writes a consistent copy of a SQLite database to `path` with `VACUUM INTO`: one read transaction, so writers
    /// carry on (WAL) and the copy is the database as of its start. `path` must not exist.
    public static func sqliteVacuum(into path: String, on database: any Database) async throws {
        try await sqlDatabase(database).raw("VACUUM INTO \(bind: path)").run()
    }

    /// Empties a SQLite file's write-ahead log into the database file, so the file alone holds every committed change.
    /// Answers false when another connection kept it from finishing (another process has the database open).
    public static func sqliteCheckpoint(on database: any Database) async throws -> Bool {
        struct Row: Decodable { var busy: Int }
        let row = try await sqlDatabase(database).raw("PRAGMA wal_checkpoint(TRUNCATE)").first(decoding: Row.self)
        return (row?.busy ?? 0) == 0
    }

    /// Sets PostgreSQL's transaction to repeatable read and exports its snapshot, so `pg_dump --snapshot` sees
    /// exactly what this transaction reads. Call it first inside a transaction.
    public static func postgresExportSnapshot(on database: any Database) async throws -> String {
        let sql = try sqlDatabase(database)
        try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
        struct Row: Decodable { var id: String }
        guard let row = try await sql.raw("SELECT pg_export_snapshot() AS id").first(decoding: Row.self) else {
            throw BackupStoreError("PostgreSQL gave no snapshot to back up from")
        }
        return row.id
    }

    private static func sqlDatabase(_ database: any Database) throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else { throw BackupStoreError("the database does not speak SQL") }
        return sql
    }
}

public struct BackupStoreError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
