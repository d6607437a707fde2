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

    @OptionGroup var input: ImportFilesOptions

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await ImportFiles.run(input, database: database, order: input.files) { app, path, name, rejectsFile in
            var sink: (@Sendable (CallRejectedRow) -> Void)?
            if let rejectsFile {
                sink = { row in
                    rejectsFile.write(fileName: name, line: row.line, fields: row.fields, problems: row.problems)
                }
            }
            let report = try await CallService(app.commandService("bluelamp import calls")).importFile(
                path: path, skipBad: input.skipBad, rejected: sink)
            return ImportFileOutcome(
                summary: report.summary, refused: report.status == .refused, errors: report.errors,
                errorCount: report.errorCount)
        }
    }
}
