import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// `bluelamp import calls FILE…` (issue 18): call-handling exports, with the police.uk import's guarantees.
struct ImportCallsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calls", abstract: "Import calls from the public (CSV; the format is in the README).",
        discussion: """
            Columns: call_id,channel,received_at,answered_after_seconds,abandoned_after_seconds,grade,attended_at,\
            bcu,crime_reference. Each file is one transaction: a file with any bad row writes nothing, and every bad \
            row is listed with its line, field and reason (exit status 1). With --skip-bad the good rows are written \
            and the rejected ones go to --rejects. Importing a file again changes nothing, and a call already held \
            from an overlapping file is skipped.
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
            for path in files {
                let name = URL(fileURLWithPath: path).lastPathComponent
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw CommandFailure(message: "cannot read \(path)")
                }
                var sink: (@Sendable (CallRejectedRow) -> Void)?
                if let rejectsFile {
                    sink = { row in
                        rejectsFile.write(fileName: name, line: row.line, fields: row.fields, problems: row.problems)
                    }
                }
                let report = try await CallService(app.commandService("bluelamp import calls")).importFile(
                    path: path, skipBad: skipBad, rejected: sink)
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
