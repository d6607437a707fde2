import BluelampCore
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BluelampPersistence

@Suite struct PoliceUKImporterTests {
    static let colStreet2019 = CrimeTestData.policeUK.appendingPathComponent(
        "city-of-london/street/2019-01-city-of-london-street.csv")

    @Test(.enabled(if: CrimeTestData.isSharedDataAvailable))
    func `a street file imports every row and exports back byte for byte`() async throws {
        try await withDatabase { app in
            let report = try await PoliceUKImporter.importFile(
                path: Self.colStreet2019.path, options: CrimeTestData.options(), on: app.db)
            let bytes = try CrimeTestData.bytes(Self.colStreet2019)
            let expected = PoliceUKFileReader.read(bytes).summary
            #expect(report.status == .imported)
            #expect(report.errors.isEmpty)
            #expect(report.rows == expected.rowCount)
            #expect(report.crimes == expected.crimeCount)
            #expect(report.incidents == expected.incidentCount)
            let counts = try await CrimeTestData.rowCounts(on: app.db)
            #expect(counts["crimes"] == expected.crimeCount)
            #expect(counts["incidents"] == expected.incidentCount)
            let exported = try await PoliceUKExporter.file(.street, month: PoliceUKMonth("2019-01")!, on: app.db)
            #expect(Data(exported.utf8) == bytes)
        }
    }

    @Test(.enabled(if: CrimeTestData.isSharedDataAvailable))
    func `importing the same file twice changes nothing`() async throws {
        try await withDatabase { app in
            let first = try await PoliceUKImporter.importFile(
                path: Self.colStreet2019.path, options: CrimeTestData.options(), on: app.db)
            let before = try await CrimeTestData.rowCounts(on: app.db)
            let second = try await PoliceUKImporter.importFile(
                path: Self.colStreet2019.path, options: CrimeTestData.options(), on: app.db)
            #expect(first.status == .imported)
            #expect(second.status == .alreadyImported)
            #expect(try await CrimeTestData.rowCounts(on: app.db) == before)
        }
    }

    @Test(.enabled(if: CrimeTestData.isSharedDataAvailable))
    func `the same rows in another file are recognised by their identity and not duplicated`() async throws {
        try await withDatabase { app in
            _ = try await PoliceUKImporter.importFile(
                path: Self.colStreet2019.path, options: CrimeTestData.options(), on: app.db)
            let before = try await CrimeTestData.rowCounts(on: app.db)
            // The same rows, plus a trailing newline-free copy of nothing: different bytes, same rows.
            var bytes = try CrimeTestData.bytes(Self.colStreet2019)
            bytes.removeLast()  // no final line break: another hash, identical rows
            let report = try await PoliceUKImporter.importData(
                bytes, fileName: "copy.csv", options: CrimeTestData.options(), on: app.db)
            #expect(report.status == .imported)
            var after = try await CrimeTestData.rowCounts(on: app.db)
            #expect(after["import_batches"] == before["import_batches"]! + 1)
            after["import_batches"] = before["import_batches"]
            #expect(after == before)
        }
    }

    /// The secondary indexes of the street tables, by name, with their SQL (SQLite only).
    static func streetIndexes(on sql: any SQLDatabase) async throws -> [String: String] {
        struct Index: Decodable { var name: String; var sql: String }
        let rows = try await sql.raw(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('crimes', 'incidents')"
        ).all(decoding: Index.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0.sql) })
    }

    @Test(.enabled(if: CrimeTestData.isSharedDataAvailable))
    func `a load into near-empty tables builds their indexes at the end, and they are the same indexes`() async throws {
        try await withDatabase { app in
            let sql = app.db as! any SQLDatabase
            guard sql.dialect.name == "sqlite" else { return }  // PostgreSQL never defers (see DeferredIndexes)
            let before = try await Self.streetIndexes(on: sql)
            #expect(before.count == 11)  // with crimes_awaiting_decision (issue 15) and crimes_reported (issue 20)
            // A load smaller than `minimumRows` (a county's month) keeps them, even into empty tables.
            let small = try await app.db.transaction { db in
                try await DeferredIndexes.dropIfLoadDominates(
                    tables: ["crimes", "incidents"], expectedRows: DeferredIndexes.minimumRows - 1,
                    on: db as! any SQLDatabase)
            }
            #expect(small.names.isEmpty)
            #expect(try await Self.streetIndexes(on: sql) == before)
            // Dropped when the file is most of what the tables will hold, and restored by the same
            // connection in the same transaction, as the importer does.
            try await app.db.transaction { db in
                let tx = db as! any SQLDatabase
                let deferred = try await DeferredIndexes.dropIfLoadDominates(
                    tables: ["crimes", "incidents"], expectedRows: 100, minimumRows: 100, on: tx)
                #expect(Set(deferred.names) == Set(before.keys))
                #expect(try await Self.streetIndexes(on: tx).isEmpty)
                try await deferred.restore(on: tx)
            }
            #expect(try await Self.streetIndexes(on: sql) == before)
            // … and an import that defers them (lowered from `minimumRows` for this small file) restores them
            // exactly, holding every row it wrote.
            var deferring = CrimeTestData.options()
            deferring.deferIndexesFromRows = 0
            let report = try await PoliceUKImporter.importFile(
                path: Self.colStreet2019.path, options: deferring, on: app.db)
            #expect(report.status == .imported)
            #expect(report.crimes > 0 && report.incidents > 0)
            #expect(try await Self.streetIndexes(on: sql) == before)
            struct Count: Decodable { var n: Int }
            for (index, table) in [("crimes_month", "crimes"), ("incidents_month", "incidents")] {
                let throughIndex = try await sql.raw(
                    "SELECT COUNT(*) AS n FROM \(ident: table) INDEXED BY \(ident: index) WHERE month >= ''"
                ).first(decoding: Count.self)?.n
                #expect(throughIndex == (table == "crimes" ? report.crimes : report.incidents))
            }
            // Tables holding more rows than the load keep their indexes.
            let kept = try await app.db.transaction { db in
                try await DeferredIndexes.dropIfLoadDominates(
                    tables: ["crimes", "incidents"], expectedRows: 10, minimumRows: 10, on: db as! any SQLDatabase)
            }
            #expect(kept.names.isEmpty)
            #expect(try await Self.streetIndexes(on: sql) == before)
            // A refused file rolls back with its indexes in place.
            let refused = try await PoliceUKImporter.importFile(
                path: CrimeTestData.badFiles.appendingPathComponent("bad-month.csv").path,
                options: deferring, on: app.db)
            #expect(refused.status == .refused)
            #expect(try await Self.streetIndexes(on: sql) == before)
        }
    }
}

