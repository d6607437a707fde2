import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// What every file import command takes: the files, `--skip-bad` and `--rejects` (police.uk and calls alike).
struct ImportFilesOptions: ParsableArguments {
    @ArgumentParser.Argument(help: "The files to import.")
    var files: [String]

    @ArgumentParser.Flag(help: "Import the good rows of a file with bad rows, writing the rejected rows to --rejects.")
    var skipBad = false

    @ArgumentParser.Option(help: "Where --skip-bad writes the rejected rows (CSV: file, line, field, reason, row).")
    var rejects: String?

    func validate() throws {
        if rejects != nil && !skipBad { throw ValidationError("--rejects goes with --skip-bad") }
        if files.isEmpty { throw ValidationError("name at least one file") }
    }
}

/// What an import command prints for one file.
struct ImportFileOutcome {
    var summary: String
    var refused: Bool
    var errors: [FileProblem]
    var errorCount: Int
}

enum ImportFiles {
    /// Runs an import command: opens the application, imports each path in `order` through `importing` (given the
    /// application, the path, its file name and the rejects file), prints each file's summary and, for a refused
    /// file, its problems; then closes. A refused file fails the command once every file has been tried.
    static func run(
        _ options: ImportFilesOptions, database: DatabaseOptions, order: [String],
        importing: (Application, _ path: String, _ name: String, RejectsFile?) async throws -> ImportFileOutcome
    ) async throws {
        let app = try await makeApplication(settings: try database.settings())
        var refused = false
        do {
            let rejectsFile = try options.rejects.map { try RejectsFile(path: $0) }
            for path in order {
                let name = URL(fileURLWithPath: path).lastPathComponent
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw CommandFailure(message: "cannot read \(path)")
                }
                let outcome: ImportFileOutcome
                do {
                    outcome = try await importing(app, path, name, rejectsFile)
                } catch  where DatabaseSetup.isStorageFull(error) {
                    // The file's one transaction rolled back: nothing of it is kept (issue 21, item 5).
                    throw CommandFailure(message: "\(name): \(DatabaseSetup.storageFullMessage)")
                }
                print(outcome.summary)
                if outcome.refused {
                    refused = true
                    for error in outcome.errors { print("  \(error)") }
                    if outcome.errorCount > outcome.errors.count {
                        print("  … and \(outcome.errorCount - outcome.errors.count) more")
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
