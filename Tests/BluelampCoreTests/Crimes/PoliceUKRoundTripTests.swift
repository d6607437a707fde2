import BluelampCore
import Foundation
import Testing

@Suite struct PoliceUKRoundTripTests {
    @Test(arguments: ["city-of-london-2019-01-street-sample.csv", "mixed-forces-2019-01-street-sample.csv"])
    func `reading and writing a street file reproduces it byte for byte`(fixture: String) throws {
        let input = try CrimeTestFiles.fixture(fixture)
        let report = PoliceUKFileReader.read(input)
        #expect(report.errors.isEmpty)
        #expect(report.summary.kind == .street)
        #expect(Data(PoliceUKCSV.file(report.streetRecords).utf8) == input)
    }

    @Test func `reading and writing an outcomes file reproduces it byte for byte`() throws {
        let input = try CrimeTestFiles.fixture("city-of-london-2016-01-outcomes-sample.csv")
        let report = PoliceUKFileReader.read(input)
        #expect(report.errors.isEmpty)
        #expect(report.summary.kind == .outcomes)
        #expect(report.outcomeRecords.count == 200)
        #expect(Data(PoliceUKCSV.file(report.outcomeRecords).utf8) == input)
    }

    @Test func `rows become crimes or incidents with their borough and BCU`() throws {
        let report = PoliceUKFileReader.read(try CrimeTestFiles.fixture("city-of-london-2019-01-street-sample.csv"))
        let first = try #require(report.streetRecords.first)
        #expect(first.isIncident)
        #expect(first.crimeID == nil)
        #expect(first.borough == "Camden")
        #expect(first.bcu == .centralNorth)
        #expect(first.month == PoliceUKMonth(year: 2019, month: 1))
        #expect(first.location.longitude == -0.112422)
        let second = report.streetRecords[1]
        #expect(second.crimeType == .crime(.bicycleTheft))
        #expect(second.lastOutcome == .investigationCompleteNoSuspectIdentified)
        #expect(second.lastOutcome?.homeOfficeOutcome == .investigationCompleteNoSuspectIdentified)
        #expect(report.summary.crimeCount + report.summary.incidentCount == 300)
        // The City of London is not a Met borough: the row is kept, its BCU unknown.
        #expect(report.streetRecords.contains { $0.borough == "City of London" && $0.bcu == nil })
    }

    @Test func `crimes without an ID and rows without a location are kept`() throws {
        let report = PoliceUKFileReader.read(try CrimeTestFiles.fixture("mixed-forces-2019-01-street-sample.csv"))
        let btp = report.streetRecords.filter { $0.reportedBy == "British Transport Police" }
        #expect(!btp.isEmpty)
        #expect(btp.allSatisfy { $0.crimeID == nil && !$0.isIncident && $0.lastOutcome == nil })
        let noLocation = try #require(report.streetRecords.first { $0.location.place == CrimeLocation.noLocation })
        #expect(
            noLocation.location.longitude == nil && noLocation.location.lsoaCode == nil && noLocation.borough == nil)
        let quoted = try #require(report.streetRecords.first { $0.location.place.contains(",") })
        #expect(quoted.location.place == "On or near Great Central Railway, Quorn")
        #expect(PoliceUKCSV.line(quoted).contains(#","On or near Great Central Railway, Quorn","#))
    }

    @Test(arguments: [
        (-0.111497, "-0.111497"), (51.518226, "51.518226"), (-0.0, "-0.000000"), (0.5, "0.500000"),
        (1.759519, "1.759519"), (-8.148313, "-8.148313"), (57.6, "57.600000"),
    ])
    func `writes coordinates with six decimal places`(value: Double, text: String) {
        #expect(PoliceUKCSV.coordinate(value) == text)
    }

    @Test func `quotes a field only when it must`() {
        #expect(PoliceUKCSV.field("On or near Star Yard") == "On or near Star Yard")
        #expect(PoliceUKCSV.field("a, b") == "\"a, b\"")
        #expect(PoliceUKCSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(PoliceUKCSV.field("two\nlines") == "\"two\nlines\"")
        #expect(PoliceUKCSV.field("") == "")
    }
}

