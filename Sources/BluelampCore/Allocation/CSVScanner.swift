import Foundation

/// Reads CSV records (RFC 4180: quoted fields, `""` escapes, `\n` or `\r\n` line ends) straight from bytes.
///
/// The national benchmark instance is 600,000 crimes; splitting it into `String` lines costs more than
/// the solve, so the scanner only records where each field starts and ends, and the reader converts the
/// few fields it needs. Blank lines are skipped, as Python's `csv.DictReader` skips them.
struct CSVScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    private var position: Int
    private let end: Int
    private var nextLineNumber: Int
    /// The 1-based line on which the current record starts.
    private(set) var line = 0
    private(set) var fieldCount = 0
    private let fields = FieldBounds()

    /// Scans `range` of `bytes`, whose first line is line `firstLine` of the file.
    init(bytes: UnsafeBufferPointer<UInt8>, file: String, range: Range<Int>? = nil, firstLine: Int = 1) {
        self.bytes = bytes
        self.file = file
        let range = range ?? 0..<bytes.count
        position = range.lowerBound
        end = range.upperBound
        nextLineNumber = firstLine
        // A UTF-8 byte order mark, as spreadsheet programs write.
        if position == 0 && end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
    }

    /// Where the next record would start, and its line: for splitting a file after its header.
    var remainder: (range: Range<Int>, line: Int) { (position..<end, nextLineNumber) }

    /// Moves to the next record; false at the end of the input.
    mutating func next() throws -> Bool {
        let count = end
        let base = bytes.baseAddress!
        // Skip blank lines.
        while position < count && (base[position] == UInt8(ascii: "\n") || base[position] == UInt8(ascii: "\r")) {
            if base[position] == UInt8(ascii: "\n") { nextLineNumber += 1 }
            position += 1
        }
        if position >= count { return false }
        line = nextLineNumber
        fieldCount = 0
        var p = position
        while true {
            if fieldCount == fields.capacity { fields.grow() }
            if p < count && base[p] == UInt8(ascii: "\"") {
                // Quoted field: runs to the closing quote; `""` is a literal quote; may span lines.
                p += 1
                let start = p
                var hasEscape = false
                while true {
                    guard p < count else {
                        throw FileProblem(
                            file: file, line: line, field: nil, reason: "a quoted field is never closed")
                    }
                    let byte = base[p]
                    if byte == UInt8(ascii: "\"") {
                        if p + 1 < count && base[p + 1] == UInt8(ascii: "\"") {
                            hasEscape = true
                            p += 2
                            continue
                        }
                        break
                    }
                    if byte == UInt8(ascii: "\n") { nextLineNumber += 1 }
                    p += 1
                }
                fields.starts[fieldCount] = start
                fields.ends[fieldCount] = p
                fields.escaped[fieldCount] = hasEscape
                p += 1  // the closing quote
                // Anything between the closing quote and the delimiter is dropped (lenient, as Python is).
                while p < count && base[p] != UInt8(ascii: ",") && base[p] != UInt8(ascii: "\n")
                    && base[p] != UInt8(ascii: "\r")
                {
                    p += 1
                }
            } else {
                let start = p
                while p < count {
                    let byte = base[p]
                    // One comparison rules out every byte above the three delimiters.
                    if byte <= UInt8(ascii: ",")
                        && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r"))
                    {
                        break
                    }
                    p += 1
                }
                fields.starts[fieldCount] = start
                fields.ends[fieldCount] = p
                fields.escaped[fieldCount] = false
            }
            fieldCount += 1
            if p < count && base[p] == UInt8(ascii: ",") {
                p += 1
                continue
            }
            // End of record: `\n`, `\r\n`, a lone `\r`, or the end of input.
            if p < count && base[p] == UInt8(ascii: "\r") { p += 1 }
            if p < count && base[p] == UInt8(ascii: "\n") { p += 1 }
            nextLineNumber += 1
            break
        }
        position = p
        return true
    }

    // MARK: - Reading a field of the current record

    func isEmpty(_ field: Int) -> Bool { fields.starts[field] == fields.ends[field] }

    /// Where the field's bytes lie in the input, when they can be used as they are (no `""` inside).
    func range(_ field: Int) -> Range<Int>? {
        fields.escaped[field] ? nil : fields.starts[field]..<fields.ends[field]
    }

    /// The field's bytes; quoted fields with `""` are unescaped into a copy.
    func withBytes<R>(_ field: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let slice = UnsafeBufferPointer(rebasing: bytes[fields.starts[field]..<fields.ends[field]])
        if !fields.escaped[field] { return try body(slice) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(slice.count)
        var i = 0
        while i < slice.count {
            unescaped.append(slice[i])
            i += slice[i] == UInt8(ascii: "\"") && i + 1 < slice.count && slice[i + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return try unescaped.withUnsafeBufferPointer { try body($0) }
    }

    func string(_ field: Int) -> String {
        withBytes(field) { String(decoding: $0, as: UTF8.self) }
    }

    /// A whole number, allowing surrounding spaces and a sign, as Python's `int()` does.
    func integer(_ field: Int) -> Int? {
        var i = fields.starts[field]
        var end = fields.ends[field]
        let base = bytes.baseAddress!
        // The common case: one digit, as levels and priorities are.
        if end - i == 1 {
            let digit = Int(base[i]) &- 48
            return digit >= 0 && digit <= 9 ? digit : nil
        }
        while i < end && base[i] == UInt8(ascii: " ") { i += 1 }
        while end > i && base[end - 1] == UInt8(ascii: " ") { end -= 1 }
        var negative = false
        if i < end && (base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+")) {
            negative = base[i] == UInt8(ascii: "-")
            i += 1
        }
        if i == end || end - i > 18 { return nil }
        var value = 0
        while i < end {
            let digit = Int(base[i]) &- 48
            if digit < 0 || digit > 9 { return nil }
            value = value * 10 + digit
            i += 1
        }
        return negative ? -value : value
    }

    /// The field as written, for an error message.
    func quoted(_ field: Int) -> String {
        let text = string(field)
        return "\"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
    }

    /// Column indexes of the named header fields; throws naming the first one missing.
    func columns(_ names: [String]) throws -> [Int] {
        var found: [String: Int] = [:]
        for field in 0..<fieldCount {
            let name = string(field).trimmingCharacters(in: .whitespaces)
            if found[name] == nil { found[name] = field }
        }
        return try names.map { name in
            guard let column = found[name] else {
                throw FileProblem(
                    file: file, line: line, field: name, reason: "the header has no \(name) column")
            }
            return column
        }
    }

    // MARK: - Whole-buffer helpers

    /// The number of line ends in `range`: line feeds, and carriage returns not followed by one.
    static func lineEnds(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard !range.isEmpty else { return 0 }
        let base = bytes.baseAddress!
        var count = 0
        var i = range.lowerBound
        // Eight bytes at a time: a byte of `x` is zero exactly where the byte was a line feed, and
        // `zero` gets its top bit set for exactly those bytes (no borrow crosses bytes).
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while i + 8 <= range.upperBound {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            let zero = ~(((x & low7) &+ low7) | x | low7)
            count += zero.nonzeroBitCount
            i += 8
        }
        while i < range.upperBound {
            if base[i] == UInt8(ascii: "\n") { count += 1 }
            i += 1
        }
        // A carriage return with no line feed after it ends a record too (`next()`), so it is a line end here: the
        // readers size their output by this count, and a file of bare carriage returns had more records than line
        // feeds and stopped the process on a precondition (issue 21, item 6: HostileFileTests). Such files are rare,
        // so they are looked for only when the range holds a carriage return at all.
        if memchr(base + range.lowerBound, Int32(UInt8(ascii: "\r")), range.count) != nil {
            for j in range where base[j] == UInt8(ascii: "\r") {
                if j + 1 == range.upperBound || base[j + 1] != UInt8(ascii: "\n") { count += 1 }
            }
        }
        return count
    }

    /// Whether any field in `range` is quoted; if none is, every line end ends a record.
    static func hasQuotes(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        return memchr(bytes.baseAddress! + range.lowerBound, Int32(UInt8(ascii: "\"")), range.count) != nil
    }
}

/// Field bounds of the current record, written through pointers: no copy-on-write checks per field.
private final class FieldBounds {
    private(set) var capacity = 16
    private(set) var starts = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    private(set) var ends = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    /// Quoted fields holding `""`, which need unescaping.
    private(set) var escaped = UnsafeMutablePointer<Bool>.allocate(capacity: 16)

    func grow() {
        let larger = capacity * 2
        let newStarts = UnsafeMutablePointer<Int>.allocate(capacity: larger)
        let newEnds = UnsafeMutablePointer<Int>.allocate(capacity: larger)
        let newEscaped = UnsafeMutablePointer<Bool>.allocate(capacity: larger)
        newStarts.update(from: starts, count: capacity)
        newEnds.update(from: ends, count: capacity)
        newEscaped.update(from: escaped, count: capacity)
        starts.deallocate()
        ends.deallocate()
        escaped.deallocate()
        (starts, ends, escaped, capacity) = (newStarts, newEnds, newEscaped, larger)
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
        escaped.deallocate()
    }
}

/// Tells whether each id of a file is new. Ids in most exports come in increasing order, so each is
/// first compared with the one before; only if that order ever breaks are the ids hashed.
struct IDRegistry {
    private var previous: Range<Int>?
    private var table: ByteStringTable?
    private let expectedCount: Int
    /// The first and last ids registered, while all came in order (for joining files split in parts).
    private(set) var firstInOrder: Range<Int>?

    init(expectedCount: Int) {
        self.expectedCount = expectedCount
    }

    /// True while every id so far was greater than the one before.
    var inOrder: Bool { table == nil }
    var lastInOrder: Range<Int>? { inOrder ? previous : nil }

    /// Registers the id in `field` of the scanner's record; false if it was seen before. `earlier`
    /// gives the ids registered so far, and is called once, when ids first come out of order.
    mutating func register(_ scanner: CSVScanner, field: Int, earlier: () -> [String]) -> Bool {
        if table == nil, let range = scanner.range(field) {
            if let previous {
                if Self.compare(scanner.bytes, previous, range) < 0 {
                    self.previous = range
                    return true
                }
            } else {
                previous = range
                firstInOrder = range
                return true
            }
        }
        if table == nil {
            var hashed = ByteStringTable(expectedCount: expectedCount)
            for var id in earlier() { id.withUTF8 { _ = hashed.insert($0) } }
            table = hashed
        }
        return scanner.withBytes(field) { table!.insert($0).inserted }
    }

    /// Byte order of two ranges of `bytes`: negative, zero or positive.
    static func compare(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Int {
        let base = bytes.baseAddress!
        let order = memcmp(base + a.lowerBound, base + b.lowerBound, min(a.count, b.count))
        if order != 0 { return Int(order) }
        return a.count - b.count
    }
}

/// Interns byte strings to consecutive integers: an open-addressing hash table whose keys are copied
/// into one arena, so that neither a lookup nor an insert allocates per key.
struct ByteStringTable {
    private var arena: [UInt8] = []
    private var keyStart: [Int] = []
    private var keyLength: [Int] = []
    private var keyHash: [UInt64] = []
    /// Entry index + 1 per slot; 0 is empty.
    private var slots: [Int32]
    private var mask: Int

    var count: Int { keyStart.count }

    init(expectedCount: Int = 16) {
        var size = 16
        while size < expectedCount * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        keyStart.reserveCapacity(expectedCount)
        keyLength.reserveCapacity(expectedCount)
        keyHash.reserveCapacity(expectedCount)
    }

    /// The key's index, and whether it was new.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> (index: Int, inserted: Bool) {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot]) - 1
            if entry < 0 { break }
            if keyHash[entry] == hash && keyLength[entry] == key.count && equals(entry, key) {
                return (entry, false)
            }
            slot = (slot + 1) & mask
        }
        let index = keyStart.count
        keyStart.append(arena.count)
        keyLength.append(key.count)
        keyHash.append(hash)
        arena.append(contentsOf: key)
        slots[slot] = Int32(index + 1)
        if keyStart.count * 2 > slots.count { grow() }
        return (index, true)
    }

    private func equals(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let keyBase = key.baseAddress else { return true }
        return arena.withUnsafeBufferPointer { stored in
            memcmp(stored.baseAddress! + keyStart[entry], keyBase, key.count) == 0
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for entry in 0..<keyHash.count {
            var slot = Int(truncatingIfNeeded: keyHash[entry]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry + 1)
        }
    }

    /// Eight bytes at a time, each word mixed in by multiply and rotate, then a final avalanche.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return h }
        var i = 0
        let count = key.count
        while i + 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            h = (h ^ word) &* 0xff51_afd7_ed55_8ccd
            h = (h << 31) | (h >> 33)
            i += 8
        }
        if i < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                word |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ word) &* 0xff51_afd7_ed55_8ccd
        }
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}
