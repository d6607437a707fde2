import BluelampCore
import FluentKit
import Foundation

/// Group commit for the audit log (issue 20): appends that are not part of a change — the audit of a read or a
/// refusal — wait here, and one writer appends every entry waiting in one transaction, chained in arrival order.
/// Each caller resumes only when the transaction holding its entries has committed, so a request that reads
/// personal data is answered after its audit entry is durable; and if that transaction fails, every caller in it
/// gets the error (nothing is answered unaudited).
///
/// Under load this turns many small write transactions, each contending for the database's writer, into a few
/// larger ones. An entry for a change is still written in the change's own transaction (`AuditLog.append` on the
/// transaction's database), never here.
public actor AuditWriter {
    private struct Waiting {
        var items: [(draft: AuditDraft, at: Date)]
        var continuation: CheckedContinuation<[AuditEntry], any Error>
    }

    private let database: @Sendable () -> any Database
    /// The application's SQLite write gate, which this writer's transactions pass and its use cases' share.
    public nonisolated let gate: SQLiteWriteGate?
    private var waiting: [Waiting] = []
    private var writing = false
    /// The most entries one transaction takes; the rest wait for the next.
    private let batchLimit: Int
    /// How many transactions and entries this writer has committed (for `bluelamp bench` and tests).
    public private(set) var commits = 0
    public private(set) var entries = 0

    /// `database` gives the handle to write on (the application's, outside any transaction).
    public init(
        batchLimit: Int = 500, gate: SQLiteWriteGate? = nil, database: @escaping @Sendable () -> any Database
    ) {
        self.batchLimit = batchLimit
        self.gate = gate
        self.database = database
    }

    /// Appends `drafts` (all at `at`) with whatever else is waiting; returns once they are committed.
    @discardableResult
    public func append(_ drafts: [AuditDraft], at: Date) async throws -> [AuditEntry] {
        guard !drafts.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiting(items: drafts.map { ($0, at) }, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            var batch: [Waiting] = []
            var count = 0
            while let next = waiting.first, batch.isEmpty || count + next.items.count <= batchLimit {
                batch.append(waiting.removeFirst())
                count += next.items.count
            }
            do {
                let written = try await AuditLog.append(batch.flatMap(\.items), on: database(), gate: gate)
                commits += 1
                entries += written.count
                var offset = 0
                for request in batch {
                    let n = request.items.count
                    request.continuation.resume(returning: Array(written[offset..<offset + n]))
                    offset += n
                }
            } catch {
                for request in batch { request.continuation.resume(throwing: error) }
            }
        }
        writing = false
    }
}
