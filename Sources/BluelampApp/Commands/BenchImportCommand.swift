import ArgumentParser
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Vapor

/// `bluelamp bench import FILE` (a subcommand of `bench`).
struct BenchImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Rows per second: Bluelamp's police.uk importer against sqlite3's .import.",
        discussion: """
            Imports the file into a fresh temporary SQLite database with the importer (validating every row,
            normalising into crimes and incidents, with the indexes the search page needs), then loads the same
            decompressed file with `sqlite3 :memory: '.import'` into a plain table, and prints both rates.
            Needs the sqlite3 command (Debian package sqlite3). With --markdown, prints a table row for
            docs/benchmarks.md.
            """)

    @ArgumentParser.Argument(help: "A police.uk street or outcomes file (plain or .gz).")
    var file: String

    @ArgumentParser.Option(help: "Runs of each; the fastest is reported.")
    var runs: Int = 3

    @ArgumentParser.Flag(help: "Also print a Markdown table row.")
    var markdown = false

    func run() async throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw CommandFailure(message: "cannot read \(file)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bluelamp-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // The decompressed file, for sqlite3 (which reads only plain CSV).
        let plain = directory.appendingPathComponent("input.csv")
        let bytes = try BenchImportCommand.decompressed(file)
        try bytes.write(to: plain)

        var ours: (seconds: Double, rows: Int) = (.infinity, 0)
        for run in 1...max(1, runs) {
            let path = directory.appendingPathComponent("bench-\(run).sqlite").path
            var settings = Settings(database: .sqliteFile(path: path), logLevel: "error")
            settings.autoMigrate = true
            let app = try await makeApplication(settings: settings)
            do {
                let report = try await PoliceUKImporter.importFile(
                    path: file, options: .init(skipBad: true, importedBy: "bench", now: Date()), on: app.db)
                // The fingerprint pass is part of an import, so it is timed too.
                if report.seconds < ours.seconds { ours = (report.seconds, report.rows) }
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }

        var theirs: (seconds: Double, rows: Int) = (.infinity, 0)
        for _ in 1...max(1, runs) {
            let started = Date()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "sqlite3", ":memory:", ".mode csv", ".import \(plain.path) rows", "SELECT count(*) FROM rows;",
            ]
            let output = Pipe()
            process.standardOutput = output
            do {
                try process.run()
            } catch {
                throw CommandFailure(message: "cannot run sqlite3 (install the Debian package sqlite3)")
            }
            let text = String(decoding: try output.fileHandleForReading.readToEnd() ?? Data(), as: UTF8.self)
            process.waitUntilExit()
            let elapsed = Date().timeIntervalSince(started)
            guard process.terminationStatus == 0, let rows = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            else {
                throw CommandFailure(message: "sqlite3 could not import the file")
            }
            if elapsed < theirs.seconds { theirs = (elapsed, rows) }
        }

        let name = URL(fileURLWithPath: file).lastPathComponent
        let ourRate = Double(ours.rows) / ours.seconds
        let theirRate = Double(theirs.rows) / theirs.seconds
        print(String(format: "%@: %d rows", name, ours.rows))
        print(
            String(
                format:
                    "  bluelamp import police-uk: %.3f s, %.0f rows/s (validated, normalised, indexed, SQLite file)",
                ours.seconds, ourRate))
        print(
            String(
                format: "  sqlite3 :memory: .import:  %.3f s, %.0f rows/s (plain table, no checks)", theirs.seconds,
                theirRate))
        print(String(format: "  ratio: %.2f× sqlite3's rate", ourRate / theirRate))
        if markdown {
            print(
                String(
                    format: "| %@ | %d | %.0f | %.0f | %.2f |", name, ours.rows, ourRate, theirRate, ourRate / theirRate
                ))
        }
    }

    static func decompressed(_ path: String) throws -> Data {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard data.starts(with: [0x1F, 0x8B]) else { return data }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let result = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        return result
    }
}
