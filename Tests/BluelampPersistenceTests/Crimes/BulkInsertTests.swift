import FluentKit
import Foundation
import NIOCore
import SQLKit
import Testing

@testable import BluelampPersistence

/// The bulk writer the importer and the demo use: the prepared-statement path on SQLite writes what
/// the literal path writes, refuses a bad row with SQLite's reason, and applies a conflict clause.
@Suite struct BulkInsertTests {
    static let columns = ["label", "body", "amount", "ratio", "flag", "at"]

    /// Every kind of value, including the text that literal SQL has to treat specially. (PostgreSQL
    /// holds no NUL in text; SQLite does.)
    static func rows(on sql: any SQLDatabase) -> [[BulkValue]] {
        sql.dialect.name == "sqlite" ? rows : rows.filter { $0[0] != .text("nul") }
    }

    static let rows: [[BulkValue]] = [
        [
            .text("plain"), .text("Crown & Anchor, 'The Old' Pub"), .int(42), .double(0.1), .bool(true),
            .date(Date(timeIntervalSince1970: 1_546_300_800.25)),
        ],
        [.text("empty"), .text(""), .int(-7), .double(-2.5e-8), .bool(false), .date(Date(timeIntervalSince1970: 0))],
        [.text("nul"), .text("before\u{0}after"), .int(Int.max), .double(.infinity), .null, .null],
        // What COPY's text format escapes, and what it would read as an escape if left alone.
        [
            .text("escapes"), .text("tab\there\nnew line\r\nback\\slash \\N \\. end\\"), .int(Int.min),
            .double(1e-300), .bool(false), .date(Date(timeIntervalSince1970: -86_400.5)),
        ],
        [
            .text("unicode"), .text("Łódź — café ☕️ \u{1F46E}"), .null, .double(51.5072178), .bool(true),
            .date(Date(timeIntervalSince1970: 1_764_115_200)),
        ],
    ]

    struct Stored: Decodable, Equatable {
        var label: String
        var body: String?
        var amount: Int?
        var ratio: Double?
        var flag: Bool?
        var at: Date?
    }

    static func makeTable(_ name: String, on sql: any SQLDatabase) async throws {
        let isPostgres = sql.dialect.name == "postgresql"
        let types =
            isPostgres
            ? ["BIGINT", "DOUBLE PRECISION", "BOOLEAN", "TIMESTAMPTZ"] : ["INTEGER", "REAL", "BOOLEAN", "REAL"]
        try await sql.raw(
            """
            CREATE TABLE \(unsafeRaw: name) (label TEXT PRIMARY KEY, body TEXT, amount \(unsafeRaw: types[0]),
            ratio \(unsafeRaw: types[1]), flag \(unsafeRaw: types[2]), at \(unsafeRaw: types[3]))
            """
        ).run()
    }

    static func stored(_ table: String, on sql: any SQLDatabase) async throws -> [Stored] {
        try await sql.raw("SELECT label, body, amount, ratio, flag, at FROM \(unsafeRaw: table) ORDER BY label").all(
            decoding: Stored.self)
    }

    @Test func bothPathsWriteTheSameValues() async throws {
        try await withDatabase(migrate: false) { app in
            let sql = app.db as! any SQLDatabase
            try await Self.makeTable("bulk_fast", on: sql)
            try await Self.makeTable("bulk_literal", on: sql)
            let bulk = BulkInserter(sql)
            let rows = Self.rows(on: sql)
            try await bulk.insert(into: "bulk_fast", columns: Self.columns, rows: rows, preparedChunk: 3)
            try await bulk.insertLiterals(
                into: "bulk_literal", columns: Self.columns, rows: rows, conflict: nil, rowsPerStatement: 2)
            let fast = try await Self.stored("bulk_fast", on: sql)
            #expect(fast.count == rows.count)
            let literal = try await Self.stored("bulk_literal", on: sql)
            #expect(fast == literal)
            if sql.dialect.name == "sqlite" {
                // sqlite-nio reads text up to a NUL, so the bytes are counted in SQL.
                struct Length: Decodable { var n: Int }
                for table in ["bulk_fast", "bulk_literal"] {
                    let length = try await sql.raw(
                        "SELECT length(CAST(body AS BLOB)) AS n FROM \(unsafeRaw: table) WHERE label = 'nul'"
                    )
                    .first(decoding: Length.self)
                    #expect(length?.n == 12)
                }
                #expect(fast.first { $0.label == "nul" }?.ratio == nil)  // not finite: NULL
            }
            #expect(fast.first { $0.label == "empty" }?.body == "")  // empty text is not NULL
            #expect(fast.first { $0.label == "plain" }?.at == Date(timeIntervalSince1970: 1_546_300_800.25))
            try await sql.raw("DROP TABLE bulk_fast").run()
            try await sql.raw("DROP TABLE bulk_literal").run()
        }
    }

