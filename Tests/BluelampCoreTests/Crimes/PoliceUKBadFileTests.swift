import BluelampCore
import Foundation
import Testing

@Suite struct PoliceUKBadFileTests {
    /// Each file in BadFiles/ and exactly the problems it must produce, in order.
    static let corpus: [(String, [String])] = [
        (
            "truncated-row.csv",
            ["line 4: the row is truncated: 8 of 12 fields, and the file ends without a line break"]
        ),
        ("unquoted-comma.csv", ["line 3: 13 fields where the header has 12 (an unquoted comma?)"]),
        ("bad-month.csv", [#"line 2, Month: "2019-13" is not a month (YYYY-MM)"#]),
        ("unknown-crime-type.csv", [#"line 3, Crime type: "Arson" is not a police.uk crime type"#]),
        (
            "longitude-out-of-range.csv",
            ["line 4, Longitude: 200.000000 is out of range (-9 to 2.5, the United Kingdom)"]
        ),
        (
            "conflicting-crime-type.csv",
            [
                #"line 4, Crime type: "Robbery", but Crime ID 320930473d454d613ead909a28008a91a607c93f8b74339623a4cec4a252b0dd is "Bicycle theft" on line 2"#
            ]
        ),
        ("invalid-utf8.csv", ["line 3, Location: not valid UTF-8"]),
        ("header-only.csv", ["the file has a header but no rows"]),
        ("empty.csv", ["the file is empty"]),
        ("another-format.csv", ["line 1: the header is not a police.uk street or outcomes header"]),
        ("stop-and-search.csv", ["line 1: this is a police.uk stop-and-search file, not a street or outcomes file"]),
        ("unterminated-quote.csv", ["line 3, Location: the file ends inside a quoted field"]),
        ("outcome-without-crime-id.csv", ["line 2, Crime ID: empty; an outcome must name its crime"]),
        (
            "several-bad-fields.csv",
            [
                #"line 3, Crime ID: "xyz" is not a police.uk Crime ID (64 hexadecimal characters)"#,
                #"line 3, Month: "Jan 2019" is not a month (YYYY-MM)"#,
                "line 3, Falls within: empty; the force area is required",
                "line 3, Longitude: 51.515381 is out of range (-9 to 2.5, the United Kingdom)",
                "line 3, Latitude: -0.112422 is out of range (49 to 61, the United Kingdom)",
                #"line 3, Location: empty; police.uk writes "No Location" when there is none"#,
                "line 3, LSOA name: empty while LSOA code is given",
                #"line 3, Last outcome category: anti-social behaviour has no outcome, but the row has "Local resolution""#,
            ]
        ),
    ]

    @Test(arguments: corpus)
    func `each bad file gives its exact errors`(file: String, expected: [String]) throws {
        let report = PoliceUKFileReader.read(try CrimeTestFiles.badFile(file))
        #expect(report.errors.map(\.description) == expected)
        #expect(report.summary.isClean == expected.isEmpty)
    }

    @Test func `the corpus covers every file in BadFiles`() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: CrimeTestFiles.badFiles.path)
        #expect(Set(names) == Set(Self.corpus.map(\.0)))
    }

    @Test func `errors carry the line, field and reason separately`() throws {
        let report = PoliceUKFileReader.read(try CrimeTestFiles.badFile("bad-month.csv"))
        let error = try #require(report.errors.first)
        #expect(error.line == 2)
        #expect(error.field == "Month")
        #expect(error.reason == #""2019-13" is not a month (YYYY-MM)"#)
    }

    @Test func `good rows around a bad one are still read and counted`() throws {
        let report = PoliceUKFileReader.read(try CrimeTestFiles.badFile("longitude-out-of-range.csv"))
        #expect(report.summary.rowCount == 3)
        #expect(report.summary.acceptedCount == 2)
        #expect(report.summary.rejectedCount == 1)
        #expect(report.streetRecords.count == 2)
        #expect(report.rejectedRows.first?.fields?[4] == "200.000000")
    }

    @Test func `a 10 MB field is rejected with a clear error`() throws {
        var bytes = Array(PoliceUKCSV.headerLine(.street).utf8)
        bytes += Array(",2019-01,City of London Police,City of London Police,-0.112422,51.515381,\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024)
        bytes += Array("\",E01000914,Camden 028B,Anti-social behaviour,,\n".utf8)
        var reader = PoliceUKFileReader()
        var rows: [PoliceUKRow] = []
        for chunk in CrimeTestFiles.chunks(Data(bytes), of: 1 << 16) { reader.consume(chunk) { rows.append($0) } }
        let summary = reader.finish { rows.append($0) }
        #expect(summary.errors.map(\.description) == ["line 2, Location: longer than the limit of 1048576 bytes"])
        #expect(summary.rejectedCount == 1)
    }

    @Test func `the same Crime ID with the same type is accepted, as police.uk repeats them`() throws {
        let text = String(decoding: try CrimeTestFiles.badFile("conflicting-crime-type.csv"), as: UTF8.self)
            .replacingOccurrences(of: "Robbery", with: "Bicycle theft")
        let report = PoliceUKFileReader.read(Data(text.utf8))
        #expect(report.summary.isClean)
        #expect(report.streetRecords.count == 4)
    }
}
