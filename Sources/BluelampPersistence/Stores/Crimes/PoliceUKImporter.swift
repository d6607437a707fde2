import BluelampCore
import Crypto
import FluentKit
import Foundation
import SQLKit

/// What importing one police.uk file did.
public struct PoliceUKImportReport: Sendable {
    public enum Status: String, Sendable {
        /// The rows were written (with `--skip-bad`, the good ones).
        case imported
        /// A file with the same bytes was imported before: nothing changed.
        case alreadyImported = "already imported"
        /// A bad row or a file problem: nothing was written.
        case refused
    }

    public var fileName: String
    public var sha256: String
    public var kind: PoliceUKFileKind?
    public var status: Status
    public var rows = 0
    public var crimes = 0
    public var incidents = 0
    public var outcomes = 0
    /// Of `outcomes`, those whose crime is not held: kept against their Crime ID, linked when it arrives.
    public var outcomesHeld = 0
    /// Outcomes held from earlier files that this file's street rows linked to their crimes.
    public var outcomesLinked = 0
    public var rejected = 0
    public var seconds: Double = 0
    /// Every problem, file problems first and then in line order, up to the importer's limit.
    public var errors: [FileProblem] = []
    /// How many problems there were in all.
    public var errorCount = 0
    /// The import batch, when rows were written or the file was imported before.
    public var batchID: Int?

    /// One line for the command and the page.
    public var summary: String {
        var counts = "\(rows) rows, \(crimes) crimes, \(incidents) incidents, \(outcomes) outcomes"
        if outcomesHeld > 0 {
            counts += " (\(outcomesHeld) \(outcomesHeld == 1 ? "outcome of a crime" : "outcomes of crimes") not held"
            if status == .imported {
                counts += ": kept until \(outcomesHeld == 1 ? "its crime is" : "their crimes are") imported"
            }
            counts += ")"
        }
        if outcomesLinked > 0 {
            counts +=
                ", \(outcomesLinked) held \(outcomesLinked == 1 ? "outcome" : "outcomes") linked to \(outcomesLinked == 1 ? "its crime" : "their crimes")"
        }
        counts += ", \(rejected) rejected, " + String(format: "%.2f s", seconds)
        switch status {
        case .imported: return "\(fileName): \(counts)"
        case .alreadyImported: return "\(fileName): already imported (batch \(batchID ?? 0)); nothing changed"
        case .refused:
            return
                "\(fileName): refused, nothing written: \(counts), \(errorCount) problem\(errorCount == 1 ? "" : "s")"
        }
    }
}

/// Imports police.uk street and outcomes files, streaming, one transaction per file.
///
/// - **All or nothing**: a file with any bad row writes nothing, and every problem is reported with its
///   line, field and reason. With `skipBad`, the good rows are written and each rejected row is handed
///   to `rejected` (the command writes them to a file).
/// - **Idempotent**: the SHA-256 of the file's decompressed bytes is recorded, so the same file
///   (plain or gzip) imported again changes nothing. Each row also has an identity
///   (`PoliceUKRowIdentity`), so an overlapping file — police.uk re-issues months with newer outcomes —
///   adds no duplicate: a street row already held gets the newer last outcome, an outcome row already
///   held is skipped.
/// - **Street rows**: crimes, except anti-social behaviour, which becomes an incident. The borough and
///   BCU come from the LSOA name. **Outcome rows** attach to the crime with that Crime ID.
/// - **Outcomes of crimes not held**: a month's outcomes file holds the outcomes recorded that month,
///   mostly for crimes reported in earlier months. An outcome whose crime is not held is kept against
///   its Crime ID (no crime), exported with its month as any other, and linked to its crime when a
///   street file brings that crime: each street file ends by linking every held outcome it can, in one
///   statement (`OutcomeRow.linkHeldOutcomes`). So the files of any months may come in any order.
/// - **Memory**: one chunk of the file and one batch of rows at a time.
public enum PoliceUKImporter {
    public struct Options: Sendable {
        public var skipBad: Bool
        public var importedBy: String
        public var now: Date
        /// Rows written per statement batch.
        public var batchSize: Int
        /// Problems kept in the report (all are counted).
        public var maxErrorsKept: Int
        /// Run inside the file's transaction once its rows are written, with the batch it wrote (the caller's audit
        /// entry, so the import and its record commit together or not at all).
        public var beforeCommit: (@Sendable (any Database, ImportedBatch) async throws -> Void)?
        /// The smallest file, in expected rows, for which the street tables' search indexes are dropped and
        /// built again at the end (`DeferredIndexes`); tests lower it to take that path with small files.
        var deferIndexesFromRows = DeferredIndexes.minimumRows

