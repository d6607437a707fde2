import Foundation

/// Reading an instance from the benchmark's files (shared/bench/allocation/SPEC.md, "Files"): the bytes
/// come in, the caller reads them from disk. Every error names the file, the line and the field.
extension AllocationInstance {
    public static let officersFile = "officers.csv"
    public static let crimesFile = "crimes.csv"
    public static let policyFile = "policy.json"

    /// Parses `officers.csv`, `crimes.csv` and `policy.json`.
    ///
    /// Throws `FileProblem`, naming the first bad line in file order. The national instance
    /// (120,000 officers, 600,000 crimes) is read in two halves on two threads when the crimes file
    /// has no quoted fields (so that every line end ends a record).
    public init(officersCSV: Data, crimesCSV: Data, policyJSON: Data) throws {
        let costs = try AllocationCostPolicy(json: policyJSON, file: Self.policyFile)
        let officerHeader = try officersCSV.withUnsafeBytes {
            try CSVHeader(bytes: $0, file: Self.officersFile, names: OfficerRows.names)
        }
        let crimeHeader = try crimesCSV.withUnsafeBytes {
            try CSVHeader(bytes: $0, file: Self.crimesFile, names: CrimeRows.names)
        }

        // Two jobs of about equal size: officers and the first part of the crimes; the rest of the crimes.
        let parts: [CSVPart] = crimesCSV.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let body = crimeHeader.body
            func part(_ range: Range<Int>, firstLine: Int) -> CSVPart {
                // A record ends at a line end or at the end of the input: at most one more than line ends.
                CSVPart(range: range, firstLine: firstLine, lineCount: CSVScanner.lineEnds(in: bytes, range) + 1)
            }
            guard body.range.count > 1 << 20, !CSVScanner.hasQuotes(in: bytes, body.range) else {
                return [part(body.range, firstLine: body.line)]
            }
            let target = body.range.lowerBound + max(0, (body.range.count - officerHeader.body.range.count) / 2)
            guard let newline = bytes[target..<body.range.upperBound].firstIndex(of: UInt8(ascii: "\n")) else {
                return [part(body.range, firstLine: body.line)]
            }
            let first = part(body.range.lowerBound..<(newline + 1), firstLine: body.line)
            let second = part((newline + 1)..<body.range.upperBound, firstLine: body.line + first.lineCount - 1)
            return [first, second]
        }
        let whole = CSVPart(
            range: crimeHeader.body.range, firstLine: crimeHeader.body.line,
            lineCount: parts.reduce(0) { $0 + $1.lineCount })
        func read(_ parts: [CSVPart]) throws -> (officers: OfficerRows, records: [AllocationCrime], parts: [CrimeRows])
        {
            try Self.readCrimes(
                officersCSV: officersCSV, officerHeader: officerHeader, crimesCSV: crimesCSV, crimeHeader: crimeHeader,
                parts: parts)
        }
        var crimes: (officers: OfficerRows, records: [AllocationCrime], parts: [CrimeRows])
        do {
            crimes = try read(parts)
        } catch  where parts.count > 1 {
            // The second part cannot know the first part's ids, so the error it found may not be the first
            // in the file: read again in one pass for the exact first error.
            crimes = try read([whole])
        }
        if crimes.parts.count > 1 && !CrimeRows.joinInOrder(crimes.parts, bytes: crimesCSV) {
            // Ids out of order across the parts: read again in one pass, which hashes them and names any repeat.
            crimes = try read([whole])
        }
        self = try Self.assemble(
            officers: crimes.officers, crimes: crimes.records, crimeParts: crimes.parts, costs: costs)
    }

    /// Reads the officers, and the crimes' parts on as many threads, writing the crimes straight into the
    /// instance's array: each part into its own region, then moved down over the gaps that blank lines leave.
    private static func readCrimes(
        officersCSV: Data, officerHeader: CSVHeader, crimesCSV: Data, crimeHeader: CSVHeader, parts: [CSVPart]
    ) throws -> (officers: OfficerRows, records: [AllocationCrime], parts: [CrimeRows]) {
        let offsets = parts.indices.map { job in parts[..<job].reduce(0) { $0 + $1.lineCount } }
        let officerResult = Shared<Result<OfficerRows, any Error>>()
        let crimeResults = parts.map { _ in Shared<Result<CrimeRows, any Error>>() }
        let records = try [AllocationCrime](unsafeUninitializedCapacity: parts.reduce(0) { $0 + $1.lineCount }) {
            buffer, initialized in
            let output = CrimeOutput(base: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: parts.count) { job in
                if job == 0 {
                    officerResult.value = Result {
                        try officersCSV.withUnsafeBytes { try OfficerRows(bytes: $0, header: officerHeader) }
                    }
                }
                crimeResults[job].value = Result {
                    try crimesCSV.withUnsafeBytes {
                        try CrimeRows(
                            bytes: $0, header: crimeHeader, part: parts[job], output: output.base! + offsets[job])
                    }
                }
            }
            // A part that failed has cleared its own region; close up the others before reporting.
            var firstError: (any Error)?
            if case .failure(let error) = officerResult.value! { firstError = error }
            for (job, result) in crimeResults.enumerated() {
                switch result.value! {
                case .success(let rows):
                    if initialized != offsets[job] {
                        (buffer.baseAddress! + initialized).moveInitialize(
                            from: buffer.baseAddress! + offsets[job], count: rows.count)
                    }
                    initialized += rows.count
                case .failure(let error):
                    if firstError == nil { firstError = error }
                }
            }
            if let firstError { throw firstError }
        }
        let officers = try officerResult.take().get()
        let rows = try crimeResults.map { try $0.take().get() }
        return (officers, records, rows)
    }

    /// Merges the files' own code tables into the instance's, officers' first.
    private static func assemble(
        officers: OfficerRows, crimes: [AllocationCrime], crimeParts: [CrimeRows], costs: AllocationCostPolicy
    ) throws -> AllocationInstance {
        var bcus = CodeTable()
        var specialisms = CodeTable()
        for code in officers.bcuCodes { _ = bcus.intern(code) }
        for code in officers.specialismCodes { _ = specialisms.intern(code) }
        var crimeBCU: [Int32] = []
        var crimeSpecialism: [Int8] = []
        crimeBCU.reserveCapacity(crimes.count)
        crimeSpecialism.reserveCapacity(crimes.count)
        for part in crimeParts {
            let bcuMap = part.bcuCodes.map { bcus.intern($0) }
            let specialismMap = part.specialismCodes.map { specialisms.intern($0) }
            crimeBCU.append(contentsOf: part.bcu.lazy.map { bcuMap[Int($0)] })
            crimeSpecialism.append(
                contentsOf: part.specialism.lazy.map { $0 < 0 ? -1 : Int8(truncatingIfNeeded: specialismMap[Int($0)]) })
        }
        if specialisms.codes.count > maximumSpecialisms {
            throw FileProblem(
                file: crimesFile, line: nil, field: "specialism",
                reason: "more than \(maximumSpecialisms) distinct specialisms across both files")
        }
        return AllocationInstance(
            officers: officers.records, crimes: crimes, costs: costs,
            bcuCodes: bcus.codes, specialismCodes: specialisms.codes,
            officerBCU: officers.bcu, officerSpecialisms: officers.specialismMasks,
            crimeBCU: crimeBCU, crimeSpecialism: crimeSpecialism)
    }
}

