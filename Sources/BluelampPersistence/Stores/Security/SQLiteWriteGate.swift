import FluentKit
import Foundation
import SQLKit

/// Lets one write transaction at a time into a SQLite database from this process (issue 20: zero errors under
/// concurrency).
///
/// SQLite has one writer. A transaction that Fluent begins with a plain `BEGIN` reads first and takes the write
/// lock at its first write; if another connection committed in between, SQLite answers `SQLITE_BUSY` at once
/// (its snapshot is stale, so waiting cannot help and the busy timeout is not consulted) and the request failed
/// with a 500. Queuing the process's write transactions here, in arrival order, means each begins after the one
/// before has committed: none is refused, and none waits longer than the transactions ahead of it. Another process
/// writing to the same file (a command run beside the server) is still met by the busy timeout every connection
/// holds (`DatabaseSetup.prepareConnections`).
///
/// PostgreSQL needs no gate: its transactions wait for row locks, and audit appends for the advisory lock.
/// A transaction already inside the gate (on this task) passes through, so nesting never deadlocks.
public actor SQLiteWriteGate {
    public static let shared = SQLiteWriteGate()

    @TaskLocal static var held = false

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `work` alone among this process's gated writes when `database` is SQLite; at once otherwise.
    public static func run<T: Sendable>(on database: any Database, _ work: @Sendable () async throws -> T)
        async throws -> T
    {
        guard !held, !database.inTransaction, isSQLite(database) else { return try await work() }
        await shared.enter()
        do {
            let result = try await $held.withValue(true) { try await work() }
            await shared.leave()
            return result
        } catch {
            await shared.leave()
            throw error
        }
    }

    /// A Fluent transaction on `database`, begun only when no other gated write of this process is open.
    public static func transaction<T: Sendable>(
        on database: any Database, _ work: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        try await run(on: database) { try await database.transaction(work) }
    }

    static func isSQLite(_ database: any Database) -> Bool {
        (database as? any SQLDatabase)?.dialect.name == "sqlite"
    }

    private func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
