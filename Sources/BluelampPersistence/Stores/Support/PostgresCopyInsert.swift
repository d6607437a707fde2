import FluentPostgresDriver
import Foundation
import Logging
import NIOCore
import SQLKit

/// Bulk inserts on PostgreSQL through `COPY … FROM STDIN` (text format), the server's fastest way in.
///
/// Rows are encoded straight into the copy stream: no SQL text to build and parse, no binds. `COPY` takes no
/// `ON CONFLICT`. A write with a conflict clause first copies straight into the table, inside a savepoint, since
/// its rows are usually new; once a chunk meets a row already held (a unique key refused), that chunk and the rest
/// are copied into a temporary staging table of the same columns and moved with one `INSERT … SELECT … conflict`,
/// which applies the clause exactly as a multi-row `VALUES` would. Everything runs on one connection: the caller's, inside its transaction, when there is one.
///
/// When `sql` is not PostgreSQL, or is a PostgreSQL database whose connection cannot be reached, `insert` answers
/// false having written nothing, and `BulkInserter` writes literal SQL as before
/// (`BulkInsertTests.copyIsUsedOnPostgreSQL` fails, so the slower path does not go unnoticed).
enum PostgresCopyInsert {
    /// Whether `sql` is a PostgreSQL database this can copy into.
    static func isAvailable(on sql: any SQLDatabase) -> Bool {
        sql.dialect.name == "postgresql" && sql is any PostgresDatabase
    }

    /// Inserts `rows` into `table` (`columns`, in order), applying `conflict` (an `ON CONFLICT …` clause) when given,
    /// `rowsPerCopy` rows to a `COPY` (5,000 crimes are about a megabyte). Answers false, having written nothing,
    /// when `sql` is not a PostgreSQL database.
    static func insert(
        into table: String, columns: [String], rows: some Sequence<[BulkValue]>, conflict: String?,
        rowsPerCopy: Int, on sql: any SQLDatabase
    ) async throws -> Bool {
        guard let postgres = database(sql) else { return false }
        var iterator = rows.makeIterator()
        try await write(into: table, columns: columns, conflict: conflict, on: postgres, logger: sql.logger) {
            encodeChunk(&iterator, width: columns.count, rows: rowsPerCopy)
        }
        return true
    }

    /// Inserts rows encoded beforehand with `encodeChunk` (a chunk to a `COPY`), as `insert(into:columns:rows:…)`
    /// does. Answers false, having written nothing, when `sql` is not a PostgreSQL database.
    static func insert(
        into table: String, columns: [String], chunks: [ByteBuffer], conflict: String?, on sql: any SQLDatabase
    ) async throws -> Bool {
        guard let postgres = database(sql) else { return false }
        var remaining = chunks[...]
        try await write(into: table, columns: columns, conflict: conflict, on: postgres, logger: sql.logger) {
            remaining.popFirst()
        }
        return true
    }

    private static func database(_ sql: any SQLDatabase) -> (any PostgresDatabase)? {
        guard isAvailable(on: sql) else { return nil }
        return sql as? any PostgresDatabase
    }

    /// Up to `rows` rows from `iterator`, encoded; nil when it has no more.
    static func encodeChunk(_ iterator: inout some IteratorProtocol<[BulkValue]>, width: Int, rows: Int) -> ByteBuffer?
    {
        var buffer = ByteBufferAllocator().buffer(capacity: 1 << 16)
        var count = 0
        while count < max(1, rows), let row = iterator.next() {
            precondition(row.count == width, "a bulk row has \(row.count) values for \(width) columns")
            encode(row, into: &buffer)
            count += 1
        }
        return count == 0 ? nil : buffer
    }

