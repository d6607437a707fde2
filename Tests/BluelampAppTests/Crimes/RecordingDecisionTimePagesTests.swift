import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// An imported crime's recording decision time is not known (issue 15): the crime page says so, and the
/// indicators page says how many crimes the 24-hour recording figure leaves out and why.
@Suite struct RecordingDecisionTimePagesTests {
    static let sample = crimeTestsRepositoryRoot.appendingPathComponent(
        "Tests/BluelampCoreTests/Crimes/Fixtures/city-of-london-2019-01-street-sample.csv")

    /// Imports January 2019's sample, with the clock in the middle of that month.
    func importSample(_ app: Application) async throws -> PoliceUKImportReport {
        app.clock = { InspectionJSON.day(2019, 1, 15)!.addingTimeInterval(12 * 3600) }
        return try await PoliceUKImporter.importFile(
            path: Self.sample.path, options: .init(importedBy: "test", now: app.clock()), on: app.db)
    }

    @Test func `the page of an imported crime says its recording decision time is not known`() async throws {
        try await withTestApp { app in
            _ = try await importSample(app)
            let crime = try #require(try await CrimeRecord.query(on: app.db).first())
            let browser = try await signedIn(app, as: .investigator, scope: .force)
            let page = try await app.testing().sendRequest(
                .GET, "/crimes/\(try crime.requireID())", headers: browser.headers())
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Recording decision unknown (imported)"))
            #expect(!page.body.string.contains("Decided within 24 hours"))
            // The month police.uk published, not the first of it at midnight as if that were when it was recorded.
            #expect(page.body.string.contains("January 2019, as published by police.uk"))
            #expect(!page.body.string.contains("1 Jan 2019 00:00"))
        }
    }

    @Test func `the crime list shows an imported crime's month, not the first of it at midnight`() async throws {
        try await withTestApp { app in
            _ = try await importSample(app)
            let browser = try await signedIn(app, as: .investigator, scope: .force)
            let list = try await app.testing().sendRequest(
                .GET, "/crimes?bcu=NONE", headers: browser.headers()
            ).body.string
            #expect(list.contains("January 2019 (police.uk)"))
            #expect(!list.contains("1 Jan 2019 00:00"))
        }
    }

    @Test func `the indicators page says how many crimes the recording figure leaves out and why`() async throws {
        try await withTestApp { app in
            let report = try await importSample(app)
            let browser = try await signedIn(app, as: .performanceLead, scope: .force)
            let page = try await InspectionTesting.get(app, "/inspection/indicators", as: browser).body.string
            #expect(
                page.contains(
                    "\(report.crimes) crimes recorded in the period are left out because when their recording decision was made is not known"
                ))
            #expect(page.contains("Crimes whose decision time is not known are left out"))
        }
    }
}
