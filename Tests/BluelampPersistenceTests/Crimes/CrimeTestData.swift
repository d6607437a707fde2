import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit

/// Where the crime persistence tests find police.uk files: the core tests' bad-file corpus and the
/// shared data beside the repository (`<repo>/../shared/data`).
enum CrimeTestData {
    static var badFiles: URL { repositoryRoot.appendingPathComponent("Tests/BluelampCoreTests/Crimes/BadFiles") }
    static var fixtures: URL { repositoryRoot.appendingPathComponent("Tests/BluelampCoreTests/Crimes/Fixtures") }
    static var sharedData: URL { repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data") }
    static var policeUK: URL { sharedData.appendingPathComponent("police-uk") }

    static var isSharedDataAvailable: Bool {
        FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("MANIFEST.csv").path)
    }

    static func files(in folder: String) -> [URL] {
        let directory = policeUK.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }
    }

    /// A file's bytes, decompressed when it is gzip.
    static func bytes(_ url: URL) throws -> Data {
        guard url.pathExtension == "gz" else { return try Data(contentsOf: url) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", url.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        return data
    }

    static let tables = [
        "crimes", "people", "crime_people", "crime_events", "crime_outcomes", "incidents", "import_batches",
    ]

    /// The row count of every crime table, to show an import changed nothing.
    static func rowCounts(on database: any Database) async throws -> [String: Int] {
        let sql = database as! any SQLDatabase
        struct Count: Decodable { var n: Int }
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] =
                try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decoding: Count.self)?.n ?? -1
        }
        return counts
    }

    static func options(skipBad: Bool = false) -> PoliceUKImporter.Options {
        PoliceUKImporter.Options(skipBad: skipBad, importedBy: "test", now: Date(timeIntervalSince1970: 1_700_000_000))
    }
}
