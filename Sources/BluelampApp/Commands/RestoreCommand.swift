import ArgumentParser
import BluelampPersistence
import Foundation

/// `bluelamp restore FILE [--replace]` (issue 21, item 2): a backup restored into an empty database, checked.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup into an empty database (or, with --replace, over one).",
        discussion: """
            Stop the server first. A SQLite backup is copied beside the target, checked, and renamed over it in one \
            step; a PostgreSQL archive is restored with pg_restore in one transaction. The result is checked \
            (integrity, the audit chain) and every table's row count and the audit head are printed. Exit status \
            0 when restored; 1 when it failed (the target is as it was); 3 when refused because the target \
            already holds tables and --replace was not given (nothing was changed).
            """)

    @OptionGroup var database: DatabaseOptions

    @ArgumentParser.Argument(help: "The backup file (from bluelamp backup).")
    var file: String

    @ArgumentParser.Flag(name: .long, help: "Replace a database that already holds tables.")
    var replace = false

    /// The exit status of a refused restore.
    static let refusedStatus: Int32 = 3

    func run() async throws {
        let settings = try database.settings()
        let report: DatabaseBackup.Report
        do {
            report = try await DatabaseBackup.restore(settings.database, from: file, replace: replace)
        } catch let refused as DatabaseBackup.Refused {
            throw CommandFailure(message: refused.description, code: Self.refusedStatus)
        } catch {
            throw CommandFailure(message: DatabaseBackup.describe(error, location: settings.database))
        }
        print("Restored \(file) into \(settings.database).")
        for line in report.lines { print(line) }
    }
}