    @Test func eachDatabasesOwnBulkPathIsUsed() async throws {
        try await withDatabase(migrate: false) { app in
            let sql = app.db as! any SQLDatabase
            // A newer sqlite-nio hiding the connection's handle, or a PostgreSQL driver no longer offering the
            // connection, would silently fall back to literal SQL, which this catches.
            let prepared = try await SQLitePreparedInsert.isAvailable(on: sql)
            #expect(prepared == (sql.dialect.name == "sqlite"))
            #expect(PostgresCopyInsert.isAvailable(on: sql) == (sql.dialect.name == "postgresql"))
            try await app.db.transaction { db in
                #expect(
                    PostgresCopyInsert.isAvailable(on: db as! any SQLDatabase) == (sql.dialect.name == "postgresql"))
            }
        }
    }

    @Test func copyTextEscapesWhatItMust() {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        PostgresCopyInsert.encode(
            [.text("a\tb\\c\nd\re"), .null, .int(-3), .double(.nan), .bool(true), .text("")], into: &buffer)
        #expect(String(buffer: buffer) == "a\\tb\\\\c\\nd\\re\t\\N\t-3\t\\N\tt\t\n")
    }

    @Test func aRefusedRowRollsTheTransactionBackWithSQLitesReason() async throws {
        try await withDatabase(migrate: false) { app in
            try await Self.makeTable("bulk_refused", on: app.db as! any SQLDatabase)
            let duplicate: [[BulkValue]] =
                Self.rows(on: app.db as! any SQLDatabase) + [[.text("plain"), .null, .null, .null, .null, .null]]
            await #expect(throws: (any Error).self) {
                try await app.db.transaction { db in
                    try await BulkInserter(db as! any SQLDatabase).insert(
                        into: "bulk_refused", columns: Self.columns, rows: duplicate)
                }
            }
            let sql = app.db as! any SQLDatabase
            let stored = try await Self.stored("bulk_refused", on: sql)
            #expect(stored.isEmpty)
            if sql.dialect.name == "sqlite" {
                do {
                    try await BulkInserter(sql).insert(into: "bulk_refused", columns: Self.columns, rows: duplicate)
                    Issue.record("a duplicate key was written")
                } catch let error as SQLiteStatementError {
                    #expect(error.description.contains("UNIQUE constraint failed: bulk_refused.label"))
                    #expect(error.reason == "constraint")
                }
            }
            try await sql.raw("DROP TABLE bulk_refused").run()
        }
    }

    /// A write that meets another connection's says "busy" or "locked" as sqlite-nio's errors do: callers that try a
    /// busy write again (the audit entry of a backup) look for those words.
    @Test func aBusyWriteSaysSo() {
        let busy = SQLiteStatementError(code: 5, message: "database is locked")
        #expect(busy.description == "SQLite error 5 (busy): database is locked")
        #expect(SQLiteStatementError(code: 517, message: "database is locked").reason == "busy")
        #expect(SQLiteStatementError(code: 6, message: "database table is locked").reason == "locked")
        #expect(SQLiteStatementError(code: 13, message: "database or disk is full").reason == "full")
    }

    /// Upserts rows labelled `labels` with `body`, `chunk` rows to a visit of the connection.
    static func upsert(_ labels: [String], body: String, chunk: Int, on db: any Database) async throws {
        try await BulkInserter(db as! any SQLDatabase).insert(
            into: "bulk_upsert", columns: columns,
            rows: labels.map { [.text($0), .text(body), .null, .null, .null, .null] },
            conflict: "ON CONFLICT (label) DO UPDATE SET body = excluded.body", preparedChunk: chunk)
    }

    /// The connection's `cache_size` (SQLite only).
    static func cacheSize(_ db: any Database) async throws -> Int {
        struct Size: Decodable { var cache_size: Int }
        return try await (db as! any SQLDatabase).raw("PRAGMA cache_size").first(decoding: Size.self)!.cache_size
    }

    struct Refused: Error {}

    @Test func theBulkCacheIsSetForTheWriteAndGivenBackAsItWas() async throws {
        try await withDatabase(migrate: false) { app in
            guard (app.db as! any SQLDatabase).dialect.name != "postgresql" else {
                // PostgreSQL has no per-connection cache to set: the work simply runs.
                #expect(try await BulkInserter.largeCacheTransaction(on: app.db) { _ in 7 } == 7)
                return
            }
            // Each read below is on the one connection of the enclosing transaction.
            try await app.db.transaction { db in
                #expect(try await Self.cacheSize(db) == BulkInserter.defaultCacheKiB)
                let inside = try await BulkInserter.largeCacheTransaction(on: db) { try await Self.cacheSize($0) }
                #expect(inside == BulkInserter.largeCacheKiB)
                #expect(try await Self.cacheSize(db) == BulkInserter.defaultCacheKiB)
                // Given back when the work fails too.
                _ = try? await BulkInserter.largeCacheTransaction(on: db) { _ in throw Refused() }
                #expect(try await Self.cacheSize(db) == BulkInserter.defaultCacheKiB)
                // The demo's month: the crimes' own write inside it neither shrinks the month's cache nor ends it,
                // and a larger cache is left as it is.
                try await BulkInserter.largeCacheTransaction(on: db) { month in
                    let crimes = try await BulkInserter.largeCacheTransaction(on: month) {
                        try await Self.cacheSize($0)
                    }
                    #expect(crimes == BulkInserter.largeCacheKiB)
                    #expect(try await Self.cacheSize(month) == BulkInserter.largeCacheKiB)
                }
                // A larger cache already set is left as it is; a smaller one is given back as it was, not as SQLite's
                // default.
                try await (db as! any SQLDatabase).raw("PRAGMA cache_size = -131072").run()
                let larger = try await BulkInserter.largeCacheTransaction(on: db) { try await Self.cacheSize($0) }
                #expect(larger == -131_072)
                try await (db as! any SQLDatabase).raw("PRAGMA cache_size = -8192").run()
                let inner = try await BulkInserter.largeCacheTransaction(on: db) { try await Self.cacheSize($0) }
                #expect(inner == BulkInserter.largeCacheKiB)
                #expect(try await Self.cacheSize(db) == -8_192)
                try await (db as! any SQLDatabase).raw("PRAGMA cache_size = -2000").run()
                #expect(try await Self.cacheSize(db) == BulkInserter.defaultCacheKiB)
            }
            #expect(BulkInserter.kibibytes(cacheSize: -2_000) == 2_000)
            #expect(BulkInserter.kibibytes(cacheSize: 500) == 2_000)
        }
    }

    @Test func aConflictClauseUpdatesTheRowHeld() async throws {
        try await withDatabase(migrate: false) { app in
            let sql = app.db as! any SQLDatabase
            try await Self.makeTable("bulk_upsert", on: sql)
            let bulk = BulkInserter(sql)
            try await bulk.insert(into: "bulk_upsert", columns: Self.columns, rows: Self.rows(on: sql))
            let newer: [[BulkValue]] = [[.text("plain"), .text("newer"), .int(1), .null, .null, .null]]
            try await bulk.insert(
                into: "bulk_upsert", columns: Self.columns, rows: newer,
                conflict: "ON CONFLICT (label) DO UPDATE SET body = excluded.body")
            var stored = try await Self.stored("bulk_upsert", on: sql)
            #expect(stored.count == Self.rows(on: sql).count)
            #expect(stored.first { $0.label == "plain" }?.body == "newer")
            #expect(stored.first { $0.label == "plain" }?.amount == 42)
            // Again, in one transaction and over several visits of the connection: on PostgreSQL the staging table
            // is made once and emptied after each use, so no row is moved twice.
            let more: [[BulkValue]] = (0..<7).map {
                [.text("row \($0)"), .text("first"), .int($0), .null, .null, .null]
            }
            try await app.db.transaction { db in
                let bulk = BulkInserter(db as! any SQLDatabase)
                try await bulk.insert(
                    into: "bulk_upsert", columns: Self.columns, rows: more,
                    conflict: "ON CONFLICT (label) DO UPDATE SET body = excluded.body", preparedChunk: 3)
                try await bulk.insert(
                    into: "bulk_upsert", columns: Self.columns,
                    rows: more.map { [$0[0], .text("second"), $0[2], .null, .null, .null] },
                    conflict: "ON CONFLICT (label) DO UPDATE SET body = excluded.body", preparedChunk: 3)
            }
            stored = try await Self.stored("bulk_upsert", on: sql)
            #expect(stored.count == Self.rows(on: sql).count + 7)
            #expect(stored.filter { $0.label.hasPrefix("row ") }.allSatisfy { $0.body == "second" })
            // New rows first, then a chunk holding one row already stored: on PostgreSQL the first chunk goes
            // straight in, the second is refused there and goes again through the staging table, whole.
            let mixed = ["row 7", "row 8", "row 9", "row 0", "row 10"]
            /// Checks every row of `mixed` holds `body`, and nothing was added twice.
            func expectMixed(_ body: String) async throws {
                stored = try await Self.stored("bulk_upsert", on: sql)
                #expect(stored.count == Self.rows(on: sql).count + 11)
                #expect(
                    stored.filter { mixed.contains($0.label) }.map(\.body) == Array(repeating: body, count: mixed.count)
                )
            }
            try await app.db.transaction { db in try await Self.upsert(mixed, body: "third", chunk: 3, on: db) }
            try await expectMixed("third")
            #expect(stored.first { $0.label == "row 1" }?.body == "second")
            // Outside a transaction, over several chunks: each may be given another pooled connection.
            try await Self.upsert(mixed, body: "fourth", chunk: 2, on: app.db)
            try await expectMixed("fourth")
            try await sql.raw("DROP TABLE bulk_upsert").run()
        }
    }
}
