import Foundation

/// One record read from a CSV stream: its fields and the line it starts on (the header is line 1).
public struct CSVRecord: Sendable, Hashable {
    /// The physical line the record starts on, counting from 1. A quoted field may span lines, so the
    /// next record can start more than one line later.
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

extension CSVRecord {
    /// `text` as a field of a CSV line, as the reader reads it back: quoted only if it holds a comma, a quote or a
    /// line break, with `""` for a quote inside (police.uk's files, the visit plan, rejects files).
    public static func field(_ text: String) -> String {
        let needsQuotes = PoliceUKRowValidator.withUTF8(text) { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                // A comma, a quote, a line feed or a carriage return.
                if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return true }
                index += 1
            }
            return false
        }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Why a record could not be read. Reading carries on with the next record, except after
/// `unterminatedQuote`, which can only happen at the end of the input.
public struct CSVRowError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The input ends inside a quoted field.
        case unterminatedQuote
        /// A `"` inside a field that did not start with one (RFC 4180 allows quotes only in quoted fields).
        case quoteInUnquotedField
        /// Characters between a closing quote and the next comma or line break.
        case textAfterClosingQuote
        /// A carriage return not followed by a line feed, outside quotes.
        case bareCarriageReturn
        /// The field's bytes are not valid UTF-8.
        case invalidUTF8
        /// A field longer than the limit; its bytes beyond the limit were never kept.
        case fieldTooLong(limit: Int)
        /// A record longer than the limit.
        case recordTooLong(limit: Int)
        /// A record with more fields than the limit.
        case tooManyFields(limit: Int)
        /// An empty line where a record should be.
        case blankLine
        /// A record with a different number of fields from the header. `atEndOfInput` is true when the
        /// record is the last and the input ends without a line break: a truncated file.
        case fieldCount(found: Int, expected: Int, atEndOfInput: Bool)
    }

    /// The line the record starts on.
    public var line: Int
    /// The field, counting from 1, when the problem is in one field.
    public var column: Int?
    public var kind: Kind

    public init(line: Int, column: Int?, kind: Kind) {
        self.line = line
        self.column = column
        self.kind = kind
    }

    /// The reason, without the line and column.
    public var reason: String {
        switch kind {
        case .unterminatedQuote: "the file ends inside a quoted field"
        case .quoteInUnquotedField: "a quote inside a field that is not quoted"
        case .textAfterClosingQuote: "text after the closing quote of a quoted field"
        case .bareCarriageReturn: "a carriage return without a line feed"
        case .invalidUTF8: "not valid UTF-8"
        case .fieldTooLong(let limit): "longer than the limit of \(limit) bytes"
        case .recordTooLong(let limit): "the row is longer than the limit of \(limit) bytes"
        case .tooManyFields(let limit): "the row has more than \(limit) fields"
        case .blankLine: "a blank line"
        case .fieldCount(let found, let expected, let atEnd):
            if atEnd && found < expected {
                "the row is truncated: \(found) of \(expected) fields, and the file ends without a line break"
            } else if found > expected {
                "\(found) fields where the header has \(expected) (an unquoted comma?)"
            } else {
                "\(found) fields where the header has \(expected)"
            }
        }
    }

    public var description: String {
        column.map { "line \(line), column \($0): \(reason)" } ?? "line \(line): \(reason)"
    }
}

/// What the reader hands over for each record: the record, or why it could not be read.
public typealias CSVRow = Result<CSVRecord, CSVRowError>

