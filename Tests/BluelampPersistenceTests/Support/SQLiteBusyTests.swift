import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BluelampPersistence

@Suite struct SQLiteBusyTests {
    /// Two connections to one file: while the first holds the write lock, the second's write (told not to wait) is
    /// refused as busy, and `SQLiteBusy` knows that error; any other error it does not.
    @Test func aWriteThatMeetsAnotherConnectionsLockIsBusy() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("busy-\(UUID()).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        try await DatabaseSetup.withDatabase(.sqliteFile(path: path)) { first in
            try await (first as! any SQLDatabase).raw("PRAGMA journal_mode = WAL").run()
            try await (first as! any SQLDatabase).raw("CREATE TABLE t (x INTEGER)").run()
            try await DatabaseSetup.withDatabase(.sqliteFile(path: path)) { second in
                try await first.transaction { holding in
                    try await (holding as! any SQLDatabase).raw("INSERT INTO t VALUES (1)").run()
                    var refused: (any Error)?
                    do {
                        try await second.transaction { waiting in
                            let sql = waiting as! any SQLDatabase
                            try await sql.raw("PRAGMA busy_timeout = 0").run()
                            try await sql.raw("INSERT INTO t VALUES (2)").run()
                        }
                    } catch {
                        refused = error
                    }
                    let error = try #require(refused)
                    #expect(SQLiteBusy.matches(error))
                }
            }
        }
        #expect(SQLiteBusy.matches(SQLiteStatementError(code: 5, message: "database is locked")))
        #expect(SQLiteBusy.matches(SQLiteStatementError(code: 517, message: "database is locked")))
        #expect(!SQLiteBusy.matches(SQLiteStatementError(code: 19, message: "UNIQUE constraint failed")))
        #expect(!SQLiteBusy.matches(CancellationError()))
    }
}
