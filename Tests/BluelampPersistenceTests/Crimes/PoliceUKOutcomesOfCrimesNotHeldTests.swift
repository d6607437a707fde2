import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing

/// A month's police.uk outcomes file holds the outcomes recorded that month, mostly for crimes reported
/// in earlier months (issue 15, "Real data refused"). Such an outcome is kept against its Crime ID,
/// linked when the crime's street row arrives, in whichever order the files come, and exported back as
/// it was published.
@Suite(.enabled(if: CrimeTestData.isSharedDataAvailable, "shared/data is not beside the repository"))
struct PoliceUKOutcomesOfCrimesNotHeldTests {
    static let notHeld = CrimeTestData.fixtures.appendingPathComponent("outcome-of-a-crime-not-held.csv")
    /// Its one row's crime, reported in January 2016.
    static let notHeldCrimeID = "9a0874c4253249e9b19acf901553a1b2b283306a7d4e8e12ad5970d6d51a1812"

    /// March 2016's outcomes: 620 rows, of which 248 are for crimes reported in January and February,
    /// 136 for March's own crimes, and the rest for crimes from before 2016 or later re-used IDs.
    static let outcomesMonth = PoliceUKMonth("2016-03")!
    static let outcomes = CrimeTestData.policeUK.appendingPathComponent(
        "city-of-london/outcomes/2016-03-city-of-london-outcomes.csv")
    static let streets = ["2016-01", "2016-02", "2016-03"].map {
        CrimeTestData.policeUK.appendingPathComponent("city-of-london/street/\($0)-city-of-london-street.csv")
    }