        public init(
            skipBad: Bool = false, importedBy: String, now: Date, batchSize: Int = 2000, maxErrorsKept: Int = 1000,
            beforeCommit: (@Sendable (any Database, ImportedBatch) async throws -> Void)? = nil
        ) {
            self.skipBad = skipBad
            self.importedBy = importedBy
            self.now = now
            self.batchSize = batchSize
            self.maxErrorsKept = maxErrorsKept
            self.beforeCommit = beforeCommit
        }
    }

    /// A file's batch as written, for `Options.beforeCommit`.
    public struct ImportedBatch: Sendable {
        public var id: Int
        public var rows: Int
        public var rejected: Int
    }

    /// Imports a file (plain or gzip) by path.
    public static func importFile(
        path: String, fileName: String? = nil, options: Options, on database: any Database,
        progress: (@Sendable (Int, Int) -> Void)? = nil, rejected: (@Sendable (PoliceUKRejectedRow) -> Void)? = nil
    ) async throws -> PoliceUKImportReport {
        try await run(
            source: .file(path: path), fileName: fileName ?? URL(fileURLWithPath: path).lastPathComponent,
            options: options,
            on: database, progress: progress, rejected: rejected)
    }

    /// Imports a file held in memory (an upload; plain or gzip).
    public static func importData(
        _ data: Data, fileName: String, options: Options, on database: any Database,
        rejected: (@Sendable (PoliceUKRejectedRow) -> Void)? = nil
    ) async throws -> PoliceUKImportReport {
        try await run(
            source: .memory(data), fileName: fileName, options: options, on: database, progress: nil, rejected: rejected
        )
    }

    /// The SHA-256 (hex) and size of a source's decompressed bytes.
    static func fingerprint(_ source: ByteSource) throws -> (sha256: String, bytes: Int) {
        let reader = try source.open()
        defer { try? reader.close() }
        var hasher = SHA256()
        var bytes = 0
        while let chunk = try reader.next() {
            hasher.update(data: chunk)
            bytes += chunk.count
        }
        return (Hex.string(hasher.finalize()), bytes)
    }

    /// Rolls the file's transaction back.
    private struct Refused: Error {}

    static func run(
        source: ByteSource, fileName: String, options: Options, on database: any Database,
        progress: (@Sendable (Int, Int) -> Void)?, rejected: (@Sendable (PoliceUKRejectedRow) -> Void)?
    ) async throws -> PoliceUKImportReport {
        let started = Date()
        let (sha, totalBytes) = try fingerprint(source)
        var report = PoliceUKImportReport(fileName: fileName, sha256: sha, status: .imported)
        if let existing = try await ImportBatch.query(on: database).filter(\.$sha256 == sha).first() {
            report.status = .alreadyImported
            report.batchID = existing.id
            report.kind = PoliceUKFileKind(rawValue: existing.kind)
            report.seconds = Date().timeIntervalSince(started)
            return report
        }

        // About 150 bytes a row in police.uk's files.
        let state = ImportState(options: options, rejected: rejected, expectedRows: totalBytes / 150)
        do {
            try await BulkInserter.largeCacheTransaction(on: database) { db in
                let sql = db as! any SQLDatabase
                let batch = ImportBatch()
                batch.importedAt = options.now
                batch.importedBy = options.importedBy
                batch.fileName = fileName
                batch.sha256 = sha
                batch.kind = "unknown"
                batch.rows = 0
                batch.crimes = 0
                batch.incidents = 0
                batch.outcomes = 0
                batch.outcomesHeld = 0
                batch.outcomesLinked = 0
                batch.rejected = 0
                batch.seconds = 0
                try await batch.create(on: db)
                state.batchID = try batch.requireID()

                let reader = try source.open()
                defer { try? reader.close() }
                var fileReader = PoliceUKFileReader(
                    options: PoliceUKFileReader.Options(maxErrorsKept: options.maxErrorsKept))
                var pending: [PoliceUKRow] = []
                var consumed = 0
                let summary: PoliceUKFileSummary
                do {
                    while let chunk = try reader.next() {
                        fileReader.consume(chunk) { pending.append($0) }
                        state.receive(pending)
                        pending.removeAll(keepingCapacity: true)
                        try await state.flush(on: sql, all: false)
                        consumed += chunk.count
                        progress?(consumed, totalBytes)
                    }
                    summary = fileReader.finish { pending.append($0) }
                    state.receive(pending)
                    try await state.flush(on: sql, all: true)
                    try await state.finishWriting()
                    // A refused file rolls back, indexes and all.
                    if state.writing { try await state.deferredIndexes?.restore(on: sql) }
                    // After the indexes are back: the link finds each crime through its Crime ID's index.
                    if state.writing && state.crimes > 0 {
                        state.outcomesLinked = try await OutcomeRow.linkHeldOutcomes(on: sql)
                    }
                } catch {
                    // Nothing may still be writing on the connection when the transaction rolls back.
                    try? await state.finishWriting()
                    throw error
                }
                progress?(totalBytes, totalBytes)

                state.finish(summary)
                guard state.writing else { throw Refused() }
                batch.kind = summary.kind?.rawValue ?? "unknown"
                batch.rows = summary.rowCount
                batch.crimes = state.crimes
                batch.incidents = state.incidents
                batch.outcomes = state.outcomes
                batch.outcomesHeld = state.outcomesHeld
                batch.outcomesLinked = state.outcomesLinked
                batch.rejected = state.rejectedCount
                batch.seconds = Date().timeIntervalSince(started)
                try await batch.update(on: db)
                try await options.beforeCommit?(
                    db, ImportedBatch(id: try batch.requireID(), rows: summary.rowCount, rejected: state.rejectedCount))
            }
        } catch is Refused {
            report.status = .refused
        }
        report.kind = state.kind
        report.rows = state.rows
        report.crimes = state.crimes
        report.incidents = state.incidents
        report.outcomes = state.outcomes
        report.outcomesHeld = state.outcomesHeld
        report.outcomesLinked = report.status == .imported ? state.outcomesLinked : 0
        report.rejected = state.rejectedCount
        report.errors = state.sortedErrors
        report.errorCount = state.errorCount
        report.batchID = report.status == .imported ? state.batchID : nil
        report.seconds = Date().timeIntervalSince(started)
        return report
    }
}

