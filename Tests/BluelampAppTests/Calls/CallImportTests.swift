import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// `bluelamp import calls FILE…` (issue 18) with the police.uk import's guarantees: one transaction per file, every
/// bad row named with its line and field, the same file twice changing nothing, `--skip-bad` for the good rows.
@Suite struct CallImportTests {
    static let header =
        "call_id,channel,received_at,answered_after_seconds,abandoned_after_seconds,grade,attended_at,bcu,"
        + "crime_reference\n"
    static let good =
        header + """
            C1,999,2025-01-15T09:00:00Z,2,,I,2025-01-15T09:05:00Z,CE,
            C2,999,2025-01-15T09:10:00Z,12,,S,2025-01-15T09:50:00Z,CW,5212345/25
            N1,101,2025-01-16T10:00:00Z,,300,,,CE,

            """

    private func file(_ text: String, name: String = "calls.csv") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("calls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func `a good file is imported once and audited; again changes nothing`() async throws {
        try await withTestApp { app in
            let path = try file(Self.good)
            let service = CallService(app.commandService("bluelamp import calls"))
            let report = try await service.importFile(path: path, skipBad: false)
            #expect(report.status == .imported)
            #expect(report.rows == 3)
            #expect(report.calls == 3)
            let again = try await service.importFile(path: path, skipBad: false)
            #expect(again.status == .alreadyImported)
            #expect(try await CallStore.count(on: app.db) == 3)

            let held = try await CallStore.calls(
                receivedFrom: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 2e9), on: app.db)
            #expect(held.map(\.callID) == ["C1", "C2", "N1"])
            #expect(held[1].crimeReference == "5212345/25")
            #expect(held[1].grade == .significant)
            #expect(held[2].abandonedAfterSeconds == 300)

            let entries = try await auditEntries(app, recordType: "call_import")
            #expect(entries.count == 2)
            #expect(entries.contains { $0.outcome.hasPrefix("imported: 3 rows, 3 new calls") })
            #expect(entries.contains { $0.outcome.hasPrefix("already imported") })
        }
    }

    @Test func `an overlapping file adds only the calls not held`() async throws {
        try await withTestApp { app in
            let service = CallService(app.commandService("bluelamp import calls"))
            _ = try await service.importFile(path: try file(Self.good), skipBad: false)
            let overlap =
                Self.header + "C2,999,2025-01-15T09:10:00Z,12,,S,2025-01-15T09:50:00Z,CW,5212345/25\n"
                + "C3,online,2025-01-17T10:00:00Z,,,,,NE,\n"
            let report = try await service.importFile(path: try file(overlap), skipBad: false)
            #expect(report.status == .imported)
            #expect(report.calls == 1)
            #expect(try await CallStore.count(on: app.db) == 4)
        }
    }

    @Test func `a file with a bad row writes nothing and names every bad row`() async throws {
        try await withTestApp { app in
            let bad = Self.good + "B1,112,2025-01-15T09:00:00Z,2,,,,CE,\nB2,999,2025-01-15T09:00:00Z,2,,,,XX,\n"
            let report = try await CallService(app.commandService("bluelamp import calls")).importFile(
                path: try file(bad), skipBad: false)
            #expect(report.status == .refused)
            #expect(
                report.errors.map(\.description) == [
                    "line 5, channel: \"112\" is not 999, 101 or online",
                    "line 6, bcu: \"XX\" is not a BCU: one of CE, CN, CS, CW, EA, NA, NE, NW, SN, SE, SW, WA",
                ])
            #expect(try await CallStore.count(on: app.db) == 0)
            // Refused, so the same file may be imported once it is put right.
            let batches = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM call_import_batches")
                .first()?.decode(column: "n", as: Int.self)
            #expect(batches == 0)
        }
    }

    @Test func `--skip-bad writes the good rows and hands over the rejected ones`() async throws {
        try await withTestApp { app in
            let bad = Self.good + "B1,999,2025-01-15T09:00:00Z,2,,X,,CE,\n"
            let rejected = RejectedRows()
            let report = try await CallService(app.commandService("bluelamp import calls")).importFile(
                path: try file(bad), skipBad: true, rejected: { rejected.append($0) })
            #expect(report.status == .imported)
            #expect(report.calls == 3)
            #expect(report.rejected == 1)
            #expect(rejected.rows.map(\.line) == [5])
            #expect(try await CallStore.count(on: app.db) == 3)
        }
    }

    @Test func `a bad header refuses the file even with --skip-bad`() async throws {
        try await withTestApp { app in
            let report = try await CallService(app.commandService("bluelamp import calls")).importFile(
                path: try file("call_id,channel\nC1,999\n"), skipBad: true)
            #expect(report.status == .refused)
            #expect(report.errors.contains { $0.line == 1 && $0.field == "received_at" })
            #expect(try await CallStore.count(on: app.db) == 0)
        }
    }

    @Test func `the command exits 1 on a refused file and 0 on a good one`() async throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent(
            "calls-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: database) }
        let bad = try file(Self.header + "B1,999,2025-01-15T09:00:00Z,,,,,CE,\n")
        #expect(await BluelampCommand.run(arguments: ["import", "calls", bad, "--database", database.path]) == 1)
        let good = try file(Self.good)
        #expect(await BluelampCommand.run(arguments: ["import", "calls", good, "--database", database.path]) == 0)
        #expect(await BluelampCommand.run(arguments: ["import", "calls", good, "--database", database.path]) == 0)
    }
}

/// Rejected rows collected from the import's callback.
final class RejectedRows: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [CallRejectedRow] = []
    var rows: [CallRejectedRow] { lock.withLock { stored } }
    func append(_ row: CallRejectedRow) { lock.withLock { stored.append(row) } }
}