    /// Writes the chunks `next` gives until it gives nil.
    private static func write(
        into table: String, columns: [String], conflict: String?, on postgres: any PostgresDatabase, logger: Logger,
        next: () -> ByteBuffer?
    ) async throws {
        var conflicted = false
        var pending: ByteBuffer?
        let staging = stagingName(table: table, columns: columns)
        let list = columns.joined(separator: ", ")
        while true {
            guard let chunk = pending ?? next() else { return }
            pending = nil
            let direct = conflict == nil || !conflicted
            let outcome = try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask { () async throws -> ChunkOutcome in
                    func run(_ text: String) async throws {
                        try await connection.query(PostgresQuery(unsafeSQL: text), logger: logger)
                    }
                    func copy(into target: String) async throws {
                        try await connection.copyFrom(table: target, columns: columns, logger: logger) { writer in
                            try await writer.write(chunk)
                        }
                    }
                    if direct {
                        guard conflict != nil else {
                            try await copy(into: table)
                            return .written
                        }
                        // Rows are usually new (a first import): straight in, inside a savepoint so that a row
                        // already held undoes only this attempt. Outside a transaction there is no savepoint to
                        // take, and a refused COPY writes nothing by itself.
                        var inTransaction = true
                        do {
                            try await run("SAVEPOINT bluelamp_bulk_copy")
                        } catch let error as PSQLError where error.serverInfo?[.sqlState] == noActiveTransaction {
                            inTransaction = false
                        }
                        do {
                            try await copy(into: table)
                            if inTransaction { try await run("RELEASE SAVEPOINT bluelamp_bulk_copy") }
                            return .written
                        } catch let error as PSQLError where error.serverInfo?[.sqlState] == uniqueViolation {
                            if inTransaction {
                                try await run("ROLLBACK TO SAVEPOINT bluelamp_bulk_copy")
                                try await run("RELEASE SAVEPOINT bluelamp_bulk_copy")
                            }
                            return .conflicted
                        }
                    }
                    guard let conflict else { return .written }
                    // Column types only: no constraints, defaults or identity, so nothing is drawn from the table's
                    // sequence and nothing is checked twice. Made and emptied for every chunk: outside a transaction
                    // each chunk may be given another pooled connection, and a staging table a failed write left
                    // rows in must not hand them to the next.
                    try await run(
                        "CREATE TEMP TABLE IF NOT EXISTS \(staging) AS SELECT \(list) FROM \(table) WITH NO DATA")
                    try await run("TRUNCATE \(staging)")
                    try await copy(into: staging)
                    try await run("INSERT INTO \(table) (\(list)) SELECT \(list) FROM \(staging) \(conflict)")
                    try await run("TRUNCATE \(staging)")
                    return .written
                }
            }.get()
            if outcome == .conflicted {
                // A row of this chunk is held: this chunk and the rest go through the staging table.
                conflicted = true
                pending = chunk
            }
        }
    }

    private enum ChunkOutcome: Sendable { case written, conflicted }

    /// SQLSTATEs: `unique_violation`, and `no_active_sql_transaction` (a savepoint outside a transaction).
    private static let uniqueViolation = "23505"
    private static let noActiveTransaction = "25P01"

    /// The staging table of a table and column list: one a connection keeps for its life (a temporary table is the
    /// connection's own), emptied before and after each use.
    static func stagingName(table: String, columns: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: stable across processes, unlike `Hasher`
        for byte in columns.joined(separator: ",").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "bulk_\(table)_\(String(hash, radix: 36))"
    }

    /// One row in `COPY`'s text format: values separated by tabs, `\N` for NULL, a backslash escaping the
    /// backslash, tab, newline and carriage return within text. Values are written as `BulkInserter` writes
    /// literals: booleans `t`/`f`, dates as `timestamptz` text exact to the microsecond, non-finite doubles as NULL.
    static func encode(_ row: [BulkValue], into buffer: inout ByteBuffer) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.writeStaticString("\\N")
            case .int(let v): buffer.writeString(String(v))
            case .double(let v):
                if v.isFinite { buffer.writeString(v.description) } else { buffer.writeStaticString("\\N") }
            case .bool(let v): buffer.writeInteger(UInt8(ascii: v ? "t" : "f"))
            case .date(let v): buffer.writeString(BulkInserter.timestamp(v))
            case .text(let v): writeEscaped(v, into: &buffer)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private static func writeEscaped(_ text: String, into buffer: inout ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            var needsEscape = false
            for byte in bytes where byte == 0x5C || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0 {
                needsEscape = true
                break
            }
            guard needsEscape else {
                buffer.writeBytes(bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case 0x5C: buffer.writeStaticString("\\\\")
                case 0x09: buffer.writeStaticString("\\t")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                // PostgreSQL's text holds no NUL: written as an escape, the server refuses it with its reason,
                // as it refuses one bound into literal SQL.
                case 0: buffer.writeStaticString("\\000")
                default: buffer.writeInteger(byte)
                }
            }
        }
    }
}
