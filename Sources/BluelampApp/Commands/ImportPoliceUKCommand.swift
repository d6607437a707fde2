import ArgumentParser
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Vapor

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
                    path: path, skipBad: skipBad, progress: { done, total in progress.report(name, done, total) },
                    rejected: sink)
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
