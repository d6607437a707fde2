import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BluelampPersistence

@Suite struct SQLiteDirectReadTests {
    /// On SQLite the statement is stepped on the connection itself, giving back text, NULLs and doubles exactly as
    /// stored, the binds applied and the order kept; elsewhere it reads nothing and says so (nil), so the caller
    /// reads through SQLKit. A newer sqlite-nio hiding the connection's handle would fail here rather than quietly
    /// take the slower path.
    @Test func rowsComeStraightFromSQLitesStatementExactly() async throws {
        try await withDatabase(migrate: false) { app in
            let sql = app.db as! any SQLDatabase
            let values: [Double?] = [1.0 / 3.0, nil, 0.1 + 0.2, 1e-300, -2.5, 0, 123_456_789.123_456_79, 7]
            try await sql.raw("CREATE TABLE direct_read (k TEXT NOT NULL, note TEXT, v DOUBLE PRECISION, n INTEGER)")
                .run()
            for (index, value) in values.enumerated() {
                try await sql.raw(
                    """
                    INSERT INTO direct_read (k, note, v, n)
                    VALUES (\(bind: "k\(index)"), \(bind: index.isMultiple(of: 2) ? "é ✓ \(index)" : nil), \(bind: value),
                        \(bind: index))
                    """
                ).run()
            }
            struct Read: Sendable, Equatable {
                var key: String?
                var note: String?
                var value: Double?
            }
            let read = try await SQLiteDirectRead.rows(
                "SELECT k, note, v FROM direct_read WHERE n >= ? AND k <> ? ORDER BY n DESC",
                binds: [.int(1), .text("k3")], on: sql,
                decode: { Read(key: $0.text(0), note: $0.text(1), value: $0.double(2)) })
            guard sql.dialect.name == "sqlite" else {
                #expect(read == nil)
                return
            }
            let expected = values.indices.reversed().filter { $0 >= 1 && $0 != 3 }.map { index in
                Read(key: "k\(index)", note: index.isMultiple(of: 2) ? "é ✓ \(index)" : nil, value: values[index])
            }
            #expect(read == expected)
            // Inside a transaction it reads on the transaction's connection, so it sees what was written there.
            try await app.db.transaction { db in
                let tx = db as! any SQLDatabase
                try await tx.raw("INSERT INTO direct_read (k, n) VALUES ('in transaction', 99)").run()
                let keys = try await SQLiteDirectRead.rows(
                    "SELECT k FROM direct_read WHERE n = 99", binds: [], on: tx, decode: { $0.text(0) })
                #expect(keys == ["in transaction"])
            }
            // SQLite's refusal comes back as an error.
            await #expect(throws: SQLiteStatementError.self) {
                _ = try await SQLiteDirectRead.rows("SELECT nope FROM direct_read", binds: [], on: sql) { $0.text(0) }
            }
        }
    }

    /// A query built with SQLKit (its binds of text, integers, doubles and dates) reads the same rows both ways, dates
    /// and integers included: `date` rounds as sqlite-nio does, so a time read either way is the same `Date`.
    /// A bind of another type is not taken (nil).
    @Test func aSQLKitQueryReadsTheSameRowsEitherWay() async throws {
        try await withDatabase(migrate: false) { app in
            let sql = app.db as! any SQLDatabase
            guard sql.dialect.name == "sqlite" else {
                #expect(try await SQLiteDirectRead.rows("SELECT 1" as SQLQueryString, on: sql) { $0.int(0) } == nil)
                return
            }
            try await sql.raw(
                "CREATE TABLE direct_dates (id INTEGER, label TEXT, at DOUBLE PRECISION, x DOUBLE PRECISION)"
            )
            .run()
            var generator = SystemRandomNumberGenerator()
            var times: [Date] = [
                Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_700_000_000.123_456_789),
            ]
            for _ in 0..<200 {
                times.append(Date(timeIntervalSince1970: Double.random(in: 0..<4_000_000_000, using: &generator)))
            }
            for (id, time) in times.enumerated() {
                try await sql.raw(
                    "INSERT INTO direct_dates VALUES (\(bind: id), \(bind: "t\(id)"), \(bind: time), \(bind: Double(id) / 7))"
                ).run()
            }
            let cutoff = times[1]
            let query: SQLQueryString = """
                SELECT id, label, at FROM direct_dates
                WHERE at >= \(bind: Date(timeIntervalSince1970: 0)) AND label <> \(bind: "t5") AND id >= \(bind: 0)
                    AND x >= \(bind: 0.0) AND at <> \(bind: cutoff) ORDER BY id
                """
            struct Read: Sendable, Equatable {
                var id: Int
                var label: String
                var at: Date
            }
            let direct = try await SQLiteDirectRead.rows(query, on: sql) {
                Read(
                    id: try $0.required($0.int, 0), label: try $0.required($0.text, 1), at: try $0.required($0.date, 2))
            }
            let unsupported = try await SQLiteDirectRead.rows(
                "SELECT id FROM direct_dates WHERE \(bind: true) = \(bind: true)" as SQLQueryString, on: sql
            ) { $0.int(0) }
            #expect(unsupported == nil)
            let throughSQLKit = try await sql.raw(query).all().map {
                Read(
                    id: try $0.decode(column: "id", as: Int.self),
                    label: try $0.decode(column: "label", as: String.self),
                    at: try $0.decode(column: "at", as: Date.self))
            }
            #expect(throughSQLKit.count == times.count - 2)
            #expect(direct == throughSQLKit)
            // A NULL where a value is required is an error, as SQLKit's `decode` makes it.
            await #expect(throws: SQLiteDirectRead.UnexpectedNull.self) {
                _ = try await SQLiteDirectRead.rows("SELECT NULL" as SQLQueryString, on: sql) {
                    try $0.required($0.int, 0)
                }
            }
        }
    }
}