/// A strict RFC 4180 CSV reader fed bytes in chunks, with memory bounded by its limits: the one CSV reader of
/// Bluelamp's files (police.uk's, the visit planner's, an allocation's assignment), each reporting what it
/// refuses as a `FileProblem`.
///
/// Feed it any chunking of the input (a file read in blocks, a gzip stream, an HTTP body) with
/// `consume(_:_:)`, then call `finish(_:)` once. Each record is handed to the closure as soon as it is
/// complete, so memory holds one record at a time, never the file. The first record is the header:
/// every later record must have as many fields.
///
/// What it accepts: fields separated by commas; records ended by LF or CRLF (the last may have no line
/// break); fields quoted with `"` where they contain a comma, quote or line break, with `""` for a quote
/// inside. A UTF-8 byte order mark at the start is skipped. What it refuses, record by record, carrying
/// on with the next: a quote inside an unquoted field, text after a closing quote, a bare carriage
/// return, invalid UTF-8, a blank line, a field or record over the limits (the excess is skipped, never
/// buffered), and a record whose field count differs from the header's. At the end of the input, an
/// unterminated quoted field is refused too.
public struct CSVReader: Sendable {
    /// Bounds that keep memory constant whatever the input.
    public struct Limits: Sendable, Hashable {
        /// The longest field, in bytes: 1 MiB by default.
        public var maxFieldBytes: Int
        /// The longest record, in bytes: 4 MiB by default.
        public var maxRecordBytes: Int
        /// The most fields in a record: 1,024 by default.
        public var maxFields: Int

        public init(maxFieldBytes: Int = 1 << 20, maxRecordBytes: Int = 4 << 20, maxFields: Int = 1024) {
            self.maxFieldBytes = maxFieldBytes
            self.maxRecordBytes = maxRecordBytes
            self.maxFields = maxFields
        }
    }

    private enum State: UInt8, Sendable {
        case fieldStart
        case unquoted
        case quoted
        /// A quote seen inside a quoted field: either the first of `""` or the closing quote.
        case quoteInQuoted
        /// A carriage return seen outside quotes; a line feed must follow.
        case carriageReturn
    }

    public let limits: Limits
    /// Whether a record with other than the header's number of fields is refused (`fieldCount`). Off, such a
    /// record is handed over as it is, for files whose readers allow short rows (an allocation's assignment,
    /// read the way the benchmark's checker reads it).
    public let checksFieldCount: Bool

    /// The header's field count, once the header has been read.
    public private(set) var expectedFieldCount: Int?
    /// Bytes consumed so far (after any byte order mark).
    public private(set) var byteCount = 0
    /// Records handed over so far, good or bad, the header included.
    public private(set) var recordCount = 0
    /// Bytes of the current, unfinished record held in memory: never more than `limits.maxRecordBytes`.
    public var bufferedByteCount: Int { buffer.count }

    private var state = State.fieldStart
    private var buffer: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var fieldBytes = 0
    private var recordBytes = 0
    private var line = 1
    private var recordLine = 1
    private var problem: CSVRowError?
    private var discarding = false
    private var highBits: UInt8 = 0
    private var recordStarted = false
    private var bomMatched = 0
    private var bomDone = false
    private var finished = false
    /// The last record's fields. A field whose bytes are the same as the field in its column the record before is
    /// that `String` again, not a new one: files repeat most of their values from row to row (police.uk's force
    /// names on every row, its crime types and outcomes on runs of rows), and comparing bytes costs less than
    /// allocating a string for each.
    private var previousFields: [String] = []

    public init(limits: Limits = Limits(), checksFieldCount: Bool = true) {
        self.limits = limits
        self.checksFieldCount = checksFieldCount
        buffer.reserveCapacity(1024)
        fieldEnds.reserveCapacity(16)
    }

    // MARK: - Feeding

    /// Reads a chunk of the input, handing every record it completes to `body`.
    public mutating func consume(_ chunk: some ContiguousBytes, _ body: (CSVRow) throws -> Void) rethrows {
        precondition(!finished, "CSVReader.consume after finish")
        try chunk.withUnsafeBytes { raw in
            try consumeBytes(raw, body)
        }
    }

    /// Ends the input, handing over the last record if the input did not end with a line break.
    public mutating func finish(_ body: (CSVRow) throws -> Void) rethrows {
        precondition(!finished, "CSVReader.finish twice")
        if !bomDone && bomMatched > 0 {
            // A partial byte order mark at the very end is data.
            let partial: [UInt8] = Array([0xEF, 0xBB][0..<bomMatched])
            bomDone = true
            try partial.withUnsafeBytes { try scan($0, body) }
        }
        finished = true
        switch state {
        case .quoted:
            note(column: fieldEnds.count + 1, .unterminatedQuote)
            try endRecord(atEndOfInput: true, body)
        case .carriageReturn:
            // A carriage return as the very last byte ends the last record.
            endField()
            try endRecord(atEndOfInput: false, body)
        case .fieldStart:
            if recordStarted {
                endField()
                try endRecord(atEndOfInput: true, body)
            }
        case .unquoted, .quoteInQuoted:
            endField()
            try endRecord(atEndOfInput: true, body)
        }
    }

