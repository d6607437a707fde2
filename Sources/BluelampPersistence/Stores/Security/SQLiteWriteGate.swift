import FluentKit
import Foundation
import SQLKit

/// Lets one write transaction at a time into an application's SQLite database (issue 20: zero errors under
/// concurrency). Each application holds one gate (`configure` makes it, with the audit writer); a test process that
/// holds many applications, each on its own file, holds as many gates, so their writes never queue behind one another.
///
/// SQLite has one writer. A transaction that Fluent begins with a plain `BEGIN` reads first and takes the write
/// lock at its first write; if another connection committed in between, SQLite answers `SQLITE_BUSY` at once
/// (its snapshot is stale, so waiting cannot help and the busy timeout is not consulted) and the request failed
/// with a 500. Queuing the application's write transactions here, in arrival order, means each begins after the one
/// before has committed: none is refused, and none waits longer than the transactions ahead of it. Another process
/// writing to the same file (a command run beside the server) is still met by the busy timeout every connection
/// holds (`DatabaseSetup.prepareConnections`).
///
/// PostgreSQL needs no gate: its transactions wait for row locks, and audit appends for the advisory lock.
/// A transaction already inside a gate (on this task) passes through, so nesting never deadlocks.
public actor SQLiteWriteGate {
    @TaskLocal static var held = false

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// Runs `work` alone among this gate's writes when `database` is SQLite; at once otherwise.
    public nonisolated func run<T: Sendable>(on database: any Database, _ work: @Sendable () async throws -> T)
        async throws -> T
    {
        guard !Self.held, !database.inTransaction, Self.isSQLite(database) else { return try await work() }
        await enter()
        do {
            let result = try await Self.$held.withValue(true) { try await work() }
            await leave()
            return result
        } catch {
            await leave()
            throw error
        }
    }

    /// A Fluent transaction on `database`, begun only when no other write through this gate is open.
    public nonisolated func transaction<T: Sendable>(
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

/// A gate an application may not have (a command, a test without one): writes through it when there is one,
/// straight to the database otherwise. Every "queue at the gate if any" goes through these two.
extension Optional where Wrapped == SQLiteWriteGate {
    /// `SQLiteWriteGate.run`, or `work` at once without a gate.
    public func run<T: Sendable>(on database: any Database, _ work: @Sendable () async throws -> T) async throws -> T {
        guard let gate = self else { return try await work() }
        return try await gate.run(on: database, work)
    }

    /// `SQLiteWriteGate.transaction`, or a plain transaction without a gate.
    public func transaction<T: Sendable>(
        on database: any Database, _ work: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let gate = self else { return try await database.transaction(work) }
        return try await gate.transaction(on: database, work)
    }
}