    @Test
    func `an outcome of a crime not held is kept, exported byte for byte, and linked when its street row arrives`()
        async throws
    {
        try await withDatabase { app in
            // Act: the outcome first, into a new database.
            let held = try await PoliceUKImporter.importFile(
                path: Self.notHeld.path, options: CrimeTestData.options(), on: app.db)

            // Assert: kept, not refused, and said so.
            #expect(held.status == .imported)
            #expect(held.rejected == 0)
            #expect(held.outcomes == 1)
            #expect(held.outcomesHeld == 1)
            #expect(held.summary.contains("1 outcome of a crime not held: kept until its crime is imported"))
            #expect(try await PoliceUKImporter.outcomesOfCrimesNotHeld(on: app.db) == 1)
            let exported = try await PoliceUKExporter.file(.outcomes, month: PoliceUKMonth("2016-01")!, on: app.db)
            #expect(Data(exported.utf8) == (try CrimeTestData.bytes(Self.notHeld)))

            // The crime's street file links it.
            let street = CrimeTestData.policeUK.appendingPathComponent(
                "city-of-london/street/2016-01-city-of-london-street.csv")
            let linked = try await PoliceUKImporter.importFile(
                path: street.path, options: CrimeTestData.options(), on: app.db)
            #expect(linked.status == .imported)
            #expect(linked.outcomesLinked == 1)
            #expect(linked.summary.contains("1 held outcome linked to its crime"))
            #expect(try await PoliceUKImporter.outcomesOfCrimesNotHeld(on: app.db) == 0)
            let sql = app.db as! any SQLDatabase
            struct Crime: Decodable { var id: Int; var outcome_type: Int?; var status: String }
            let crime = try #require(
                try await sql.raw(
                    "SELECT id, outcome_type, status FROM crimes WHERE police_uk_crime_id = \(bind: Self.notHeldCrimeID)"
                )
                .first(decoding: Crime.self))
            #expect(crime.outcome_type == OutcomeType.cautionAdult.rawValue)
            #expect(crime.status == CrimeStatus.Code.closed.rawValue)
            let detail = try #require(try await CrimeStore.detail(id: crime.id, on: app.db))
            #expect(detail.publishedOutcomes.map(\.outcome) == [.offenderGivenACaution])
            // Exported the same once linked.
            let again = try await PoliceUKExporter.file(.outcomes, month: PoliceUKMonth("2016-01")!, on: app.db)
            #expect(again == exported)
        }
    }

    @Test func `a refused outcomes file holds nothing`() async throws {
        try await withDatabase { app in
            var bytes = try CrimeTestData.bytes(Self.notHeld)
            bytes += Data(
                "\(Self.notHeldCrimeID),2016-13,City of London Police,City of London Police,,,No location,,,Local resolution\n"
                    .utf8)
            let before = try await CrimeTestData.rowCounts(on: app.db)
            let report = try await PoliceUKImporter.importData(
                bytes, fileName: "bad.csv", options: CrimeTestData.options(), on: app.db)
            #expect(report.status == .refused)
            #expect(report.outcomesHeld == 1)
            #expect(report.summary.contains("(1 outcome of a crime not held)"))
            #expect(try await CrimeTestData.rowCounts(on: app.db) == before)
        }
    }

    /// What the database holds after the files, independent of the order they came in (and of ids).
    struct State: Equatable {
        /// Each crime by its police.uk row identity: status, outcome, outcome date, police.uk outcome.
        var crimes: [String: String]
        /// Each outcome by its row identity: the row identity of its crime, or "not held".
        var outcomes: [String: String]
    }

    static func state(on sql: any SQLDatabase) async throws -> State {
        struct CrimeRow: Decodable {
            var police_uk_row_key: String
            var status: String
            var outcome_type: Int?
            var outcome_date: Date?
            var police_uk_outcome: String?
        }
        struct OutcomeRow: Decodable { var row_key: String; var crime: String? }
        let crimes = try await sql.raw(
            "SELECT police_uk_row_key, status, outcome_type, outcome_date, police_uk_outcome FROM crimes"
        ).all(decoding: CrimeRow.self)
        let outcomes = try await sql.raw(
            "SELECT o.row_key, c.police_uk_row_key AS crime FROM crime_outcomes o LEFT JOIN crimes c ON c.id = o.crime_id"
        ).all(decoding: OutcomeRow.self)
        return State(
            crimes: Dictionary(
                uniqueKeysWithValues: crimes.map {
                    (
                        $0.police_uk_row_key,
                        "\($0.status) \($0.outcome_type ?? -1) \($0.outcome_date?.timeIntervalSince1970 ?? -1) \($0.police_uk_outcome ?? "")"
                    )
                }),
            outcomes: Dictionary(uniqueKeysWithValues: outcomes.map { ($0.row_key, $0.crime ?? "not held") }))
    }

    /// Imports the files in order into a new database; returns each report and the state after.
    func importing(_ files: [URL]) async throws -> (reports: [PoliceUKImportReport], state: State, exported: Data) {
        var result: (reports: [PoliceUKImportReport], state: State, exported: Data)?
        try await withDatabase { app in
            var reports: [PoliceUKImportReport] = []
            for file in files {
                reports.append(
                    try await PoliceUKImporter.importFile(path: file.path, options: CrimeTestData.options(), on: app.db)
                )
            }
            // The same files again change nothing.
            let before = try await CrimeTestData.rowCounts(on: app.db)
            for file in files {
                let again = try await PoliceUKImporter.importFile(
                    path: file.path, options: CrimeTestData.options(), on: app.db)
                #expect(again.status == .alreadyImported)
            }
            #expect(try await CrimeTestData.rowCounts(on: app.db) == before)
            let exported = try await PoliceUKExporter.file(.outcomes, month: Self.outcomesMonth, on: app.db)
            result = (reports, try await Self.state(on: app.db as! any SQLDatabase), Data(exported.utf8))
        }
        return try #require(result)
    }

    @Test
    func `a real month's outcomes import before or after the street files of the months their crimes were reported in`()
        async throws
    {
        // Arrange: which outcomes name a crime in the street files.
        let records = PoliceUKFileReader.read(try CrimeTestData.bytes(Self.outcomes)).outcomeRecords
        var inStreetFiles = Set<String>()
        var linkedByFile: [Int] = []
        for street in Self.streets {
            let ids = Set(PoliceUKFileReader.read(try CrimeTestData.bytes(street)).streetRecords.compactMap(\.crimeID))
            linkedByFile.append(
                records.filter { ids.contains($0.crimeID) && !inStreetFiles.contains($0.crimeID) }.count)
            inStreetFiles.formUnion(ids)
        }
        let attached = records.filter { inStreetFiles.contains($0.crimeID) }.count
        #expect(records.count == 620)
        // Most of the month's outcomes are for crimes of earlier months.
        #expect(linkedByFile[0] + linkedByFile[1] > linkedByFile[2])

        // Act: outcomes first, then the street files; and the street files first.
        let outcomesFirst = try await importing([Self.outcomes] + Self.streets)
        let streetsFirst = try await importing(Self.streets + [Self.outcomes])

        // Assert: outcomes first, every outcome is kept and each street file links its crimes' outcomes.
        let held = outcomesFirst.reports[0]
        #expect(held.status == .imported)
        #expect(held.rejected == 0)
        #expect(held.outcomes == records.count)
        #expect(held.outcomesHeld == records.count)
        #expect(outcomesFirst.reports.dropFirst().map(\.outcomesLinked) == linkedByFile)
        #expect(outcomesFirst.state.outcomes.values.filter { $0 == "not held" }.count == records.count - attached)

        // Street files first, the outcomes attach as they arrive and only the rest are held.
        let late = try #require(streetsFirst.reports.last)
        #expect(late.status == .imported)
        #expect(late.rejected == 0)
        #expect(late.outcomes == records.count)
        #expect(late.outcomesHeld == records.count - attached)
        #expect(streetsFirst.reports.map(\.outcomesLinked) == [0, 0, 0, 0])

        // Either way the same crimes, outcomes and links, and the month exports as published.
        #expect(outcomesFirst.state == streetsFirst.state)
        #expect(outcomesFirst.state.outcomes.count == records.count)
        let source = try CrimeTestData.bytes(Self.outcomes)
        #expect(outcomesFirst.exported == source)
        #expect(streetsFirst.exported == source)
    }
}