    private mutating func consumeBytes(_ raw: UnsafeRawBufferPointer, _ body: (CSVRow) throws -> Void) rethrows {
        var bytes = raw[...]
        if !bomDone {
            // Skip a UTF-8 byte order mark, which may arrive split across chunks.
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            while !bytes.isEmpty && bomMatched < 3 && bytes.first! == bom[bomMatched] {
                bomMatched += 1
                bytes = bytes.dropFirst()
            }
            if bomMatched == 3 {
                bomDone = true
            } else if !bytes.isEmpty {
                bomDone = true
                if bomMatched > 0 {
                    let partial = Array(bom[0..<bomMatched])
                    try partial.withUnsafeBytes { try scan($0, body) }
                }
            } else {
                return
            }
        }
        try scan(UnsafeRawBufferPointer(rebasing: bytes), body)
    }

    // MARK: - The state machine

    // The four bytes that matter, as literals: in a debug build a literal compiles to a constant,
    // where a `static let` or `UInt8(ascii:)` is a call for every byte read.
    // 0x2C is ",", 0x22 is "\"", 0x0A is "\n", 0x0D is "\r".

    private mutating func scan(_ raw: UnsafeRawBufferPointer, _ body: (CSVRow) throws -> Void) rethrows {
        let count = raw.count
        guard count > 0, let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        byteCount += count
        var i = 0
        while i < count {
            let byte = base[i]
            switch state {
            case .fieldStart, .unquoted:
                if byte == 0x2C {
                    recordStarted = true
                    endField()
                    state = .fieldStart
                    i += 1
                } else if byte == 0x0A {
                    endField()
                    try endRecord(atEndOfInput: false, body)
                    i += 1
                } else if byte == 0x0D {
                    // Not yet the start of a record: a line that is only CRLF is as blank as one that is only LF.
                    state = .carriageReturn
                    i += 1
                } else if byte == 0x22 {
                    recordStarted = true
                    if state == .fieldStart {
                        state = .quoted
                    } else {
                        note(column: fieldEnds.count + 1, .quoteInUnquotedField)
                        append(byte)
                    }
                    i += 1
                } else {
                    // A run of ordinary bytes: find its end and keep it in one go.
                    recordStarted = true
                    state = .unquoted
                    var j = i + 1
                    var bits = byte
                    while j < count {
                        let b = base[j]
                        if b == 0x2C || b == 0x0A || b == 0x0D || b == 0x22 { break }
                        bits |= b
                        j += 1
                    }
                    append(UnsafeBufferPointer(start: base + i, count: j - i), bits: bits)
                    i = j
                }
            case .quoted:
                var j = i
                var bits: UInt8 = 0
                while j < count {
                    let b = base[j]
                    if b == 0x22 { break }
                    if b == 0x0A { line += 1 }
                    bits |= b
                    j += 1
                }
                if j > i { append(UnsafeBufferPointer(start: base + i, count: j - i), bits: bits) }
                if j < count { state = .quoteInQuoted }
                i = j + 1
            case .quoteInQuoted:
                if byte == 0x22 {
                    append(byte)
                    state = .quoted
                } else if byte == 0x2C {
                    endField()
                    state = .fieldStart
                } else if byte == 0x0A {
                    endField()
                    try endRecord(atEndOfInput: false, body)
                } else if byte == 0x0D {
                    state = .carriageReturn
                } else {
                    note(column: fieldEnds.count + 1, .textAfterClosingQuote)
                    append(byte)
                    state = .unquoted
                }
                i += 1
            case .carriageReturn:
                if byte == 0x0A {
                    endField()
                    try endRecord(atEndOfInput: false, body)
                    i += 1
                } else {
                    // Keep the stray carriage return as data and read this byte as part of the field.
                    recordStarted = true
                    note(column: fieldEnds.count + 1, .bareCarriageReturn)
                    append(0x0D)
                    state = .unquoted
                }
            }
        }
    }