@Suite struct PoliceUKBadFileImportTests {
    /// Each file of the core's bad-file corpus and exactly what the importer reports. (An outcome of a
    /// crime not held is not a bad row: it is kept, see `PoliceUKOutcomesOfCrimesNotHeldTests`.)
    static let corpus: [(String, [String])] = [
        ("truncated-row.csv", ["line 4: the row is truncated: 8 of 12 fields, and the file ends without a line break"]),
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

    @Test func `the corpus covers every bad file`() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: CrimeTestData.badFiles.path)
        #expect(Set(names) == Set(Self.corpus.map(\.0)))
    }

    @Test(arguments: corpus)
    func `each bad file is refused with its exact errors and leaves every table's rows unchanged`(
        file: String, expected: [String]
    ) async throws {
        try await withDatabase { app in
            // Something already stored, so "unchanged" means more than "still empty".
            let fixture = CrimeTestData.fixtures.appendingPathComponent("city-of-london-2019-01-street-sample.csv")
            let seeded = try await PoliceUKImporter.importFile(
                path: fixture.path, options: CrimeTestData.options(), on: app.db)
            #expect(seeded.status == .imported)
            let before = try await CrimeTestData.rowCounts(on: app.db)
            let report = try await PoliceUKImporter.importFile(
                path: CrimeTestData.badFiles.appendingPathComponent(file).path, options: CrimeTestData.options(),
                on: app.db)
            #expect(report.status == .refused)
            #expect(report.errors.map(\.description) == expected)
            #expect(try await CrimeTestData.rowCounts(on: app.db) == before)
        }
    }

    @Test func `a 10 MB field is refused and nothing is written`() async throws {
        try await withDatabase { app in
            var bytes = Array(PoliceUKCSV.headerLine(.street).utf8)
            bytes += Array(",2019-01,City of London Police,City of London Police,-0.112422,51.515381,\"".utf8)
            bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024)
            bytes += Array("\",E01000914,Camden 028B,Anti-social behaviour,,\n".utf8)
            let before = try await CrimeTestData.rowCounts(on: app.db)
            let report = try await PoliceUKImporter.importData(
                Data(bytes), fileName: "big.csv", options: CrimeTestData.options(), on: app.db)
            #expect(report.errors.map(\.description) == ["line 2, Location: longer than the limit of 1048576 bytes"])
            #expect(try await CrimeTestData.rowCounts(on: app.db) == before)
        }
    }

    @Test func `skip-bad imports the good rows and hands over each rejected row`() async throws {
        try await withDatabase { app in
            final class Sink: @unchecked Sendable { var rows: [PoliceUKRejectedRow] = [] }
            let sink = Sink()
            let report = try await PoliceUKImporter.importFile(
                path: CrimeTestData.badFiles.appendingPathComponent("longitude-out-of-range.csv").path,
                options: CrimeTestData.options(skipBad: true), on: app.db, rejected: { sink.rows.append($0) })
            #expect(report.status == .imported)
            #expect(report.rows == 3)
            #expect(report.rejected == 1)
            #expect(sink.rows.map(\.line) == [4])
            let counts = try await CrimeTestData.rowCounts(on: app.db)
            #expect((counts["crimes"] ?? 0) + (counts["incidents"] ?? 0) == 2)
        }
    }

    @Test func `a gzip file and its plain bytes are the same file`() async throws {
        try await withDatabase { app in
            let plain = CrimeTestData.fixtures.appendingPathComponent("city-of-london-2019-01-street-sample.csv")
            let gz = FileManager.default.temporaryDirectory.appendingPathComponent("sample-\(UUID().uuidString).csv.gz")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "gzip -c '\(plain.path)' > '\(gz.path)'"]
            try process.run()
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(at: gz) }
            let first = try await PoliceUKImporter.importFile(
                path: gz.path, options: CrimeTestData.options(), on: app.db)
            let second = try await PoliceUKImporter.importFile(
                path: plain.path, options: CrimeTestData.options(), on: app.db)
            #expect(first.status == .imported)
            #expect(first.rows > 0)
            #expect(second.status == .alreadyImported)
        }
    }
}
