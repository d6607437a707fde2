import ArgumentParser
import BluelampPersistence
import Foundation

/// `bluelamp backup --out FILE` (issue 21, item 2): a backup of the database, safe while the server runs, checked
/// before it is named FILE (`DatabaseBackup.backup`).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back the database up to a new file, safely while the server runs.",
        discussion: """
            A SQLite database is copied with VACUUM INTO (the database as of one moment; writers carry on); a \
            PostgreSQL database with pg_dump --format=custom (found on PATH or under /usr/lib/postgresql/*/bin). \
            The copy is then checked (SQLite's integrity check, or pg_restore reading the archive back) and its audit \
            chain verified, and every table's row count and the audit head are printed. FILE must not exist. \
            Exit status 0 when the backup is written and checked, 1 when it failed (no file is left).
            """)

    @OptionGroup var database: DatabaseOptions

    @ArgumentParser.Option(name: .long, help: "The backup file to write (must not exist).")
    var out: String

    func run() async throws {
        let settings = try database.settings()
        let report: DatabaseBackup.Report
        do {
            report = try await DatabaseBackup.backup(settings.database, to: out)
        } catch {
            throw CommandFailure(message: DatabaseBackup.describe(error, location: settings.database))
        }
        print("Backed up \(settings.database) to \(out).")
        for line in report.lines { print(line) }
    }
}
