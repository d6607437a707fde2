import BluelampCore
import Foundation
import Testing

@Suite struct AllocationInstanceFilesTests {
    static let policy = Data(
        """
        {
          "overskill_per_level": 10,
          "cross_bcu": 15,
          "load_marginal": "n",
          "unallocated": {"1": 1000, "2": 300, "3": 100}
        }

        """.utf8)
    static let officers =
        "officer_id,bcu,level,specialisms,load,capacity\r\nO1,FORCE,2,SO;CSA,8,14\r\nO2,CE,1,,12,20\r\n"
    static let crimes =
        "crime_id,bcu,crime_type,level,specialism,priority\r\nC1,CE,Violence and sexual offences,2,SO,1\r\nC2,NW,Other theft,1,,3\r\n"

    static func read(officers: String = officers, crimes: String = crimes, policy: Data = policy) throws
        -> AllocationInstance
    {
        try AllocationInstance(officersCSV: Data(officers.utf8), crimesCSV: Data(crimes.utf8), policyJSON: policy)
    }

    /// The error a read throws, or nil.
    static func error(officers: String = officers, crimes: String = crimes, policy: Data = policy)
        -> FileProblem?
    {
        do {
            _ = try read(officers: officers, crimes: crimes, policy: policy)
            return nil
        } catch {
            return error as? FileProblem
        }
    }