/// Where a worker writes its crimes; each worker has its own region of the one buffer.
private struct CrimeOutput: @unchecked Sendable {
    let base: UnsafeMutablePointer<AllocationCrime>?
}

/// A value handed from a worker thread to the caller; `concurrentPerform` returning orders the two.
private final class Shared<Value>: @unchecked Sendable {
    var value: Value?

    func take() -> Value {
        defer { value = nil }
        return value!
    }
}

/// A file's header: the column of each named field, and where the records start.
private struct CSVHeader: Sendable {
    let file: String
    let columns: [Int]
    let body: (range: Range<Int>, line: Int)

    init(bytes: UnsafeRawBufferPointer, file: String, names: [String]) throws {
        var scanner = CSVScanner(bytes: bytes.bindMemory(to: UInt8.self), file: file)
        guard try scanner.next() else {
            throw FileProblem(file: file, line: 1, field: nil, reason: "is empty (no header)")
        }
        self.file = file
        columns = try scanner.columns(names)
        body = scanner.remainder
    }
}

/// Records in `range` of a file, starting on line `firstLine`; there are at most `lineCount` of them.
private struct CSVPart: Sendable {
    let range: Range<Int>
    let firstLine: Int
    let lineCount: Int
}

// MARK: - officers.csv

/// `officer_id,bcu,level,specialisms,load,capacity`; `specialisms` is `;`-separated and may be empty.
private struct OfficerRows {
    static let names = ["officer_id", "bcu", "level", "specialisms", "load", "capacity"]
    var records: [AllocationOfficer] = []
    var bcu: [Int32] = []
    var specialismMasks: [UInt64] = []
    var bcuCodes: [String] = []
    var specialismCodes: [String] = []

