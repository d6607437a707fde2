import FluentKit
import Foundation
import NIOCore
import SQLKit

/// A value for a bulk insert.
enum BulkValue: Sendable, Equatable {
    case null
    case int(Int)
    case double(Double)
    case text(String)
    case bool(Bool)
    case date(Date)

    init(_ value: Int?) { self = value.map(BulkValue.int) ?? .null }
    init(_ value: Double?) { self = value.map(BulkValue.double) ?? .null }
    init(_ value: String?) { self = value.map(BulkValue.text) ?? .null }
    init(_ value: Date?) { self = value.map(BulkValue.date) ?? .null }
}

/// Multi-row inserts without SQLKit's binds: on SQLite through one prepared statement (`SQLitePreparedInsert`),
/// on PostgreSQL through `COPY` (`PostgresCopyInsert`), and otherwise as SQL literals.
///
/// Binding goes through a `Codable` encoder for every value, which at millions of rows (the demo at
/// the Met's scale, a year of police.uk files) costs more than the database's own work. Literals are
/// built directly: integers and doubles in Swift's exact shortest form, text quoted with `''` (both
/// databases read a quote doubled inside a literal as one quote and nothing else as special, PostgreSQL
/// with its default `standard_conforming_strings`), dates as each database stores them (seconds since
/// 1970 in SQLite, as sqlite-nio writes a `Date`; `timestamptz` in PostgreSQL). Text holding a NUL,
/// which neither database's parser takes inside a literal, goes as a bind.
struct BulkInserter {
    let sql: any SQLDatabase
    let isPostgres: Bool

    init(_ sql: any SQLDatabase) {
        self.sql = sql
        isPostgres = sql.dialect.name == "postgresql"
    }