    /// Notes the record's first problem; later ones in the same record are not reported.
    private mutating func note(column: Int?, _ kind: CSVRowError.Kind) {
        if problem == nil { problem = CSVRowError(line: recordLine, column: column, kind: kind) }
    }

    private mutating func append(_ byte: UInt8) {
        fieldBytes += 1
        recordBytes += 1
        guard checkLimits() else { return }
        highBits |= byte
        buffer.append(byte)
    }

    /// Keeps a run of bytes; `bits` is the bitwise or of them, so an all-ASCII record is known without a second pass.
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, bits: UInt8) {
        fieldBytes += bytes.count
        recordBytes += bytes.count
        guard checkLimits() else { return }
        highBits |= bits
        buffer.append(contentsOf: bytes)
    }

    /// Whether the bytes just counted may be kept; once a limit is passed the rest of the record is skipped.
    private mutating func checkLimits() -> Bool {
        if discarding { return false }
        if fieldBytes > limits.maxFieldBytes {
            note(column: fieldEnds.count + 1, .fieldTooLong(limit: limits.maxFieldBytes))
        } else if recordBytes > limits.maxRecordBytes {
            note(column: nil, .recordTooLong(limit: limits.maxRecordBytes))
        } else {
            return true
        }
        discarding = true
        buffer.removeAll(keepingCapacity: false)
        buffer.reserveCapacity(1024)
        return false
    }

    private mutating func endField() {
        if fieldEnds.count >= limits.maxFields {
            note(column: nil, .tooManyFields(limit: limits.maxFields))
            discarding = true
        }
        if !discarding { fieldEnds.append(buffer.count) }
        fieldBytes = 0
    }

    private mutating func endRecord(atEndOfInput: Bool, _ body: (CSVRow) throws -> Void) rethrows {
        let fieldCount = fieldEnds.count
        let blank = fieldCount == 1 && buffer.isEmpty && !recordStarted
        if problem == nil && !discarding {
            if blank {
                note(column: nil, .blankLine)
            } else if checksFieldCount, let expected = expectedFieldCount, fieldCount != expected {
                note(column: nil, .fieldCount(found: fieldCount, expected: expected, atEndOfInput: atEndOfInput))
            }
        }
        // The first record that is not blank and was read whole is the header and sets the field count.
        if expectedFieldCount == nil && !blank && !discarding { expectedFieldCount = fieldCount }

        var row: CSVRow
        if let problem {
            row = .failure(problem)
        } else {
            row = makeRecord()
        }
        recordCount += 1

        // Reset for the next record before handing this one over.
        state = .fieldStart
        buffer.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        fieldBytes = 0
        recordBytes = 0
        problem = nil
        discarding = false
        highBits = 0
        recordStarted = false
        line += 1
        recordLine = line
        try body(row)
    }

    private mutating func makeRecord() -> CSVRow {
        var fields: [String] = []
        fields.reserveCapacity(fieldEnds.count)
        let ascii = highBits < 0x80
        let previous = previousFields
        let result: CSVRowError? = buffer.withUnsafeBufferPointer { all in
            var start = 0
            for (index, end) in fieldEnds.enumerated() {
                let slice = UnsafeBufferPointer(rebasing: all[start..<end])
                if index < previous.count, CSVReader.bytes(of: previous[index], equal: slice) {
                    // The same bytes as before, which were valid UTF-8 then.
                    fields.append(previous[index])
                    start = end
                    continue
                }
                var text = String(decoding: slice, as: UTF8.self)
                // Decoding replaces each invalid sequence with U+FFFD, so the bytes come back
                // unchanged exactly when they were valid UTF-8 (ASCII always is).
                if !ascii && !text.withUTF8({ $0.elementsEqual(slice) }) {
                    return CSVRowError(line: recordLine, column: index + 1, kind: .invalidUTF8)
                }
                fields.append(text)
                start = end
            }
            return nil
        }
        if let result { return .failure(result) }
        previousFields = fields
        return .success(CSVRecord(line: recordLine, fields: fields))
    }

    /// Whether a string's UTF-8 bytes are exactly `bytes`.
    private static func bytes(of text: String, equal bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.utf8.count == bytes.count else { return false }
        if bytes.isEmpty { return true }
        return PoliceUKRowValidator.withUTF8(text) { stored in
            memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        }
    }
}