@Suite struct PoliceUKFileReaderTests {
    @Test func `gives the same rows however the file is chunked`() throws {
        let input = try CrimeTestFiles.fixture("mixed-forces-2019-01-street-sample.csv")
        let whole = PoliceUKFileReader.read(input)
        for size in [1, 7, 100, 4096] {
            var reader = PoliceUKFileReader()
            var rows: [PoliceUKRow] = []
            for chunk in CrimeTestFiles.chunks(input, of: size) { reader.consume(chunk) { rows.append($0) } }
            let summary = reader.finish { rows.append($0) }
            #expect(summary == whole.summary, "chunk size \(size)")
            #expect(
                rows.compactMap { if case .street(let record, _) = $0 { record } else { nil } } == whole.streetRecords)
        }
    }

    @Test func `hands over each row with its line number`() throws {
        var reader = PoliceUKFileReader()
        var lines: [Int] = []
        reader.consume(try CrimeTestFiles.badFile("bad-month.csv")) { lines.append($0.line) }
        _ = reader.finish { lines.append($0.line) }
        #expect(lines == [2, 3])
    }

    @Test func `summarises what it read`() throws {
        let report = PoliceUKFileReader.read(try CrimeTestFiles.fixture("city-of-london-2016-01-outcomes-sample.csv"))
        #expect(report.summary.kind == .outcomes)
        #expect(report.summary.rowCount == 200)
        #expect(report.summary.outcomeCount == 200)
        #expect(report.summary.firstMonth == PoliceUKMonth("2016-01"))
        #expect(report.summary.lastMonth == PoliceUKMonth("2016-01"))
        #expect(report.summary.isClean)
    }

    @Test func `skips a byte order mark before the header`() throws {
        let input = Data([0xEF, 0xBB, 0xBF]) + (try CrimeTestFiles.fixture("city-of-london-2019-01-street-sample.csv"))
        let report = PoliceUKFileReader.read(input)
        #expect(report.summary.isClean)
        #expect(report.streetRecords.count == 300)
    }

    @Test func `keeps only the first problems but counts them all`() throws {
        var text = PoliceUKCSV.headerLine(.street)
        for _ in 0..<5 {
            text += ",2019-13,City of London Police,City of London Police,,,No Location,,,Anti-social behaviour,,\n"
        }
        let report = PoliceUKFileReader.read(Data(text.utf8), options: PoliceUKFileReader.Options(maxErrorsKept: 2))
        #expect(report.summary.errors.count == 2)
        #expect(report.summary.errorCount == 5)
        #expect(report.summary.rejectedCount == 5)
        #expect(report.rejectedRows.count == 5)
    }
}

@Suite struct PoliceUKValueTests {
    @Test(arguments: ["2019-01", "2016-12", "1999-10"])
    func `reads and writes a month`(text: String) throws {
        #expect(try #require(PoliceUKMonth(text)).text == text)
    }

    @Test(arguments: ["2019-13", "2019-00", "2019-1", "19-01", "2019/01", "2019-011", "", "２019-01", "Jan 2019"])
    func `refuses what is not a month`(text: String) {
        #expect(PoliceUKMonth(text) == nil)
    }

    @Test func `months order and step`() {
        #expect(PoliceUKMonth("2019-12")!.next == PoliceUKMonth("2020-01"))
        #expect(PoliceUKMonth("2019-02")! < PoliceUKMonth("2019-10")!)
    }

    @Test(arguments: ["1e5", "nan", "inf", "0x1p3", "", "-", ".5", "5.", "1.2.3", "+1.0", " 1.0", "1,0"])
    func `refuses what police.uk would not write as a coordinate`(text: String) {
        #expect(PoliceUKRowValidator.decimal(text) == nil)
    }

    @Test func `parses decimals exactly as Double does`() {
        // A fixed pseudo-random sequence, so the test is the same every run.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let whole = next() % 200
            let places = Int(next() % 9)
            let fraction = places == 0 ? "" : "." + String(String(next()).suffix(places))
            let text = (next() % 2 == 0 ? "-" : "") + String(whole) + fraction
            let parsed = PoliceUKRowValidator.decimal(text)
            if parsed != Double(text) || parsed?.sign != Double(text)?.sign { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(PoliceUKRowValidator.decimal("-0.000000")?.sign == .minus)
        #expect(PoliceUKRowValidator.decimal("12345678901234567890.5") == 12345678901234567890.5)
    }
}
