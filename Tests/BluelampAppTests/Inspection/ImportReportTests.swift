import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// `bluelamp inspection import-report`, through the function the command calls.
@Suite struct ImportReportTests {
    static let importedID = "metropolitan-police-service-peel-2014-2019-2017-03-02"

    func importSeed(_ app: Application, file: URL = InspectionTesting.seed002, framework: String = "peel-2014-2019")
        async throws -> [String]
    {
        try await ImportReportCommand.importReport(
            file: file, force: "Metropolitan Police Service", frameworkID: framework, published: "2017-03-02",
            service: InspectionImportService(serviceContext(app, nil, now: InspectionTesting.now)))
    }

    @Test func `importing seed 002 yields the same findings as the fixture`() async throws {
        try await withTestApp { app in
            let lines = try await importSeed(app)
            #expect(lines.contains { $0.contains("11 areas for improvement") && $0.contains("8 recommendations") })
            #expect(lines.last?.hasPrefix("Imported as inspection \(Self.importedID)") == true)

            let stored = try #require(
                try await InspectionStore.inspections(on: app.db).first { $0.inspection.id == Self.importedID })
            let fixture = try #require(
                try InspectionResources.history().inspection(id: "metropolitan-peel-2016-effectiveness"))
            #expect(stored.inspection.findings == fixture.findings)
            let questions = fixture.judgements.filter { $0.summary != nil }
            #expect(stored.inspection.judgements.map(\.areaID) == questions.map(\.areaID))
            #expect(stored.inspection.judgements.map(\.grade) == questions.map(\.grade))
            #expect(stored.inspection.judgements.map(\.summary) == questions.map(\.summary))
        }
    }

    @Test func `importing the same report twice changes nothing`() async throws {
        try await withTestApp { app in
            _ = try await importSeed(app)
            let lines = try await importSeed(app)
            #expect(lines.last?.hasPrefix("Already imported") == true)
            #expect(try await InspectionRecord.query(on: app.db).count() == 1)
            // The command line is audited like a page (issue 14): one entry, for the import that created it.
            let entries = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "inspection", action: .create), limit: 10)
            #expect(entries.count == 1)
            #expect(entries.first?.actorUsername == "command-line")
            #expect(entries.first?.outcome.contains(Self.importedID) == true)
            #expect(try await FindingRecord.query(on: app.db).count() == 20)
            #expect(try await AreaJudgementRecord.query(on: app.db).count() == 5)
        }
    }

    @Test func `text it cannot place is refused, naming the line, and nothing is written`() async throws {
        try await withTestApp { app in
            var lines = try String(contentsOf: InspectionTesting.seed002, encoding: .utf8).components(separatedBy: "\n")
            lines.insert("Things we also noticed", at: 6)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString).txt")
            try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }

            await #expect {
                try await importSeed(app, file: file)
            } throws: { error in
                let message = (error as? CommandFailure)?.message ?? ""
                return message.contains("line 7") && message.contains("Things we also noticed")
                    && message.contains("nothing was written")
            }
            #expect(try await InspectionRecord.query(on: app.db).count() == 0)
            #expect(try await FindingRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func `an unknown framework is refused with the known ones`() async throws {
        try await withTestApp { (app: Application) async throws in
            await #expect {
                try await importSeed(app, framework: "peel-1999")
            } throws: { error in
                ((error as? CommandFailure)?.message ?? "").contains("peel-2023-25")
            }
            #expect(try await InspectionRecord.query(on: app.db).count() == 0)
        }
    }
}