/// What one file's import holds while it streams.
private final class ImportState: @unchecked Sendable {
    let options: PoliceUKImporter.Options
    let rejectedSink: (@Sendable (PoliceUKRejectedRow) -> Void)?
    var batchID: Int?
    var kind: PoliceUKFileKind?
    var identity = PoliceUKRowIdentity()

    /// False once a bad row is seen without `skipBad`: from then on rows are only checked, never written.
    var writing = true
    var rows = 0
    var crimes = 0
    var incidents = 0
    var outcomes = 0
    var outcomesHeld = 0
    var outcomesLinked = 0
    var rejectedCount = 0
    var fileErrors: [FileProblem] = []
    var rowErrors: [FileProblem] = []
    var errorCount = 0

    var pendingCrimes: [CrimeRow] = []
    var pendingIncidents: [IncidentRow] = []
    var pendingOutcomes: [(record: PoliceUKOutcomeRecord, line: Int, key: String)] = []

    init(options: PoliceUKImporter.Options, rejected: (@Sendable (PoliceUKRejectedRow) -> Void)?, expectedRows: Int) {
        self.options = options
        self.rejectedSink = rejected
        self.expectedRows = expectedRows
    }

    /// The file's rows, estimated from its size.
    let expectedRows: Int
    /// The street tables' search indexes, when the file is most of what they will hold: dropped before
    /// its first street rows are written and built again at the end (`DeferredIndexes`).
    var deferredIndexes: DeferredIndexes?

    func receive(_ rows: [PoliceUKRow]) {
        for row in rows {
            self.rows += 1
            switch row {
            case .street(let record, let line):
                let (key, reference) = identity.identify(record)
                if let category = record.crimeType.category {
                    crimes += 1
                    if writing {
                        pendingCrimes.append(
                            CrimeRow(
                                street: record, category: category, reference: reference, rowKey: key,
                                batchID: batchID, line: line))
                    }
                } else {
                    incidents += 1
                    if writing {
                        pendingIncidents.append(IncidentRow(record: record, rowKey: key, batchID: batchID, line: line))
                    }
                }
            case .outcome(let record, let line):
                // Held or attached once its crime is looked for (see `flush`).
                pendingOutcomes.append((record, line, identity.key(for: record)))
            case .rejected(let bad):
                reject(bad)
            }
        }
    }

    func reject(_ row: PoliceUKRejectedRow) {
        rejectedCount += 1
        for error in row.errors { keep(error, file: false) }
        rejectedSink?(row)
        if !options.skipBad { stopWriting() }
    }

    func stopWriting() {
        writing = false
        pendingCrimes.removeAll()
        pendingIncidents.removeAll()
    }

    func keep(_ error: FileProblem, file: Bool) {
        errorCount += 1
        if fileErrors.count + rowErrors.count < options.maxErrorsKept {
            if file { fileErrors.append(error) } else { rowErrors.append(error) }
        }
    }

    var sortedErrors: [FileProblem] {
        // By line, keeping each row's problems in column order (unknown Crime IDs are found in batches).
        fileErrors
            + rowErrors.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
            .map(\.element)
    }