    @Test func `reads officers, crimes and the cost policy as the benchmark writes them`() throws {
        let instance = try Self.read()
        #expect(
            instance.officers == [
                AllocationOfficer(
                    id: "O1", bcu: "FORCE", level: .pip2, specialisms: ["SO", "CSA"], load: 8, capacity: 14),
                AllocationOfficer(id: "O2", bcu: "CE", level: .pip1, specialisms: [], load: 12, capacity: 20),
            ])
        #expect(
            instance.crimes == [
                AllocationCrime(
                    id: "C1", bcu: "CE", crimeType: "Violence and sexual offences", level: .pip2, specialism: "SO",
                    priority: 1),
                AllocationCrime(
                    id: "C2", bcu: "NW", crimeType: "Other theft", level: .pip1, specialism: nil, priority: 3),
            ])
        #expect(instance.costs == .standard)
        #expect(instance.isEligible(officer: 0, crime: 0))
        #expect(!instance.isEligible(officer: 1, crime: 0))
        #expect(instance.pairCost(officer: 0, crime: 1) == (overskill: 10, crossBCU: 0))
        #expect(instance.pairCost(officer: 1, crime: 1) == (overskill: 0, crossBCU: 15))
    }

    @Test func `reads quoted fields, a byte order mark, blank lines and columns in any order`() throws {
        let officers =
            "\u{FEFF}bcu,officer_id,capacity,load,level,specialisms,notes\n\"CE\",\"O,1\",20,3,1,\"DA;;\",\"said \"\"hi\"\"\"\n\n"
        let crimes =
            "crime_id,bcu,crime_type,level,specialism,priority\n\"C\"\"1\",CE,\"Criminal damage, arson\",1,DA,2"
        let instance = try Self.read(officers: officers, crimes: crimes)
        #expect(instance.officers.map(\.id) == ["O,1"])
        #expect(instance.officers[0].specialisms == ["DA"])
        #expect(instance.officers[0].load == 3)
        #expect(instance.crimes.map(\.id) == ["C\"1"])
        #expect(instance.crimes[0].crimeType == "Criminal damage, arson")
        #expect(instance.isEligible(officer: 0, crime: 0))
    }

    @Test func `names the file, line and field of a bad value`() {
        let crimes = Self.crimes + "C3,CE,Burglary,five,,2\r\n"
        #expect(
            Self.error(crimes: crimes)
                == FileProblem(
                    file: "crimes.csv", line: 4, field: "level", reason: "must be 1 to 4, not \"five\""))
        let officers = "officer_id,bcu,level,specialisms,load,capacity\n\nO1,CE,1,,-1,20\n"
        #expect(Self.error(officers: officers)?.line == 3)
        #expect(Self.error(officers: officers)?.field == "load")
        #expect(Self.error(crimes: Self.crimes + "C3,CE,Burglary,1,,4\n")?.field == "priority")
        #expect(
            Self.error(crimes: Self.crimes + "C3,CE,Burglary,1\n")?.description
                == "crimes.csv line 4, field specialism: the row has 4 fields, the header 6")
    }

    @Test func `names a missing column`() {
        let error = Self.error(crimes: "crime_id,bcu,level,specialism,priority\nC1,CE,1,,2\n")
        #expect(
            error
                == FileProblem(
                    file: "crimes.csv", line: 1, field: "crime_type", reason: "the header has no crime_type column"))
        #expect(Self.error(officers: "")?.reason == "is empty (no header)")
    }

    @Test func `refuses a repeated id, in order or not`() {
        #expect(
            Self.error(officers: Self.officers + "O1,CE,1,,0,20\n")
                == FileProblem(
                    file: "officers.csv", line: 4, field: "officer_id", reason: "\"O1\" appears twice"))
        let crimes =
            "crime_id,bcu,crime_type,level,specialism,priority\nC9,CE,x,1,,2\nC1,CE,x,1,,2\nC5,CE,x,1,,2\nC1,CE,x,1,,2\n"
        #expect(Self.error(crimes: crimes)?.line == 5)
    }

    @Test func `names a field of the cost policy`() {
        let missing = Data(
            #"{"overskill_per_level": 10, "load_marginal": "n", "unallocated": {"1": 1, "2": 1, "3": 1}}"#.utf8)
        #expect(Self.error(policy: missing)?.field == "cross_bcu")
        let quadratic = Data(
            "{\n\"overskill_per_level\": 10,\n\"cross_bcu\": 15,\n\"load_marginal\": \"n^2\",\n\"unallocated\": {\"1\": 1, \"2\": 1, \"3\": 1}}"
                .utf8)
        #expect(
            Self.error(policy: quadratic)
                == FileProblem(
                    file: "policy.json", line: 4, field: "load_marginal", reason: "only \"n\" is supported, not \"n^2\""
                ))
        let noPriority3 = Data(#"{"overskill_per_level": 10, "cross_bcu": 15, "unallocated": {"1": 1, "2": 1}}"#.utf8)
        #expect(Self.error(policy: noPriority3)?.reason == "has no cost for priority 3")
    }

    // MARK: - Large files, read in two parts

    /// A crimes file over a megabyte, so that it is read in two parts on two threads.
    static func largeCrimes(count: Int, row: (Int) -> String = { "C\(String(format: "%07d", $0)),CE,Other theft,1,,3" })
        -> String
    {
        var text = "crime_id,bcu,crime_type,level,specialism,priority\n"
        for index in 1...count { text += row(index) + "\n" }
        return text
    }

    @Test func `reads a large file in two parts with the same result as one`() throws {
        let crimes = Self.largeCrimes(count: 40_000) { index in
            let bcu = ["CE", "CN", "SW"][index % 3]
            let specialism = index % 7 == 0 ? "DA" : index % 11 == 0 ? "FRAUD" : ""
            return
                "C\(String(format: "%07d", index)),\(bcu),Other theft,\(1 + index % 3),\(specialism),\(1 + index % 3)"
        }
        let instance = try Self.read(crimes: crimes)
        #expect(instance.crimes.count == 40_000)
        #expect(instance.crimes[39_999].id == "C0040000")
        #expect(instance.crimes[27_720].specialism == nil)
        #expect(instance.crimes[10].specialism == "FRAUD")  // C0000011
        #expect(instance.crimes[6].specialism == "DA")
        // Eligibility uses the interned codes, which must agree across the two parts.
        let officers = "officer_id,bcu,level,specialisms,load,capacity\nO1,SW,3,FRAUD,0,20\n"
        let withOfficer = try Self.read(officers: officers, crimes: crimes)
        let fraud = (0..<40_000).filter { withOfficer.isEligible(officer: 0, crime: $0) }
        #expect(fraud.count == 40_000 - instance.crimes.filter { $0.specialism == "DA" }.count)
        // A crime with a quoted field is read in one part; the answer is the same.
        let quoted = crimes.replacingOccurrences(of: "C0000001,CN,Other theft", with: "\"C0000001\",CN,\"Other theft\"")
        #expect(try Self.read(crimes: quoted).crimes == instance.crimes)
    }

    @Test func `finds a repeated id across the two parts and an error in the second`() throws {
        var rows = (1...40_000).map { "C\(String(format: "%07d", $0)),CE,Other theft,1,,3" }
        rows[39_000] = "C0000005,CE,Other theft,1,,3"
        let repeated = "crime_id,bcu,crime_type,level,specialism,priority\n" + rows.joined(separator: "\n") + "\n"
        #expect(
            Self.error(crimes: repeated)
                == FileProblem(
                    file: "crimes.csv", line: 39_002, field: "crime_id", reason: "\"C0000005\" appears twice"))
        // A repeat in the second part comes before a bad value further on: the repeat is named.
        rows[39_000] = "C0039001,CE,Other theft,1,,3"
        rows[30_000] = "C0000007,CE,Other theft,1,,3"
        rows[35_000] = "C0035001,CE,Other theft,1,,7"
        let both = "crime_id,bcu,crime_type,level,specialism,priority\n" + rows.joined(separator: "\n") + "\n"
        #expect(Self.error(crimes: both)?.line == 30_002)
        #expect(Self.error(crimes: both)?.field == "crime_id")
        let blankLines = Self.largeCrimes(count: 30_000).replacingOccurrences(of: "C0000100,", with: "\n\nC0000100,")
        let bad = blankLines.replacingOccurrences(
            of: "C0029000,CE,Other theft,1,,3", with: "C0029000,CE,Other theft,1,,9")
        #expect(
            Self.error(crimes: bad)
                == FileProblem(
                    file: "crimes.csv", line: 29_003, field: "priority", reason: "must be 1, 2 or 3, not \"9\""))
        #expect(try Self.read(crimes: blankLines).crimes.count == 30_000)
    }
}
