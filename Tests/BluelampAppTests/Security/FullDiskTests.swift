import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Issue 21, item 5: a full disk. The test mounts a small tmpfs of its own (root on Linux can; elsewhere it is
/// skipped, and says so), puts a served application's SQLite file on it, fills what is left and imports a real
/// police.uk file (Dorset, January 2019: 5,745 rows) that needs more room than there is.
@Suite(.serialized) struct FullDiskTests {
    static let dorset = crimeTestsRepositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/police-uk/all-forces-2019-01/street/2019-01-dorset-street.csv.gz")

    /// A tmpfs of `megabytes` mounted on a new folder, or nil when this machine does not let the test mount one.
    static func mountSmallDisk(megabytes: Int) -> URL? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bluelamp-full-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil,
            run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", folder.path]) == 0
        else {
            try? FileManager.default.removeItem(at: folder)
            return nil
        }
        return folder
    }

    static func unmount(_ folder: URL) {
        _ = run("/bin/umount", [folder.path])
        try? FileManager.default.removeItem(at: folder)
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let canMount: Bool = {
        guard FileManager.default.fileExists(atPath: dorset.path), let probe = mountSmallDisk(megabytes: 1) else {
            return false
        }
        unmount(probe)
        return true
    }()

    /// Fills the disk holding `folder` until `leave` bytes are free.
    static func fill(_ folder: URL, leaving leave: Int) throws -> URL {
        let free = try #require(
            try FileManager.default.attributesOfFileSystem(forPath: folder.path)[.systemFreeSize] as? Int)
        let filler = folder.appendingPathComponent("filler")
        try Data(count: max(0, free - leave)).write(to: filler)
        return filler
    }

    @Test(
        .enabled(
            if: canMount,
            "needs to mount a small tmpfs (root on Linux) and shared/data's police.uk files beside the repository"))
    func `an import that runs out of space is refused clearly, writes nothing, and the server keeps answering`()
        async throws
    {
        let disk = try #require(Self.mountSmallDisk(megabytes: 24))
        defer { Self.unmount(disk) }
        let file = disk.appendingPathComponent("bluelamp.sqlite").path
        try await withServedApp(file: file) { app, port in
            let token = try await apiToken(app, as: .performanceLead, scope: .force, username: "reader")
            let browser = try await signedIn(app, as: .allocator, scope: .force)
            let auditBefore = try await AuditEvent.query(on: app.db).count()
            // A checkpoint first, so the write-ahead log has room only for what comes next.
            try await (app.db as! any SQLDatabase).raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            let filler = try Self.fill(disk, leaving: 256 * 1024)

            // The command's use case: refused with the plain message, nothing kept.
            let service = CrimeService(app.commandService("bluelamp import police-uk"))
            do {
                _ = try await service.importFile(path: Self.dorset.path, skipBad: false)
                Issue.record("the import should have run out of space")
            } catch {
                #expect(DatabaseSetup.isStorageFull(error), "\(String(reflecting: error).prefix(300))")
                #expect(
                    DatabaseSetup.describe(error, location: .sqliteFile(path: file))
                        == "the disk holding the database is full, so nothing of this was written; free space on it and try again"
                )
            }
            #expect(try await CrimeRecord.query(on: app.db).count() == 0)

            // The upload page: 507 with words a person can act on.
            let gz = try Data(contentsOf: Self.dorset)
            let (headers, body) = CrimePagesTests.multipart(browser, file: gz, name: "dorset.csv.gz")
            let page = try await app.client.post(
                URI(string: "http://127.0.0.1:\(port)/imports"), headers: headers
            ) { $0.body = body }
            #expect(page.status == .insufficientStorage)
            #expect(page.body.map { String(buffer: $0) }?.contains("disk is full, so nothing was saved") == true)
            #expect(try await CrimeRecord.query(on: app.db).count() == 0)

            // The database is intact and the server goes on answering reads, signed in or not.
            let rows = try await (app.db as! any SQLDatabase).raw("PRAGMA integrity_check").all()
            #expect(try rows.map { try $0.decode(column: "integrity_check", as: String.self) } == ["ok"])
            let health = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/healthz"))
            #expect(health.status == .ok)
            let bcus = try await app.client.get(
                URI(string: "http://127.0.0.1:\(port)/api/v1/bcus"), headers: bearer(token))
            #expect(bcus.status == .ok)
            #expect(ConcurrentRequestTests.intact(try await AuditLog.verify(on: app.db)))
            #expect(try await AuditEvent.query(on: app.db).count() >= auditBefore)

            // With room again, the same file imports whole.
            try FileManager.default.removeItem(at: filler)
            let report = try await service.importFile(path: Self.dorset.path, skipBad: false)
            #expect(report.status == .imported)
            #expect(report.rows == 5745 && report.crimes + report.incidents == 5745)
            #expect(try await CrimeRecord.query(on: app.db).count() == report.crimes)
            #expect(try await Incident.query(on: app.db).count() == report.incidents)
        }
    }
}
