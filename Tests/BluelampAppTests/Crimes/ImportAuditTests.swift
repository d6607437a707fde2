import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// A police.uk file imported and its audit entry commit together (issue 14): the entry is written inside the
/// file's transaction, so an import cannot stand unaudited.
@Suite struct ImportAuditTests {
    static let sample = crimeTestsRepositoryRoot.appendingPathComponent(
        "Tests/BluelampCoreTests/Crimes/Fixtures/city-of-london-2019-01-street-sample.csv")

    struct Failed: Error {}

    @Test func `work that fails inside the file's transaction leaves nothing of the import`() async throws {
        try await withTestApp { (app: Application) async throws in
            let options = PoliceUKImporter.Options(importedBy: "test", now: Date()) { _, _ in throw Failed() }
            await #expect(throws: Failed.self) {
                try await PoliceUKImporter.importFile(path: Self.sample.path, options: options, on: app.db)
            }
            #expect(try await CrimeRecord.query(on: app.db).count() == 0)
            #expect(try await ImportBatch.query(on: app.db).count() == 0)
        }
    }

    @Test func `an import from the command line is audited once, naming the batch it wrote`() async throws {
        try await withTestApp { app in
            let service = CrimeService(app.commandService("bluelamp import police-uk"))
            let report = try await service.importFile(path: Self.sample.path, skipBad: false)
            let again = try await service.importFile(path: Self.sample.path, skipBad: false)

            #expect(report.status == .imported)
            #expect(again.status == .alreadyImported)
            let entries = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "police_uk_import"), limit: 10)
            #expect(entries.count == 2)
            let imported = try #require(entries.first { $0.outcome.hasPrefix("imported") })
            #expect(imported.recordID == report.batchID.map(String.init))
            #expect(imported.actorUsername == "command-line")
            #expect(entries.contains { $0.outcome.hasPrefix("already imported") })
        }
    }
}
