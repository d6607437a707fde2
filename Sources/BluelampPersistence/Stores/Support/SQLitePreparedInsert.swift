import Foundation
import NIOPosix
import SQLKit
import SQLiteNIO
import VaporCSQLite

/// Bulk inserts on SQLite through one prepared statement, bound and stepped once a row.
///
/// sqlite-nio prepares every query it is given and offers no way to keep a statement, so a bulk write
/// through it pays for building and parsing SQL text on every batch; at the demo's and the importer's
/// rates that is most of the cost. This writes on the same connection (and so inside the caller's
/// transaction), with the SQLite library sqlite-nio links, so there is one copy of SQLite in the
/// process and one set of file locks.
///
/// The connection's `sqlite3*` is internal to sqlite-nio; it is read by reflection. If a later
/// sqlite-nio hides it, `handle(of:)` answers nil and `BulkInserter` writes literal SQL as before
/// (`BulkInsertTests.preparedStatementsAreUsedOnSQLite` fails, so the slower path does not go unnoticed).
enum SQLitePreparedInsert {
    /// The `sqlite3*` of an open connection, or nil.
    static func handle(of connection: SQLiteConnection) -> OpaquePointer? {
        guard !connection.isClosed else { return nil }
        return Mirror(reflecting: connection).descendant("handle", "raw") as? OpaquePointer
    }

    /// Whether `sql` is an SQLite database whose connections this can write through.
    static func isAvailable(on sql: any SQLDatabase) async throws -> Bool {
        guard let sqlite = sql as? any SQLiteDatabase else { return false }
        return try await sqlite.withConnection { connection in handle(of: connection) != nil }
    }

    /// Inserts `rows` with `INSERT INTO table (columns) VALUES (?, …) conflict`. Answers false, having
    /// written nothing, when `sql` is not SQLite or its connection cannot be reached.
    static func insert(
        into table: String, columns: [String], rows: [[BulkValue]], conflict: String?, on sql: any SQLDatabase
    ) async throws -> Bool {
        let text =
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
            + (conflict.map { " " + $0 } ?? "")
        return try await withStatement(text, on: sql) { statement, db in
            try write(rows, width: columns.count, to: statement, on: db)
        } != nil
    }

    /// Runs `work` with `text` prepared on a connection of `sql` (and so inside the caller's transaction, if any), on
    /// NIO's blocking pool, and finalizes the statement after it. Answers nil, having run nothing, when `sql` is not
    /// SQLite or its connection cannot be reached. The one way in for this and `SQLiteDirectRead`.
    static func withStatement<T: Sendable>(
        _ text: String, on sql: any SQLDatabase,
        _ work: @escaping @Sendable (_ statement: OpaquePointer, _ db: OpaquePointer) throws -> T
    ) async throws -> T? {
        guard let sqlite = sql as? any SQLiteDatabase else { return nil }
        return try await sqlite.withConnection { connection in
            guard let db = handle(of: connection) else { return nil }
            let handle = Handle(raw: db)
            // SQLite's calls block, so they run on NIO's blocking pool rather than a Swift concurrency thread.
            return try await NIOThreadPool.singleton.runIfActive {
                let db = handle.raw
                var statement: OpaquePointer?
                try check(sqlite_nio_sqlite3_prepare_v3(db, text, -1, 0, &statement, nil), db)
                defer { sqlite_nio_sqlite3_finalize(statement) }
                guard let statement else {
                    throw SQLiteStatementError(code: SQLITE_MISUSE, message: "the SQL holds no statement")
                }
                return try work(statement, db)
            }
        }
    }

    private struct Handle: @unchecked Sendable {
        let raw: OpaquePointer
    }

    private static func write(_ rows: [[BulkValue]], width: Int, to statement: OpaquePointer, on db: OpaquePointer)
        throws
    {
        for row in rows {
            precondition(row.count == width, "a bulk row has \(row.count) values for \(width) columns")
            for (offset, value) in row.enumerated() {
                try check(bind(value, at: Int32(offset + 1), to: statement), db)
            }
            let stepped = sqlite_nio_sqlite3_step(statement)
            guard stepped == SQLITE_DONE else {
                sqlite_nio_sqlite3_reset(statement)
                throw error(stepped, db)
            }
            sqlite_nio_sqlite3_reset(statement)
        }
    }

    /// Binds as `BulkInserter` writes literals: dates as seconds since 1970 (as sqlite-nio stores a
    /// `Date`), booleans as 0 and 1, non-finite doubles as NULL.
    static func bind(_ value: BulkValue, at index: Int32, to statement: OpaquePointer?) -> Int32 {
        switch value {
        case .null: return sqlite_nio_sqlite3_bind_null(statement, index)
        case .int(let v): return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(v))
        case .double(let v):
            return v.isFinite
                ? sqlite_nio_sqlite3_bind_double(statement, index, v) : sqlite_nio_sqlite3_bind_null(statement, index)
        case .bool(let v): return sqlite_nio_sqlite3_bind_int64(statement, index, v ? 1 : 0)
        case .date(let v): return sqlite_nio_sqlite3_bind_double(statement, index, v.timeIntervalSince1970)
        case .text(var v):
            return v.withUTF8 { bytes in
                // An empty buffer may have no address, which SQLite would bind as NULL.
                guard let start = bytes.baseAddress, !bytes.isEmpty else {
                    return sqlite_nio_sqlite3_bind_text64(statement, index, "", 0, transient, UInt8(SQLITE_UTF8))
                }
                return sqlite_nio_sqlite3_bind_text64(
                    statement, index, UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self), UInt64(bytes.count),
                    transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    /// SQLite copies the bytes before the call returns.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    static func check(_ code: Int32, _ db: OpaquePointer) throws {
        guard code == SQLITE_OK else { throw error(code, db) }
    }

    static func error(_ code: Int32, _ db: OpaquePointer) -> SQLiteStatementError {
        SQLiteStatementError(code: code, message: String(cString: sqlite_nio_sqlite3_errmsg(db)))
    }
}

/// SQLite refused a statement run straight on its connection: a bulk row (a constraint, a full disk, another
/// connection's write; the caller's transaction rolls back) or a direct read (`SQLiteDirectRead`). Its description names the condition as sqlite-nio's own errors do ("busy", "locked"); a caller that
/// tries a busy write again (the audit of a backup) asks `SQLiteBusy.matches`, which knows both.
struct SQLiteStatementError: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var reason: String {
        switch code & 0xff {
        case SQLITE_BUSY: "busy"
        case SQLITE_LOCKED: "locked"
        case SQLITE_CONSTRAINT: "constraint"
        case SQLITE_FULL: "full"
        case SQLITE_IOERR: "I/O error"
        default: "error"
        }
    }
    var description: String { "SQLite error \(code) (\(reason)): \(message)" }
}
