import Foundation

/// One data row of a police.uk file, as the reader hands it over.
public enum PoliceUKRow: Sendable, Hashable {
    case street(PoliceUKStreetRecord, line: Int)
    case outcome(PoliceUKOutcomeRecord, line: Int)
    case rejected(PoliceUKRejectedRow)

    public var line: Int {
        switch self {
        case .street(_, let line), .outcome(_, let line): line
        case .rejected(let row): row.line
        }
    }
}

/// A row that cannot be imported, with every problem found in it.
public struct PoliceUKRejectedRow: Sendable, Hashable {
    public var line: Int
    public var errors: [FileProblem]
    /// The row's fields when the CSV could be read (for a rejects file); nil when the CSV itself was broken.
    public var fields: [String]?

    public init(line: Int, errors: [FileProblem], fields: [String]?) {
        self.line = line
        self.errors = errors
        self.fields = fields
    }
}

/// What reading a whole file found.
public struct PoliceUKFileSummary: Sendable, Hashable {
    /// nil when the header was not a street or outcomes header (or the file was empty).
    public var kind: PoliceUKFileKind?
    /// Data rows read, good and bad (the header is not counted).
    public var rowCount = 0
    public var acceptedCount = 0
    public var rejectedCount = 0
    /// Accepted street rows that are crimes (any crime type but anti-social behaviour).
    public var crimeCount = 0
    /// Accepted street rows that are anti-social behaviour incidents.
    public var incidentCount = 0
    /// Accepted outcomes rows.
    public var outcomeCount = 0
    /// The earliest and latest `Month` among accepted rows.
    public var firstMonth: PoliceUKMonth?
    public var lastMonth: PoliceUKMonth?
    /// Problems with the file as a whole: empty, no rows, a header of another format.
    public var fileErrors: [FileProblem] = []
    /// Every row problem and file problem, in order, up to `PoliceUKFileReader.Options.maxErrorsKept`.
    public var errors: [FileProblem] = []
    /// How many problems there were in all, including any beyond those kept in `errors`.
    public var errorCount = 0

    public init() {}

    /// True when the file can be imported as a whole: a known header, at least one row, no rejected row.
    public var isClean: Bool { fileErrors.isEmpty && rejectedCount == 0 && kind != nil }
}

/// Reads a police.uk street or outcomes file fed in chunks of bytes, validating every row.
///
/// Memory stays bounded as the file streams through: the CSV reader keeps one row at a time, and the
/// only state that grows is the set of Crime IDs already seen in a street file (32 bytes and a line
/// number per crime), which the conflicting-type check needs. Good rows and rejected rows are handed
/// to the closure in file order; `finish` returns the summary, including the file-level problems.
///
/// ```swift
/// var reader = PoliceUKFileReader()
/// for chunk in chunks { try reader.consume(chunk) { row in … } }
/// let summary = try reader.finish { row in … }
/// ```
///
/// File-level problems: an empty file ("the file is empty"), a header from another format (the rest
/// of the file is then not read), a header and no rows ("the file has a header but no rows"). Row
/// problems: every CSV problem (`CSVRowError`) and every field rule of `PoliceUKRowValidator`, plus,
/// in a street file, a Crime ID seen earlier in the file with a different crime type. police.uk files
/// do repeat a Crime ID with the same type (683 times in shared/data), which is accepted.
public struct PoliceUKFileReader: Sendable {
    public struct Options: Sendable, Hashable {
        public var csvLimits: CSVReader.Limits
        public var rows: PoliceUKRowValidator.Options
        /// How many problems the summary keeps (all are counted, and every rejected row still reaches the closure).
        public var maxErrorsKept: Int

        public init(
            csvLimits: CSVReader.Limits = CSVReader.Limits(), rows: PoliceUKRowValidator.Options = .unitedKingdom,
            maxErrorsKept: Int = 1000
        ) {
            self.csvLimits = csvLimits
            self.rows = rows
            self.maxErrorsKept = maxErrorsKept
        }
    }

    public let options: Options

    // Held in optionals so `consume` can move them out while the CSV reader calls back into the
    // validation state (Swift's exclusive access forbids touching `self` inside that callback).
    private var csv: CSVReader?
    private var state: State?

    public init(options: Options = Options()) {
        self.options = options
        self.csv = CSVReader(limits: options.csvLimits)
        self.state = State(options: options)
    }

