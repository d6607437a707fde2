import Foundation
import SQLKit
import SQLiteNIO
import VaporCSQLite

/// Large reads on SQLite through a statement stepped on the connection's own `sqlite3*`, as `SQLitePreparedInsert`
/// writes, with each row's columns read straight from the statement.
///
/// sqlite-nio makes every row an array of `SQLiteData` and SQLKit reads each column of it by name; for a read of tens
/// of thousands of rows (a scope's year of indicator snapshots, 34,675 rows, on every view of the dashboard) that is
/// more of the server's time than SQLite's own. Here a row costs what its values do.
///
/// Answers nil, having read nothing, when the database is not SQLite or its connection cannot be reached
/// (`SQLitePreparedInsert.handle(of:)`); the caller then reads through SQLKit as before.
/// `SQLiteDirectReadTests` checks that SQLite's connections are reached, so the slower path does not go unnoticed.
enum SQLiteDirectRead {
    /// One row of a statement being stepped, valid only inside the `decode` call it is given to.
    struct Row {
        fileprivate let statement: OpaquePointer

        /// The column's text; nil for NULL.
        func text(_ column: Int32) -> String? {
            guard !isNull(column), let bytes = sqlite_nio_sqlite3_column_text(statement, column)
            else { return nil }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        /// The column's number as a double, exactly as stored; nil for NULL.
        func double(_ column: Int32) -> Double? {
            guard !isNull(column) else { return nil }
            return sqlite_nio_sqlite3_column_double(statement, column)
        }

        /// The column's integer; nil for NULL.
        func int(_ column: Int32) -> Int? {
            guard !isNull(column) else { return nil }
            return Int(sqlite_nio_sqlite3_column_int64(statement, column))
        }

        /// The column's time (seconds since 1970, as sqlite-nio stores a `Date`), rounded to the microsecond as
        /// sqlite-nio rounds it when it reads one back, so both ways of reading give the same `Date`; nil for NULL.
        func date(_ column: Int32) -> Date? {
            guard let seconds = double(column) else { return nil }
            let sinceReference = seconds - Date.timeIntervalBetween1970AndReferenceDate
            return Date(timeIntervalSinceReferenceDate: (sinceReference * 1e6).rounded() / 1e6)
        }

        func isNull(_ column: Int32) -> Bool { sqlite_nio_sqlite3_column_type(statement, column) == SQLITE_NULL }

        /// The column's value, which the schema says is never NULL: a NULL is an error, as SQLKit's `decode` makes it.
        func required<T>(_ value: (Int32) -> T?, _ column: Int32) throws -> T {
            guard let read = value(column) else { throw UnexpectedNull(column: column) }
            return read
        }
    }

    struct UnexpectedNull: Error, CustomStringConvertible {
        var column: Int32
        var description: String { "column \(column) of a read is NULL where a value is required" }
    }

    /// The rows of `query` (SQLKit's SQL with binds), as `rows(_:binds:on:decode:)` reads them; nil also when one of
    /// its binds is of a type not bound here (text, integers, doubles and dates are), so the caller reads through
    /// SQLKit.
    static func rows<T: Sendable>(
        _ query: any SQLExpression, on sql: any SQLDatabase, decode: @escaping @Sendable (Row) throws -> T
    ) async throws -> [T]? {
        guard sql.dialect.name == "sqlite" else { return nil }
        let (text, encodables) = sql.serialize(query)
        var binds: [BulkValue] = []
        for bind in encodables {
            // As sqlite-nio binds each (`SQLiteDataConvertible`): a `Date` as seconds since 1970.
            switch bind {
            case let value as String: binds.append(.text(value))
            case let value as Int: binds.append(.int(value))
            case let value as Double: binds.append(.double(value))
            case let value as Date: binds.append(.date(value))
            default: return nil
            }
        }
        return try await rows(text, binds: binds, on: sql, decode: decode)
    }

    /// The rows of `text` (an SQL statement with `?` for each of `binds`), each made into a value by `decode`.
    static func rows<T: Sendable>(
        _ text: String, binds: [BulkValue], on sql: any SQLDatabase, decode: @escaping @Sendable (Row) throws -> T
    ) async throws -> [T]? {
        try await SQLitePreparedInsert.withStatement(text, on: sql) { statement, db in
            for (offset, value) in binds.enumerated() {
                try SQLitePreparedInsert.check(
                    SQLitePreparedInsert.bind(value, at: Int32(offset + 1), to: statement), db)
            }
            var values: [T] = []
            while true {
                let stepped = sqlite_nio_sqlite3_step(statement)
                if stepped == SQLITE_DONE { return values }
                guard stepped == SQLITE_ROW else { throw SQLitePreparedInsert.error(stepped, db) }
                values.append(try decode(Row(statement: statement)))
            }
        }
    }
}
