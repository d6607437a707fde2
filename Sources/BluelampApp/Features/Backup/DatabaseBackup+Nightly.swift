import BluelampCore
import BluelampPersistence
import Foundation

extension DatabaseBackup {
    /// The nightly backup (issue 21, item 2): today's backup into `directory` if it is not there yet, then the
    /// nightly files past the newest `keep` deleted (`NightlyBackupPlan`; no other file is touched). Returns what it
    /// did, or nil when today's backup was already made and nothing was past the count.
    static func nightly(_ location: DatabaseLocation, directory: String, keep: Int, now: Date) async throws
        -> String?
    {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw Failure("the backup directory \(directory) (BLUELAMP_BACKUP_DIR) cannot be read")
        }
        let decision = NightlyBackupPlan.decide(
            existing: names, now: now, fileExtension: location.isPostgres ? "pgdump" : "sqlite", keep: keep)
        var done: [String] = []
        if let name = decision.write {
            let report = try await backup(
                location, to: URL(fileURLWithPath: directory).appendingPathComponent(name).path, by: "nightly backup")
            let head = report.inventory.auditHead.map { "audit head \($0.sequence)" } ?? "no audit entries"
            done.append("\(name): \(report.inventory.tables.count) tables, \(report.inventory.totalRows) rows, \(head)")
        }
        // Deleted only after today's backup is safely written, so a failing backup never costs an old one.
        for name in decision.delete {
            try FileManager.default.removeItem(at: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
        if !decision.delete.isEmpty { done.append("\(decision.delete.count) older removed") }
        for name in decision.leftovers {
            try FileManager.default.removeItem(at: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
        if !decision.leftovers.isEmpty { done.append("\(decision.leftovers.count) left part-written removed") }
        return done.isEmpty ? nil : done.joined(separator: "; ")
    }
}

extension DatabaseBackup {
    /// One line for any failure: this area's own, a missing tool, or the database's (in `DatabaseSetup`'s words).
    static func describe(_ error: any Error, location: DatabaseLocation) -> String {
        switch error {
        case let failure as Failure: failure.description
        case let refused as Refused: refused.description
        case let missing as PostgresTools.Missing: missing.description
        default: DatabaseSetup.describe(error, location: location)
        }
    }
}
