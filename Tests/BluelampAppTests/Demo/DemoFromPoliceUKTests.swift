import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// `bluelamp demo --from-police-uk DIR`: the demo's crimes come from real police.uk files instead of the generator.
@Suite struct DemoFromPoliceUKTests {
    @Test func `the demo loads its crimes from a folder of police.uk files, and a second load changes nothing`()
        async throws
    {
        try await withTestApp { app in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "bluelamp-policeuk-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let fixtures = crimeTestsRepositoryRoot.appendingPathComponent("Tests/BluelampCoreTests/Crimes/Fixtures")
            let street = folder.appendingPathComponent("2019-01-city-of-london-street.csv")
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent("city-of-london-2019-01-street-sample.csv"), to: street)

            let loader = DemoLoader(
                database: app.db, scale: .small, seed: 1, years: 1, now: Date(),
                hasher: { try Bcrypt.hash($0, cost: 4) })
            let reports = try await loader.loadCrimes(fromPoliceUK: folder.path, progress: nil)
            #expect(reports.count == 1)
            #expect(reports.allSatisfy { $0.status == .imported && $0.rejected == 0 })
            let crimes = try await CrimeRecord.query(on: app.db).count()
            #expect(crimes > 0)
            #expect(crimes == reports.map(\.crimes).reduce(0, +))

            let again = try await loader.loadCrimes(fromPoliceUK: folder.path, progress: nil)
            #expect(again.allSatisfy { $0.status == .alreadyImported })
            #expect(try await CrimeRecord.query(on: app.db).count() == crimes)
        }
    }
}