    init(bytes raw: UnsafeRawBufferPointer, header: CSVHeader) throws {
        let bytes = raw.bindMemory(to: UInt8.self)
        let file = header.file
        var scanner = CSVScanner(bytes: bytes, file: file, range: header.body.range, firstLine: header.body.line)
        let column = header.columns
        let (idColumn, bcuColumn, levelColumn, specialismsColumn, loadColumn, capacityColumn) =
            (column[0], column[1], column[2], column[3], column[4], column[5])
        let needed = column.max()! + 1
        let estimate = CSVScanner.lineEnds(in: bytes, header.body.range) + 1
        records.reserveCapacity(estimate)
        bcu.reserveCapacity(estimate)
        specialismMasks.reserveCapacity(estimate)
        var ids = IDRegistry(expectedCount: estimate)
        var bcuTable = ByteStringTable()
        var specialismTable = ByteStringTable()
        var specialismSets: [UInt64: Set<String>] = [0: []]

        while try scanner.next() {
            let line = scanner.line
            func fail(_ field: String, _ reason: String) -> FileProblem {
                FileProblem(file: file, line: line, field: field, reason: reason)
            }
            if scanner.fieldCount < needed {
                throw fail(
                    Self.names[column.firstIndex(where: { $0 >= scanner.fieldCount })!],
                    "the row has \(scanner.fieldCount) fields, the header \(needed)")
            }
            if scanner.isEmpty(idColumn) { throw fail("officer_id", "is empty") }
            if !ids.register(scanner, field: idColumn, earlier: { self.records.map(\.id) }) {
                throw fail("officer_id", "\(scanner.quoted(idColumn)) appears twice")
            }
            let id = scanner.string(idColumn)

            let bcuIndex = scanner.withBytes(bcuColumn) { bytes -> (index: Int, inserted: Bool) in
                bcuTable.insert(bytes)
            }
            if bcuIndex.inserted { bcuCodes.append(scanner.string(bcuColumn)) }

            guard let levelNumber = scanner.integer(levelColumn), let level = PIPLevel(rawValue: levelNumber) else {
                throw fail("level", "must be 1 to 4, not \(scanner.quoted(levelColumn))")
            }
            guard let load = scanner.integer(loadColumn), load >= 0 else {
                throw fail("load", "must be a whole number 0 or more, not \(scanner.quoted(loadColumn))")
            }
            guard let capacity = scanner.integer(capacityColumn), capacity >= 0 else {
                throw fail("capacity", "must be a whole number 0 or more, not \(scanner.quoted(capacityColumn))")
            }

            var mask: UInt64 = 0
            if !scanner.isEmpty(specialismsColumn) {
                var overflow = false
                scanner.withBytes(specialismsColumn) { field in
                    var start = 0
                    for end in 0...field.count where end == field.count || field[end] == UInt8(ascii: ";") {
                        defer { start = end + 1 }
                        if end == start { continue }  // empty items are ignored, as check.py ignores them
                        let item = UnsafeBufferPointer(rebasing: field[start..<end])
                        let (index, inserted) = specialismTable.insert(item)
                        if inserted { specialismCodes.append(String(decoding: item, as: UTF8.self)) }
                        if index >= AllocationInstance.maximumSpecialisms {
                            overflow = true
                        } else {
                            mask |= 1 << UInt64(index)
                        }
                    }
                }
                if overflow {
                    throw fail("specialisms", "more than \(AllocationInstance.maximumSpecialisms) distinct specialisms")
                }
            }
            // Officers share a handful of specialism sets; build each once.
            let specialisms: Set<String>
            if let known = specialismSets[mask] {
                specialisms = known
            } else {
                let codes = specialismCodes
                specialisms = Set((0..<64).filter { mask & (1 << UInt64($0)) != 0 }.map { codes[$0] })
                specialismSets[mask] = specialisms
            }

            records.append(
                AllocationOfficer(
                    id: id, bcu: bcuCodes[bcuIndex.index], level: level, specialisms: specialisms,
                    load: load, capacity: capacity))
            bcu.append(Int32(bcuIndex.index))
            specialismMasks.append(mask)
        }
    }
}

// MARK: - crimes.csv

/// `crime_id,bcu,crime_type,level,specialism,priority`; `specialism` may be empty.
private struct CrimeRows {
    static let names = ["crime_id", "bcu", "crime_type", "level", "specialism", "priority"]
    /// Crimes written to the output.
    var count = 0
    var bcu: [Int32] = []
    /// Index into `specialismCodes`, or -1.
    var specialism: [Int32] = []
    var bcuCodes: [String] = []
    var specialismCodes: [String] = []
    /// The first and last ids, when every id was greater than the one before.
    var idsInOrder: (first: Range<Int>, last: Range<Int>)?