    /// The summary so far.
    public var summary: PoliceUKFileSummary { state?.summary ?? PoliceUKFileSummary() }

    /// Reads a chunk, handing every row it completes to `body`.
    public mutating func consume(_ chunk: some ContiguousBytes, _ body: (PoliceUKRow) throws -> Void) rethrows {
        guard var reader = csv, var state = state else { preconditionFailure("PoliceUKFileReader used after finish") }
        if state.headerRejected { return }
        csv = nil
        self.state = nil
        defer {
            csv = reader
            self.state = state
        }
        try reader.consume(chunk) { row in try state.handle(row, body) }
    }

    /// Ends the file, hands over its last row, and returns the summary.
    public mutating func finish(_ body: (PoliceUKRow) throws -> Void) rethrows -> PoliceUKFileSummary {
        guard var reader = csv, var state = state else { preconditionFailure("PoliceUKFileReader.finish twice") }
        csv = nil
        self.state = nil
        if !state.headerRejected {
            try reader.finish { row in try state.handle(row, body) }
        }
        state.finish(byteCount: reader.byteCount)
        return state.summary
    }

    // MARK: - Validation state

    private struct State: Sendable {
        let options: Options
        var summary = PoliceUKFileSummary()
        var validator: PoliceUKRowValidator?
        var headerSeen = false
        var headerRejected = false
        /// Crime ID → (crime type, line) of its first accepted row, for the conflicting-type check.
        var seenCrimeIDs: [CrimeIDKey: (PoliceUKCrimeType, Int)] = [:]

        init(options: Options) {
            self.options = options
            seenCrimeIDs.reserveCapacity(4096)
        }

        mutating func handle(_ row: CSVRow, _ body: (PoliceUKRow) throws -> Void) rethrows {
            guard headerSeen else {
                readHeader(row)
                return
            }
            guard let validator else { return }
            summary.rowCount += 1
            switch row {
            case .failure(let csvError):
                let field = csvError.column.map { column in
                    column <= validator.kind.header.count ? validator.kind.header[column - 1] : "column \(column)"
                }
                try reject(
                    PoliceUKRejectedRow(
                        line: csvError.line,
                        errors: [FileProblem(line: csvError.line, field: field, reason: csvError.reason)],
                        fields: nil), body)
            case .success(let record):
                switch validator.kind {
                case .street:
                    switch validator.streetRecord(record.fields, line: record.line) {
                    case .success(let street):
                        if let conflict = conflict(street, line: record.line) {
                            try reject(
                                PoliceUKRejectedRow(line: record.line, errors: [conflict], fields: record.fields), body)
                        } else {
                            accept(month: street.month)
                            if street.isIncident { summary.incidentCount += 1 } else { summary.crimeCount += 1 }
                            try body(.street(street, line: record.line))
                        }
                    case .failure(let problems):
                        try reject(
                            PoliceUKRejectedRow(line: record.line, errors: problems.errors, fields: record.fields), body
                        )
                    }
                case .outcomes:
                    switch validator.outcomeRecord(record.fields, line: record.line) {
                    case .success(let outcome):
                        accept(month: outcome.month)
                        summary.outcomeCount += 1
                        try body(.outcome(outcome, line: record.line))
                    case .failure(let problems):
                        try reject(
                            PoliceUKRejectedRow(line: record.line, errors: problems.errors, fields: record.fields), body
                        )
                    }
                }
            }
        }

        mutating func readHeader(_ row: CSVRow) {
            headerSeen = true
            switch row {
            case .failure(let csvError):
                fileError(line: csvError.line, "the header cannot be read: \(csvError.reason)")
            case .success(let record):
                if let kind = PoliceUKFileKind(header: record.fields) {
                    summary.kind = kind
                    validator = PoliceUKRowValidator(kind: kind, options: options.rows)
                } else if record.fields == PoliceUKFileKind.stopAndSearchHeader {
                    fileError(
                        line: record.line, "this is a police.uk stop-and-search file, not a street or outcomes file")
                } else {
                    fileError(line: record.line, "the header is not a police.uk street or outcomes header")
                }
            }
            if validator == nil { headerRejected = true }
        }

        mutating func finish(byteCount: Int) {
            if byteCount == 0 {
                fileError(line: nil, "the file is empty")
            } else if summary.kind != nil && summary.rowCount == 0 {
                fileError(line: nil, "the file has a header but no rows")
            }
        }

