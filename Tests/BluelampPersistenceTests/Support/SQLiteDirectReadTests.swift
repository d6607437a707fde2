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
            await #expect(throws: SQLitePreparedInsertError.self) {
                _ = try await SQLiteDirectRead.rows("SELECT nope FROM direct_read", binds: [], on: sql) { $0.text(0) }
            }
        }
    }
}
