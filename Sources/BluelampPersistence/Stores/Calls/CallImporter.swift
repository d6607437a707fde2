import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// What importing one calls file did.
public struct CallImportReport: Sendable {
    public enum Status: String, Sendable {
        /// The calls were written (with `skipBad`, the good ones).
        case imported
        /// A file with the same bytes was imported before: nothing changed.
        case alreadyImported = "already imported"
        /// A bad row or a bad header: nothing was written.
        case refused
    }

    public var fileName: String
    public var sha256: String
    public var status: Status
    /// Rows read, the header not counted.
    public var rows = 0
    /// Calls written: rows good and not already held from an earlier, overlapping file.
    public var calls = 0
    public var rejected = 0
    public var seconds: Double = 0
    /// Every problem in line order, up to `CallImporter.maxErrorsKept`.
    public var errors: [FileProblem] = []
    public var errorCount = 0
    public var batchID: Int?

    /// One line for the command.
    public var summary: String {
        let counts =
            "\(rows) rows, \(calls) new calls, \(rejected) rejected, " + String(format: "%.2f s", seconds)
        switch status {
        case .imported: return "\(fileName): \(counts)"
        case .alreadyImported: return "\(fileName): already imported (batch \(batchID ?? 0)); nothing changed"
        case .refused:
            return
                "\(fileName): refused, nothing written: \(counts), \(errorCount) problem\(errorCount == 1 ? "" : "s")"
        }
    }
}

/// A row a calls import rejected: its line, its fields as read, and every problem.
public struct CallRejectedRow: Sendable {
    public var line: Int
    public var fields: [String]?
    public var problems: [FileProblem]
}

/// Imports calls files (issue 18) with the police.uk import's guarantees (`PoliceUKImporter`):
///
/// - **All or nothing**: one transaction per file; a file with any bad row writes nothing, and every problem is
///   reported with its line, field and reason. With `skipBad` the good rows are written and each rejected row is
///   handed to `rejected`. A bad header refuses the file whatever `skipBad` says.
/// - **Idempotent**: the SHA-256 of the file's bytes is recorded, so the same file again changes nothing; a call id
///   already held (an overlapping export) is skipped, never duplicated.
/// - **Memory**: one chunk of the file and one batch of rows at a time.
public enum CallImporter {
    public static let maxErrorsKept = 1000
    static let batchSize = 2000

    /// Rolls the file's transaction back.
    private struct Refused: Error {}

    /// Imports the calls file at `path`. `beforeCommit` runs inside the file's transaction once its rows are written
    /// (the caller's audit entry), with the batch's id.
    public static func importFile(
        path: String, skipBad: Bool, importedBy: String, now: Date, on database: any Database,
        rejected: (@Sendable (CallRejectedRow) -> Void)? = nil,
        beforeCommit: @escaping @Sendable (any Database, Int, CallImportReport) async throws -> Void
    ) async throws -> CallImportReport {
        let started = Date()
        let source = ByteSource.file(path: path)
        let (sha, _) = try PoliceUKImporter.fingerprint(source)
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        var report = CallImportReport(fileName: fileName, sha256: sha, status: .imported)
        let sql = database as! any SQLDatabase
        if let existing = try await sql.select().column("id").from(CallStore.batchesTable)
            .where("sha256", .equal, sha).first(decodingColumn: "id", as: Int.self)
        {
            report.status = .alreadyImported
            report.batchID = existing
            report.seconds = Date().timeIntervalSince(started)
            return report
        }

        let initial = report
        let finished: CallImportReport
        do {
            finished = try await BulkInserter.largeCacheTransaction(on: database) { db in
                let sql = db as! any SQLDatabase
                var report = initial
                try await sql.insert(into: CallStore.batchesTable)
                    .columns("imported_at", "imported_by", "file_name", "sha256", "rows", "calls", "rejected")
                    .values(
                        SQLBind(now), SQLBind(importedBy), SQLBind(fileName), SQLBind(sha), SQLBind(0), SQLBind(0),
                        SQLBind(0)
                    )
                    .run()
                guard
                    let batchID = try await sql.select().column("id").from(CallStore.batchesTable)
                        .where("sha256", .equal, sha).first(decodingColumn: "id", as: Int.self)
                else { throw Refused() }

                var writing = true
                var pending: [CallRecord] = []
                let bulk = BulkInserter(sql)
                func flush(all: Bool) async throws {
                    guard writing, pending.count >= (all ? 1 : batchSize) else { return }
                    try await bulk.insert(
                        into: CallStore.callsTable, columns: CallStore.columns,
                        rows: pending.map { CallStore.values($0, batchID: batchID) },
                        conflict: "ON CONFLICT (call_id) DO NOTHING")
                    pending.removeAll(keepingCapacity: true)
                }
                var csv = CSVReader()
                var calls = CallsFileReader()
                func take(_ row: CallsFileRow) {
                    switch row {
                    case .call(let call, _):
                        report.rows += 1
                        if writing { pending.append(call) }
                    case .rejected(let line, let fields, let problems):
                        report.errorCount += problems.count
                        for problem in problems where report.errors.count < maxErrorsKept {
                            report.errors.append(problem)
                        }
                        // A bad header refuses the whole file, whatever skipBad says.
                        if !calls.headerProblems.isEmpty {
                            writing = false
                            return
                        }
                        report.rows += 1
                        report.rejected += 1
                        rejected?(CallRejectedRow(line: line, fields: fields, problems: problems))
                        if !skipBad { writing = false }
                    }
                }

                let reader = try source.open()
                defer { try? reader.close() }
                var rows: [CallsFileRow] = []
                while let chunk = try reader.next() {
                    csv.consume(chunk) { if let row = calls.read($0) { rows.append(row) } }
                    rows.forEach(take)
                    rows.removeAll(keepingCapacity: true)
                    try await flush(all: false)
                }
                csv.finish { if let row = calls.read($0) { rows.append(row) } }
                if csv.recordCount == 0 {
                    take(
                        .rejected(
                            line: 1, fields: nil,
                            problems: [
                                FileProblem(
                                    line: 1, field: nil,
                                    reason: "the file is empty; expected the header "
                                        + CallsFileReader.columns.joined(separator: ","))
                            ]))
                    writing = false
                }
                rows.forEach(take)
                try await flush(all: true)
                guard writing else { throw RefusedWith(report: report) }

                report.calls = try await CallStore.count(batchID: batchID, on: sql)
                report.batchID = batchID
                try await sql.update(CallStore.batchesTable)
                    .set("rows", to: report.rows).set("calls", to: report.calls)
                    .set("rejected", to: report.rejected)
                    .where("id", .equal, batchID).run()
                try await beforeCommit(db, batchID, report)
                return report
            }
        } catch let refused as RefusedWith {
            var report = refused.report
            report.status = .refused
            report.calls = 0
            report.batchID = nil
            report.seconds = Date().timeIntervalSince(started)
            return report
        }
        var done = finished
        done.seconds = Date().timeIntervalSince(started)
        return done
    }

    /// Rolls the file's transaction back, carrying what was found.
    private struct RefusedWith: Error {
        var report: CallImportReport
    }
}