    func finish(_ summary: PoliceUKFileSummary) {
        kind = summary.kind
        for error in summary.fileErrors { keep(error, file: true) }
        if !summary.fileErrors.isEmpty { stopWriting() }
        // A file problem refuses the file even with skipBad: there is nothing good to keep.
        if !summary.fileErrors.isEmpty { writing = false }
    }

    /// The street rows' write under way, if any. Street rows are written while the next chunk of the
    /// file is read and checked, so reading and writing use both cores; every other use of the
    /// connection waits for it first (`finishWriting`), so the connection is only ever used by one.
    private var streetWrite: Task<Void, any Error>?

    /// Waits for the street rows' write under way, throwing its error.
    func finishWriting() async throws {
        let write = streetWrite
        streetWrite = nil
        try await write?.value
    }

    func flush(on sql: any SQLDatabase, all: Bool) async throws {
        let size = options.batchSize
        var crimes: [CrimeRow] = []
        var incidents: [IncidentRow] = []
        if writing && (all || pendingCrimes.count >= size) {
            swap(&crimes, &pendingCrimes)
        }
        if writing && (all || pendingIncidents.count >= size) {
            swap(&incidents, &pendingIncidents)
        }
        if !crimes.isEmpty || !incidents.isEmpty {
            // Made ready while the write before is still under way.
            let preparedCrimes = crimes.isEmpty ? nil : CrimeRow.prepare(crimes, on: sql)
            let preparedIncidents = incidents.isEmpty ? nil : IncidentRow.prepare(incidents, on: sql)
            try await finishWriting()
            if deferredIndexes == nil {
                deferredIndexes = try await DeferredIndexes.dropIfLoadDominates(
                    tables: ["crimes", "incidents"], expectedRows: expectedRows,
                    minimumRows: options.deferIndexesFromRows, on: sql)
            }
            streetWrite = Task {
                if let preparedCrimes {
                    try await CrimeRow.insert(prepared: preparedCrimes, on: sql, upsertOnRowKey: true)
                }
                if let preparedIncidents { try await IncidentRow.insert(prepared: preparedIncidents, on: sql) }
            }
        }
        // Outcomes are counted (held or attached) even when nothing more will be written, so a refused
        // file's report says what it held.
        if !pendingOutcomes.isEmpty && (all || pendingOutcomes.count >= size) {
            try await finishWriting()
            let found = try await CrimeRow.crimeIDs(for: Set(pendingOutcomes.map(\.record.crimeID)), on: sql)
            var rows: [OutcomeRow] = []
            for (record, line, key) in pendingOutcomes {
                let crimeID = found[record.crimeID]
                outcomes += 1
                if crimeID == nil { outcomesHeld += 1 }
                rows.append(OutcomeRow(record: record, crimeID: crimeID, rowKey: key, batchID: batchID, line: line))
            }
            pendingOutcomes.removeAll(keepingCapacity: true)
            if writing { try await OutcomeRow.insert(rows, on: sql) }
        }
    }
}

/// An import as the imports page lists it.
public struct ImportBatchSummary: Sendable, Hashable {
    public var id: Int
    public var fileName: String
    public var kind: String
    public var importedAt: Date
    public var importedBy: String
    public var rows: Int
    public var crimes: Int
    public var incidents: Int
    public var outcomes: Int
    public var outcomesHeld: Int
    public var outcomesLinked: Int
    public var rejected: Int
}

extension PoliceUKImporter {
    /// The latest imports, newest first; with `beforeID`, those older than that batch (the next page).
    public static func recentBatches(limit: Int = 20, beforeID: Int? = nil, on database: any Database) async throws
        -> [ImportBatchSummary]
    {
        var query = ImportBatch.query(on: database)
        if let beforeID { query = query.filter(\.$id < beforeID) }
        return try await query.sort(\.$id, .descending).limit(limit).all().compactMap { b in
            guard let id = b.id else { return nil }
            return ImportBatchSummary(
                id: id, fileName: b.fileName, kind: b.kind, importedAt: b.importedAt, importedBy: b.importedBy,
                rows: b.rows,
                crimes: b.crimes, incidents: b.incidents, outcomes: b.outcomes, outcomesHeld: b.outcomesHeld,
                outcomesLinked: b.outcomesLinked, rejected: b.rejected)
        }
    }

    /// How many outcomes are held for crimes not (yet) imported, each until its crime's street row arrives.
    public static func outcomesOfCrimesNotHeld(on database: any Database) async throws -> Int {
        try await OutcomeRow.heldCount(on: database as! any SQLDatabase)
    }
}
