import ArgumentParser
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Vapor

/// `bluelamp import police-uk FILE...`
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data files.", subcommands: [ImportPoliceUKCommand.self])
}

struct ImportPoliceUKCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "police-uk", abstract: "Import police.uk street and outcomes CSV files (plain or .gz).",
        discussion: """
            Each file is one transaction: a file with any bad row writes nothing, and every bad row is listed
            with its line, field and reason (exit status 1). With --skip-bad the good rows are written and the
            rejected ones go to --rejects. Importing a file again changes nothing. Street files are imported
            before outcomes files, so outcomes find their crimes; an outcome whose Crime ID matches no crime
            is a bad row.
            """)

    @ArgumentParser.Argument(help: "The files to import.")
    var files: [String]

    @ArgumentParser.Flag(help: "Import the good rows of a file with bad rows, writing the rejected rows to --rejects.")
    var skipBad = false

    @ArgumentParser.Option(help: "Where --skip-bad writes the rejected rows (CSV: file, line, field, reason, row).")
    var rejects: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if rejects != nil && !skipBad { throw ValidationError("--rejects goes with --skip-bad") }
        if files.isEmpty { throw ValidationError("name at least one file") }
    }

    func run() async throws {
        let settings = try database.settings()
        let app = try await makeApplication(settings: settings)
        var refused = false
        do {
            let rejectsFile = try rejects.map { try RejectsFile(path: $0) }
            let progress = TerminalProgress()
            for path in PoliceUKFiles.importOrder(files) {
                let name = URL(fileURLWithPath: path).lastPathComponent
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw CommandFailure(message: "cannot read \(path)")
                }
                var sink: (@Sendable (PoliceUKRejectedRow) -> Void)?
                if let rejectsFile { sink = { row in rejectsFile.write(fileName: name, row: row) } }
                // The same use case as the upload page and the API, so the import is audited as theirs are.
                let report = try await CrimeService(app.commandService("bluelamp import police-uk")).importFile(
                    path: path, skipBad: skipBad, progress: { done, total in progress.report(name, done, total) }, rejected: sink)
                print(report.summary)
                if report.status == .refused {
                    refused = true
                    for error in report.errors { print("  \(error)") }
                    if report.errorCount > report.errors.count {
                        print("  … and \(report.errorCount - report.errors.count) more")
                    }
                }
            }
            try rejectsFile?.close()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        if refused { throw CommandFailure(message: "a file was refused; nothing was written from it") }
    }
}

/// Rejected rows written as CSV: file, line, field, reason, and the row as police.uk wrote it.
final class RejectsFile: @unchecked Sendable {
    let handle: FileHandle
    let lock = NSLock()

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data("file,line,field,reason,row\n".utf8)),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CommandFailure(message: "cannot write the rejects file \(path)") }
        self.handle = handle
        handle.seekToEndOfFile()
    }

    func write(fileName: String, row: PoliceUKRejectedRow) {
        lock.lock()
        defer { lock.unlock() }
        let original = row.fields.map { $0.map(PoliceUKCSV.field).joined(separator: ",") } ?? ""
        for error in row.errors {
            let fields = [fileName, String(row.line), error.field ?? "", error.reason, original].map(PoliceUKCSV.field)
            handle.write(Data((fields.joined(separator: ",") + "\n").utf8))
        }
    }

    func close() throws { try handle.close() }
}

enum PoliceUKFiles {
    /// Street files before outcomes files (outcomes attach to crimes already imported), otherwise as given.
    static func importOrder(_ paths: [String]) -> [String] {
        let outcomes = paths.filter { URL(fileURLWithPath: $0).lastPathComponent.contains("outcomes") }
        return paths.filter { !outcomes.contains($0) } + outcomes
    }
}

/// `bluelamp export police-uk --month YYYY-MM`
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export data files.", subcommands: [ExportPoliceUKCommand.self])
}

struct ExportPoliceUKCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "police-uk", abstract: "Export a month in police.uk's street or outcomes format.",
        discussion: "Imported rows come out exactly as they went in, in file order; crimes recorded here follow.")

    @ArgumentParser.Option(help: "The month, YYYY-MM.")
    var month: String

    @ArgumentParser.Option(help: "street (crimes and anti-social behaviour) or outcomes.")
    var kind: String = "street"

    @ArgumentParser.Option(help: "The file to write (default: standard output).")
    var out: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard PoliceUKMonth(month) != nil else { throw ValidationError("--month must be YYYY-MM, e.g. 2019-01") }
        guard PoliceUKFileKind(rawValue: kind) != nil else { throw ValidationError("--kind must be street or outcomes") }
    }

    func run() async throws {
        let settings = try database.settings()
        let app = try await makeApplication(settings: settings)
        do {
            let text = try await PoliceUKExporter.file(PoliceUKFileKind(rawValue: kind)!, month: PoliceUKMonth(month)!, on: app.db)
            if let out {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: out))
                } catch {
                    throw CommandFailure(message: "cannot write \(out)")
                }
                let rows = text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1
                FileHandle.standardError.write(Data("Wrote \(rows) rows to \(out)\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

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
        guard FileManager.default.isReadableFile(atPath: file) else { throw CommandFailure(message: "cannot read \(file)") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bluelamp-bench-\(UUID().uuidString)")
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
            process.arguments = ["sqlite3", ":memory:", ".mode csv", ".import \(plain.path) rows", "SELECT count(*) FROM rows;"]
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
            guard process.terminationStatus == 0, let rows = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw CommandFailure(message: "sqlite3 could not import the file")
            }
            if elapsed < theirs.seconds { theirs = (elapsed, rows) }
        }

        let name = URL(fileURLWithPath: file).lastPathComponent
        let ourRate = Double(ours.rows) / ours.seconds
        let theirRate = Double(theirs.rows) / theirs.seconds
        print(String(format: "%@: %d rows", name, ours.rows))
        print(String(format: "  bluelamp import police-uk: %.3f s, %.0f rows/s (validated, normalised, indexed, SQLite file)", ours.seconds, ourRate))
        print(String(format: "  sqlite3 :memory: .import:  %.3f s, %.0f rows/s (plain table, no checks)", theirs.seconds, theirRate))
        print(String(format: "  ratio: %.2f× sqlite3's rate", ourRate / theirRate))
        if markdown {
            print(String(format: "| %@ | %d | %.0f | %.0f | %.2f |", name, ours.rows, ourRate, theirRate, ourRate / theirRate))
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