    /// Reads the part's crimes into `output`, which has room for `part.lineCount`. On an error it leaves
    /// `output` uninitialized again.
    init(
        bytes raw: UnsafeRawBufferPointer, header: CSVHeader, part: CSVPart,
        output: UnsafeMutablePointer<AllocationCrime>
    ) throws {
        do {
            try read(bytes: raw, header: header, part: part, output: output)
        } catch {
            output.deinitialize(count: count)
            throw error
        }
    }

    private mutating func read(
        bytes raw: UnsafeRawBufferPointer, header: CSVHeader, part: CSVPart,
        output: UnsafeMutablePointer<AllocationCrime>
    ) throws {
        let bytes = raw.bindMemory(to: UInt8.self)
        let file = header.file
        var scanner = CSVScanner(bytes: bytes, file: file, range: part.range, firstLine: part.firstLine)
        let column = header.columns
        let (idColumn, bcuColumn, typeColumn, levelColumn, specialismColumn, priorityColumn) =
            (column[0], column[1], column[2], column[3], column[4], column[5])
        let needed = column.max()! + 1
        bcu.reserveCapacity(part.lineCount)
        specialism.reserveCapacity(part.lineCount)
        var ids = IDRegistry(expectedCount: part.lineCount)
        var bcuTable = ByteStringTable()
        var typeTable = ByteStringTable()
        var typeCodes: [String] = []
        var specialismTable = ByteStringTable()

        while try scanner.next() {
            let line = scanner.line
            func fail(_ field: String, _ reason: String) -> FileProblem {
                FileProblem(file: file, line: line, field: field, reason: reason)
            }
            if scanner.fieldCount < needed {
                throw fail(
                    Self.names[column.firstIndex(where: { $0 >= scanner.fieldCount })!],
                    "the row has \(scanner.fieldCount) fields, the header \(needed)")
            }
            if scanner.isEmpty(idColumn) { throw fail("crime_id", "is empty") }
            let written = count
            if !ids.register(scanner, field: idColumn, earlier: { (0..<written).map { output[$0].id } }) {
                throw fail("crime_id", "\(scanner.quoted(idColumn)) appears twice")
            }
            let id = scanner.string(idColumn)

            let bcuIndex = scanner.withBytes(bcuColumn) { bytes -> (index: Int, inserted: Bool) in
                bcuTable.insert(bytes)
            }
            if bcuIndex.inserted { bcuCodes.append(scanner.string(bcuColumn)) }
            let typeIndex = scanner.withBytes(typeColumn) { bytes -> (index: Int, inserted: Bool) in
                typeTable.insert(bytes)
            }
            if typeIndex.inserted { typeCodes.append(scanner.string(typeColumn)) }

            guard let levelNumber = scanner.integer(levelColumn), let level = PIPLevel(rawValue: levelNumber) else {
                throw fail("level", "must be 1 to 4, not \(scanner.quoted(levelColumn))")
            }
            guard let priority = scanner.integer(priorityColumn), AllocationInstance.priorities.contains(priority)
            else {
                throw fail("priority", "must be 1, 2 or 3, not \(scanner.quoted(priorityColumn))")
            }
            var specialismIndex: Int32 = -1
            if !scanner.isEmpty(specialismColumn) {
                let (index, inserted) = scanner.withBytes(specialismColumn) { specialismTable.insert($0) }
                if inserted { specialismCodes.append(scanner.string(specialismColumn)) }
                if index >= AllocationInstance.maximumSpecialisms {
                    throw fail("specialism", "more than \(AllocationInstance.maximumSpecialisms) distinct specialisms")
                }
                specialismIndex = Int32(index)
            }

            precondition(count < part.lineCount, "more records than lines")
            (output + count).initialize(
                to: AllocationCrime(
                    id: id, bcu: bcuCodes[bcuIndex.index], crimeType: typeCodes[typeIndex.index], level: level,
                    specialism: specialismIndex < 0 ? nil : specialismCodes[Int(specialismIndex)], priority: priority))
            count += 1
            bcu.append(Int32(bcuIndex.index))
            specialism.append(specialismIndex)
        }
        if ids.inOrder, let first = ids.firstInOrder, let last = ids.lastInOrder {
            idsInOrder = (first, last)
        }
    }

    /// True when each part's ids were in order and each part's first id follows the last of the part
    /// before, so no id can repeat across parts.
    static func joinInOrder(_ parts: [CrimeRows], bytes: Data) -> Bool {
        bytes.withUnsafeBytes { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            var previousLast: Range<Int>?
            for part in parts {
                if part.count == 0 { continue }
                guard let order = part.idsInOrder else { return false }
                if let previousLast, IDRegistry.compare(buffer, previousLast, order.first) >= 0 { return false }
                previousLast = order.last
            }
            return true
        }
    }
}