    /// Runs a bulk write in one transaction with a 64 MB SQLite page cache (the default is 2 MB): the
    /// crimes table's indexes outgrow the default within a few hundred thousand rows, and every insert then reads and
    /// writes index pages through the file. The cache is per connection, so it is set inside the transaction, and set
    /// back before the connection returns to the pool, whether the work succeeded or not: a pooled connection left
    /// with 64 MB fills it with the pages of every later read, and the server's memory grew by that much after each
    /// import (the Met-scale soak, issue 21: 162 MB to 231 MB in 10 minutes). PostgreSQL sizes its shared buffers
    /// itself.
    ///
    /// Nested in a transaction that already has a cache at least this large (the demo's month, which writes crimes
    /// and then allocations), it leaves the cache alone; otherwise it sets it back to what it was, not to the
    /// default, so the rest of an enclosing bulk write keeps its cache: pages SQLite must give up in the middle of a
    /// transaction are written to the journal early, and again when they change once more.
    static func largeCacheTransaction<T: Sendable>(
        on database: any Database, _ work: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            guard sql.dialect.name != "postgresql" else { return try await work(db) }
            let previous =
                try await sql.raw("PRAGMA cache_size").first(decoding: CacheSize.self)?.cache_size ?? defaultCacheKiB
            guard kibibytes(cacheSize: previous) < kibibytes(cacheSize: largeCacheKiB) else {
                return try await work(db)
            }
            try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(largeCacheKiB))").run()
            do {
                let result = try await work(db)
                try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(previous))").run()
                return result
            } catch {
                try? await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(previous))").run()
                throw error
            }
        }
    }

    /// A row of `PRAGMA cache_size`.
    struct CacheSize: Decodable { var cache_size: Int }

    /// The size a `cache_size` value gives, in KiB: negative values are KiB, positive ones pages (4 KiB each, the
    /// page size Bluelamp's files have).
    static func kibibytes(cacheSize: Int) -> Int { cacheSize < 0 ? -cacheSize : cacheSize * 4 }

    /// SQLite's `cache_size` values (negative: KiB): the bulk writes' and SQLite's default.
    static let largeCacheKiB = -65_536
    static let defaultCacheKiB = -2_000

    /// Inserts `rows` (each in `columns` order). `conflict` is an optional `ON CONFLICT …` clause, the
    /// same in both databases. On SQLite the rows go through one prepared statement
    /// (`SQLitePreparedInsert`), on PostgreSQL through `COPY` (`PostgresCopyInsert`), `preparedChunk` rows to a
    /// visit of the connection; otherwise as literal SQL, `rowsPerStatement` rows to a statement.
    func insert(
        into table: String, columns: [String], rows: some Sequence<[BulkValue]>, conflict: String? = nil,
        rowsPerStatement: Int = 1000, preparedChunk: Int = 5000
    ) async throws {
        if !isPostgres {
            var iterator = rows.makeIterator()
            var chunk: [[BulkValue]] = []
            chunk.reserveCapacity(preparedChunk)
            while true {
                chunk.removeAll(keepingCapacity: true)
                while chunk.count < preparedChunk, let row = iterator.next() { chunk.append(row) }
                if chunk.isEmpty { return }
                let written = try await SQLitePreparedInsert.insert(
                    into: table, columns: columns, rows: chunk, conflict: conflict, on: sql)
                guard written else {
                    // The connection cannot be reached: this chunk and the rest go as literal SQL.
                    try await insertLiterals(
                        into: table, columns: columns, rows: chunk + IteratorSequence(iterator), conflict: conflict,
                        rowsPerStatement: rowsPerStatement)
                    return
                }
            }
        }
        if try await PostgresCopyInsert.insert(
            into: table, columns: columns, rows: rows, conflict: conflict, rowsPerCopy: preparedChunk, on: sql)
        {
            return
        }
        try await insertLiterals(
            into: table, columns: columns, rows: rows, conflict: conflict, rowsPerStatement: rowsPerStatement)
    }

    /// Rows made ready for `insert(into:columns:prepared:conflict:)` ahead of the write, so a caller that writes
    /// while it reads (the importer) does this work while the database takes the rows before: on PostgreSQL they
    /// are encoded for `COPY`, elsewhere gathered into one array.
    func prepare(_ rows: some Sequence<[BulkValue]>, width: Int, chunk: Int = 5000) -> PreparedBulkRows {
        guard PostgresCopyInsert.isAvailable(on: sql) else { return PreparedBulkRows(form: .values(Array(rows))) }
        var iterator = rows.makeIterator()
        var chunks: [ByteBuffer] = []
        while let next = PostgresCopyInsert.encodeChunk(&iterator, width: width, rows: chunk) { chunks.append(next) }
        return PreparedBulkRows(form: .copy(chunks))
    }

    /// Inserts rows made ready with `prepare`, as `insert(into:columns:rows:conflict:)` does.
    func insert(into table: String, columns: [String], prepared: PreparedBulkRows, conflict: String? = nil)
        async throws
    {
        switch prepared.form {
        case .values(let rows):
            try await insert(into: table, columns: columns, rows: rows, conflict: conflict)
        case .copy(let chunks):
            if try await PostgresCopyInsert.insert(
                into: table, columns: columns, chunks: chunks, conflict: conflict, on: sql)
            {
                return
            }
            preconditionFailure("rows prepared for PostgreSQL's COPY written to another database")
        }
    }

    /// Rows built before the record they belong to was stored: each row's first column takes the id
    /// `id(for:)` gives its key; a row whose record was not stored (no id) is left out.
    static func withIDs<Key>(_ rows: [(key: Key, values: [BulkValue])], _ id: (Key) -> Int?) -> [[BulkValue]] {
        rows.compactMap { row in
            guard let id = id(row.key) else { return nil }
            var values = row.values
            values[0] = .int(id)
            return values
        }
    }

    /// Literal SQL, the path when neither database's own bulk path can be reached.
    func insertLiterals(
        into table: String, columns: [String], rows: some Sequence<[BulkValue]>, conflict: String?,
        rowsPerStatement: Int
    ) async throws {
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        var text = head
        var query = SQLQueryString("")
        var count = 0
        func flush() async throws {
            guard count > 0 else { return }
            if let conflict { text += " " + conflict }
            query.appendInterpolation(unsafeRaw: text)
            try await sql.raw(query).run()
            text = head
            query = SQLQueryString("")
            count = 0
        }
        for row in rows {
            if count > 0 { text += "," }
            text += "("
            for (index, value) in row.enumerated() {
                if index > 0 { text += "," }
                switch value {
                case .null: text += "NULL"
                case .int(let v): text += String(v)
                case .double(let v): text += v.isFinite ? v.description : "NULL"
                case .bool(let v): text += isPostgres ? (v ? "true" : "false") : (v ? "1" : "0")
                case .date(let v):
                    if isPostgres {
                        text += "'" + BulkInserter.timestamp(v) + "'::timestamptz"
                    } else {
                        text += v.timeIntervalSince1970.description
                    }
                case .text(let v):
                    if v.utf8.contains(0) {
                        query.appendInterpolation(unsafeRaw: text)
                        query.appendInterpolation(bind: v)
                        text = ""
                    } else {
                        text += "'"
                        text += v.utf8.contains(0x27) ? v.replacingOccurrences(of: "'", with: "''") : v
                        text += "'"
                    }
                }
            }
            text += ")"
            count += 1
            if count == rowsPerStatement { try await flush() }
        }
        try await flush()
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00`, exact to the microsecond.
    static func timestamp(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = time_t(micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000)
        let fraction = Int(micros - Int64(seconds) * 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2)) "
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)).\(pad(fraction, 6))+00"
    }
}

/// Rows made ready for a bulk write (`BulkInserter.prepare`).
struct PreparedBulkRows: Sendable {
    enum Form: Sendable {
        case values([[BulkValue]])
        case copy([ByteBuffer])
    }
    let form: Form
}

/// The secondary indexes of some tables, dropped for a large bulk load into tables that hold few rows
/// beside it and created again before the load commits: building an index once from sorted rows is much
/// cheaper than keeping it up to date row by row once the indexes outgrow the page cache.
///
/// A smaller load keeps its indexes: while they fit the cache, keeping them up to date costs the writer
/// little, and it does that while the importer reads and checks the next rows on the other core, whereas
/// building them at the end is sorting on one core after the last row (measured in docs/benchmarks.md,
/// "Session 23": a county's month of about 18,000 rows imports 10–20 % faster with its indexes kept, all 41
/// forces' month of 358,147 rows 20–30 % slower).
///
/// SQLite only: its schema changes are part of the transaction (a rollback brings the indexes back),
/// and readers keep reading the committed schema meanwhile. PostgreSQL's `DROP INDEX` would lock the
/// table against readers for the whole load, so there nothing is deferred. Unique constraints stay
/// (their indexes have no SQL of their own in `sqlite_master`), so conflicts are still found.
struct DeferredIndexes {
    private var definitions: [(name: String, sql: String)] = []

    /// Loads expected to be smaller than this keep their indexes (see above): the crossover measured with
    /// the bulk writes' 64 MB cache lay between 80,000 and 358,147 rows.
    static let minimumRows = 100_000

    /// Drops the secondary indexes of `tables` when `expectedRows` is at least `minimumRows` and at
    /// least the rows they hold (counted up to that number), so the load is large and most of what the
    /// indexes will cover.
    static func dropIfLoadDominates(
        tables: [String], expectedRows: Int, minimumRows: Int = minimumRows, on sql: any SQLDatabase
    ) async throws -> DeferredIndexes {
        guard sql.dialect.name == "sqlite", expectedRows > 0, expectedRows >= minimumRows else {
            return DeferredIndexes()
        }
        struct Count: Decodable { var n: Int }
        var held = 0
        for table in tables {
            held +=
                try await sql.raw(
                    "SELECT COUNT(*) AS n FROM (SELECT 1 FROM \(ident: table) LIMIT \(literal: expectedRows))"
                ).first(decoding: Count.self)?.n ?? 0
        }
        guard held <= expectedRows else { return DeferredIndexes() }
        struct Index: Decodable { var name: String; var sql: String }
        let indexes = try await sql.raw(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(binds: tables)) ORDER BY name"
        ).all(decoding: Index.self)
        for index in indexes { try await sql.raw("DROP INDEX \(ident: index.name)").run() }
        return DeferredIndexes(definitions: indexes.map { ($0.name, $0.sql) })
    }

    var names: [String] { definitions.map(\.name) }

    /// Creates the dropped indexes again, as they were defined.
    func restore(on sql: any SQLDatabase) async throws {
        for index in definitions { try await sql.raw("\(unsafeRaw: index.sql)").run() }
    }
}