        /// The error for a street row whose Crime ID appeared earlier with another crime type.
        mutating func conflict(_ street: PoliceUKStreetRecord, line: Int) -> FileProblem? {
            guard let id = street.crimeID, let key = CrimeIDKey(id) else { return nil }
            if let (firstType, firstLine) = seenCrimeIDs[key] {
                guard firstType != street.crimeType else { return nil }
                return FileProblem(
                    line: line, field: "Crime type",
                    reason:
                        "\"\(street.crimeType.rawValue)\", but Crime ID \(id) is \"\(firstType.rawValue)\" on line \(firstLine)"
                )
            }
            seenCrimeIDs[key] = (street.crimeType, line)
            return nil
        }

        mutating func accept(month: PoliceUKMonth) {
            summary.acceptedCount += 1
            if summary.firstMonth.map({ month < $0 }) ?? true { summary.firstMonth = month }
            if summary.lastMonth.map({ month > $0 }) ?? true { summary.lastMonth = month }
        }

        mutating func reject(_ row: PoliceUKRejectedRow, _ body: (PoliceUKRow) throws -> Void) rethrows {
            summary.rejectedCount += 1
            for error in row.errors { keep(error) }
            try body(.rejected(row))
        }

        mutating func fileError(line: Int?, _ reason: String) {
            let error = FileProblem(line: line, field: nil, reason: reason)
            summary.fileErrors.append(error)
            keep(error)
        }

        mutating func keep(_ error: FileProblem) {
            summary.errorCount += 1
            if summary.errors.count < options.maxErrorsKept { summary.errors.append(error) }
        }
    }
}

/// A police.uk Crime ID (64 hexadecimal characters, a SHA-256) held in 32 bytes rather than as text.
struct CrimeIDKey: Hashable, Sendable {
    let a: UInt64, b: UInt64, c: UInt64, d: UInt64

    init?(_ text: String) {
        guard
            let words = PoliceUKRowValidator.withUTF8(
                text,
                { bytes -> (UInt64, UInt64, UInt64, UInt64)? in
                    guard bytes.count == 64 else { return nil }
                    func word(_ start: Int) -> UInt64? {
                        var value: UInt64 = 0
                        var index = start
                        while index < start + 16 {
                            let byte = bytes[index]
                            let nibble: UInt8
                            if byte >= 0x30 && byte <= 0x39 {  // 0-9
                                nibble = byte - 0x30
                            } else if byte >= 0x61 && byte <= 0x66 {  // a-f
                                nibble = byte - 0x61 + 10
                            } else if byte >= 0x41 && byte <= 0x46 {  // A-F
                                nibble = byte - 0x41 + 10
                            } else {
                                return nil
                            }
                            value = value << 4 | UInt64(nibble)
                            index += 1
                        }
                        return value
                    }
                    guard let a = word(0), let b = word(16), let c = word(32), let d = word(48) else { return nil }
                    return (a, b, c, d)
                })
        else { return nil }
        (a, b, c, d) = words
    }
}

// MARK: - Reading a whole file in memory

/// Everything read from one file, for uploads, tests and small files. The importer streams instead.
public struct PoliceUKFileReport: Sendable, Hashable {
    public var summary: PoliceUKFileSummary
    public var streetRecords: [PoliceUKStreetRecord] = []
    public var outcomeRecords: [PoliceUKOutcomeRecord] = []
    public var rejectedRows: [PoliceUKRejectedRow] = []

    /// Every problem: file problems first, then each rejected row's, in line order.
    public var errors: [FileProblem] {
        summary.fileErrors + rejectedRows.flatMap(\.errors)
    }
}

extension PoliceUKFileReader {
    /// Reads a whole file held in memory.
    public static func read(_ bytes: some ContiguousBytes, options: Options = Options()) -> PoliceUKFileReport {
        var reader = PoliceUKFileReader(options: options)
        var streets: [PoliceUKStreetRecord] = []
        var outcomes: [PoliceUKOutcomeRecord] = []
        var rejected: [PoliceUKRejectedRow] = []
        let collect = { (row: PoliceUKRow) in
            switch row {
            case .street(let record, _): streets.append(record)
            case .outcome(let record, _): outcomes.append(record)
            case .rejected(let row): rejected.append(row)
            }
        }
        reader.consume(bytes, collect)
        let summary = reader.finish(collect)
        return PoliceUKFileReport(
            summary: summary, streetRecords: streets, outcomeRecords: outcomes, rejectedRows: rejected)
    }
}
