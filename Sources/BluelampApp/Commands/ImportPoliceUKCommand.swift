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
            before outcomes files, so outcomes find their crimes; an outcome whose crime is not held yet is kept
            against its Crime ID and linked to the crime when a street file brings it, so months may come in any
            order.
            """)

    @OptionGroup var input: ImportFilesOptions

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let progress = TerminalProgress()
        try await ImportFiles.run(input, database: database, order: PoliceUKFiles.importOrder(input.files)) {
            app, path, name, rejectsFile in
            var sink: (@Sendable (PoliceUKRejectedRow) -> Void)?
            if let rejectsFile { sink = { row in rejectsFile.write(fileName: name, row: row) } }
            // The same use case as the upload page and the API, so the import is audited as theirs are.
            let report = try await CrimeService(app.commandService("bluelamp import police-uk")).importFile(
                path: path, skipBad: input.skipBad, progress: { done, total in progress.report(name, done, total) },
                rejected: sink)
            return ImportFileOutcome(
                summary: report.summary, refused: report.status == .refused, errors: report.errors,
                errorCount: report.errorCount)
        }
    }
}
