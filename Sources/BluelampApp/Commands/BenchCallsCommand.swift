import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation

/// `bluelamp bench calls` (a subcommand of `bench`): the calls import's rows per second (issue 18).
struct BenchCallsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calls",
        abstract: "Rows per second of `bluelamp import calls`, against docs/bench/calls-floor.sh.",
        discussion: """
            Imports a calls file into a fresh temporary SQLite database file (as `bluelamp migrate` makes it) with the
            importer: every row checked, one transaction, call ids kept unique, indexes kept. Without --file it writes
            --rows calls of the demo's Met-scale days (deterministic: the same rows every time) to --out, which
            docs/bench/calls-floor.sh then loads with the sqlite3 command for the floor. The fastest of --runs is
            reported.
            """)

    @ArgumentParser.Option(help: "A calls file to import; without it, one is generated.")
    var file: String?

    @ArgumentParser.Option(help: "Calls to generate when no --file is given.")
    var rows = 100_000

    @ArgumentParser.Option(help: "Where to keep the generated file (for the floor script).")
    var out: String?

    @ArgumentParser.Option(help: "Runs; the fastest is reported.")
    var runs = 3

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bluelamp-bench-calls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path: String
        if let file {
            path = file
        } else {
            path = out ?? directory.appendingPathComponent("calls.csv").path
            try Self.generate(rows: rows, to: path)
        }
        var best: CallImportReport?
        for run in 1...max(1, runs) {
            let database = directory.appendingPathComponent("bench-\(run).sqlite").path
            var settings = Settings(database: .sqliteFile(path: database), logLevel: "error")
            settings.autoMigrate = true
            let app = try await makeApplication(settings: settings)
            do {
                let report = try await CallImporter.importFile(
                    path: path, skipBad: false, importedBy: "bench", now: Date(), on: app.db
                ) { _, _, _ in }
                guard report.status == .imported else {
                    throw CommandFailure(message: "the calls file was not imported: \(report.summary)")
                }
                if best.map({ report.seconds < $0.seconds }) ?? true { best = report }
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
        guard let best else { return }
        print(
            String(
                format: "%@: %d rows, %.3f s, %.0f rows/s (checked, one transaction, SQLite file)", best.fileName,
                best.rows, best.seconds, Double(best.rows) / best.seconds))
    }

    /// Writes `rows` calls of consecutive demo days (Met scale, seed 18, from 1 January 2025) as a calls file.
    static func generate(rows: Int, to path: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var text = CallsFileReader.columns.joined(separator: ",") + "\n"
        var written = 0
        var day = CalendarDay(year: 2025, month: 1, day: 1)!
        while written < rows {
            for call in DemoCalls.calls(on: day, scale: .met, seed: 18) where written < rows {
                let fields: [String] = [
                    call.callID, call.channel.rawValue, formatter.string(from: call.receivedAt),
                    call.answeredAfterSeconds.map(String.init) ?? "", call.abandonedAfterSeconds.map(String.init) ?? "",
                    call.grade?.rawValue ?? "", call.attendedAt.map(formatter.string(from:)) ?? "", call.bcu.code,
                    call.crimeReference ?? "",
                ]
                text += fields.joined(separator: ",") + "\n"
                written += 1
            }
            day = day.adding(days: 1)
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
