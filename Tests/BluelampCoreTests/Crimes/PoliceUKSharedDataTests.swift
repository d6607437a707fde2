import BluelampCore
import Foundation
import Testing

/// Every police.uk file in shared/data, read as the importer reads it.
@Suite(.enabled(if: CrimeTestFiles.isSharedDataAvailable, "shared/data is not next to the repository (../shared)"))
struct PoliceUKSharedDataTests {
    struct ManifestEntry: Sendable, CustomTestStringConvertible {
        var file: String
        var rows: Int
        var isCrimeFile: Bool
        var testDescription: String { file }
    }

    /// The police.uk files MANIFEST.csv lists, with their row counts (read with the CSV reader under test).
    static let manifest: [ManifestEntry] = {
        guard CrimeTestFiles.isSharedDataAvailable,
            let data = try? Data(contentsOf: CrimeTestFiles.sharedData.appendingPathComponent("MANIFEST.csv"))
        else { return [] }
        var reader = CSVReader()
        var records: [[String]] = []
        let collect = { (row: CSVRow) in if case .success(let record) = row { records.append(record.fields) } }
        reader.consume(data, collect)
        reader.finish(collect)
        guard let header = records.first, let file = header.firstIndex(of: "file"),
            let rows = header.firstIndex(of: "rows"), let columns = header.firstIndex(of: "header")
        else { return [] }
        return records.dropFirst().filter { $0[file].hasPrefix("police-uk/") }.map {
            ManifestEntry(file: $0[file], rows: Int($0[rows]) ?? -1, isCrimeFile: $0[columns].hasPrefix("Crime ID|"))
        }
    }()

    @Test func `the manifest lists the police.uk files`() {
        #expect(Self.manifest.count == 196)
        #expect(Self.manifest.filter(\.isCrimeFile).count == 111)
    }

    @Test(arguments: manifest.filter(\.isCrimeFile))
    func `every street and outcomes file imports with no rejected row and round trips`(entry: ManifestEntry) throws {
        let bytes = try CrimeTestFiles.sharedFile(entry.file)
        var reader = PoliceUKFileReader()
        var streets: [PoliceUKStreetRecord] = []
        var outcomes: [PoliceUKOutcomeRecord] = []
        var rejected: [String] = []
        let collect = { (row: PoliceUKRow) in
            switch row {
            case .street(let record, _): streets.append(record)
            case .outcome(let record, _): outcomes.append(record)
            case .rejected(let row): rejected += row.errors.map(\.description)
            }
        }
        for chunk in CrimeTestFiles.chunks(bytes, of: 64 * 1024) { reader.consume(chunk, collect) }
        let summary = reader.finish(collect)

        #expect(rejected.isEmpty, "\(rejected.prefix(5))")
        #expect(summary.fileErrors.isEmpty)
        #expect(summary.rowCount == entry.rows)
        #expect(summary.acceptedCount == entry.rows)
        let written = summary.kind == .street ? PoliceUKCSV.file(streets) : PoliceUKCSV.file(outcomes)
        #expect(Data(written.utf8) == bytes, "export differs from \(entry.file)")
    }

    @Test(arguments: manifest.filter { !$0.isCrimeFile })
    func `stop-and-search files read as CSV but are refused as crime files`(entry: ManifestEntry) throws {
        let bytes = try CrimeTestFiles.sharedFile(entry.file)
        var reader = CSVReader()
        var good = 0
        var bad: [String] = []
        let count = { (row: CSVRow) in
            switch row {
            case .success: good += 1
            case .failure(let error): bad.append(error.description)
            }
        }
        reader.consume(bytes, count)
        reader.finish(count)
        #expect(bad.isEmpty, "\(bad.prefix(5))")
        #expect(good == entry.rows + 1)

        let report = PoliceUKFileReader.read(bytes)
        #expect(
            report.errors.map(\.description) == [
                "line 1: this is a police.uk stop-and-search file, not a street or outcomes file"
            ])
    }
}
