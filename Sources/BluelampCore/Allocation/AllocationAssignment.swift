import Foundation

/// Which officer, if any, each crime of an instance goes to, by index.
public struct AllocationAssignment: Sendable, Hashable {
    /// Officer index per crime index; -1 when unallocated.
    var officerIndex: [Int32]

    /// Every crime unallocated.
    public init(crimeCount: Int) {
        officerIndex = Array(repeating: -1, count: crimeCount)
    }

    /// From officer indexes per crime, `nil` for unallocated.
    public init(_ officers: [Int?]) {
        officerIndex = officers.map { $0.map(Int32.init) ?? -1 }
    }

    init(officerIndex: [Int32]) {
        self.officerIndex = officerIndex
    }

    public var crimeCount: Int { officerIndex.count }

    /// The officer given crime `crime`, or nil when it is left unallocated.
    public subscript(crime: Int) -> Int? {
        get { officerIndex[crime] < 0 ? nil : Int(officerIndex[crime]) }
        set { officerIndex[crime] = newValue.map(Int32.init) ?? -1 }
    }

    public var allocatedCount: Int { officerIndex.reduce(0) { $0 + ($1 < 0 ? 0 : 1) } }

    /// New crimes per officer index.
    public func newCrimes(officerCount: Int) -> [Int] {
        var added = [Int](repeating: 0, count: officerCount)
        for officer in officerIndex where officer >= 0 { added[Int(officer)] += 1 }
        return added
    }
}

// MARK: - assignment.csv

extension AllocationAssignment {
    public static let file = "assignment.csv"

    /// `crime_id,officer_id` with a header, one row per crime in the instance's order, the officer empty
    /// when unallocated (shared/bench/allocation/SPEC.md, "Files").
    public func csv(for instance: AllocationInstance) -> Data {
        precondition(crimeCount == instance.crimes.count, "the assignment is for another instance")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24 * (crimeCount + 1))
        bytes.append(contentsOf: "crime_id,officer_id\n".utf8)
        for crime in 0..<crimeCount {
            Self.appendField(instance.crimes[crime].id, to: &bytes)
            bytes.append(UInt8(ascii: ","))
            let officer = officerIndex[crime]
            if officer >= 0 { Self.appendField(instance.officers[Int(officer)].id, to: &bytes) }
            bytes.append(UInt8(ascii: "\n"))
        }
        return Data(bytes)
    }

    /// Quotes a field only when CSV needs it.
    private static func appendField(_ field: String, to bytes: inout [UInt8]) {
        var field = field
        field.withUTF8 { utf8 in
            var plain = true
            for byte in utf8
            where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
            {
                plain = false
                break
            }
            if plain {
                bytes.append(contentsOf: utf8)
                return
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Reads an `assignment.csv` the way check.py does: every crime exactly once, every officer known.
    ///
    /// Throws `FileProblem` naming the line: a row the CSV reader refuses (one with other than the header's
    /// number of fields among them), an unknown or repeated crime, an unknown officer, or a crime with no row.
    public init(csv: Data, for instance: AllocationInstance, file: String = AllocationAssignment.file) throws {
        var crimeIndex: [String: Int32] = [:]
        crimeIndex.reserveCapacity(instance.crimes.count)
        for (index, crime) in instance.crimes.enumerated() { crimeIndex[crime.id] = Int32(index) }
        var officerIndexByID: [String: Int32] = [:]
        officerIndexByID.reserveCapacity(instance.officers.count)
        for (index, officer) in instance.officers.enumerated() { officerIndexByID[officer.id] = Int32(index) }

        var officerIndex = [Int32](repeating: -1, count: instance.crimes.count)
        var seen = [Bool](repeating: false, count: instance.crimes.count)
        // Read with the one CSV reader as check.py's csv module reads: blank lines skipped, a short row's missing
        // fields empty.
        var records: [CSVRecord] = []
        var problem: FileProblem?
        var reader = CSVReader(checksFieldCount: false)
        let read: (CSVRow) -> Void = { row in
            switch row {
            case .success(let record): records.append(record)
            case .failure(let error) where error.kind == .blankLine: break
            case .failure(let error):
                if problem == nil {
                    problem = FileProblem(file: file, line: error.line, field: nil, reason: error.reason)
                }
            }
        }
        reader.consume(csv, read)
        reader.finish(read)
        if let problem { throw problem }
        guard let header = records.first else {
            throw FileProblem(file: file, line: 1, field: nil, reason: "is empty (no header)")
        }
        var column: [Int] = []
        for name in ["crime_id", "officer_id"] {
            guard let index = header.fields.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == name })
            else {
                throw FileProblem(
                    file: file, line: header.line, field: name, reason: "the header has no \(name) column")
            }
            column.append(index)
        }
        for record in records.dropFirst() {
            func fail(_ field: String, _ reason: String) -> FileProblem {
                FileProblem(file: file, line: record.line, field: field, reason: reason)
            }
            guard record.fields.count > column[0] else { throw fail("crime_id", "is missing") }
            let crimeID = record.fields[column[0]]
            guard let crime = crimeIndex[crimeID] else { throw fail("crime_id", "unknown crime \(crimeID)") }
            if seen[Int(crime)] { throw fail("crime_id", "crime \(crimeID) appears twice") }
            seen[Int(crime)] = true
            let officerID =
                record.fields.count > column[1] ? record.fields[column[1]].trimmingCharacters(in: .whitespaces) : ""
            if officerID.isEmpty { continue }
            guard let officer = officerIndexByID[officerID] else {
                throw fail("officer_id", "\(crimeID): unknown officer \(officerID)")
            }
            officerIndex[Int(crime)] = officer
        }
        if let missing = seen.firstIndex(of: false) {
            let count = seen.reduce(0) { $0 + ($1 ? 0 : 1) }
            throw FileProblem(
                file: file, line: nil, field: "crime_id",
                reason: "\(count) crimes have no row, e.g. \(instance.crimes[missing].id)")
        }
        self.officerIndex = officerIndex
    }
}
