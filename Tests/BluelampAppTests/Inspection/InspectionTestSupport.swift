import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The inspection tests' shared setup.
enum InspectionTesting {
    /// The copy of shared/seeds/002_53bfed75c7325b7e.txt kept with the core tests.
    static let seed002: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("BluelampCoreTests/Inspection/Fixtures/002_53bfed75c7325b7e.txt")

    /// A fixed "now" for the tests: 1 March 2025, noon UTC.
    static let now: Date = InspectionJSON.day(2025, 3, 1)!.addingTimeInterval(12 * 3600)

    /// Loads the Met's history as `bluelamp demo` does, with the demo users as owners (and, unless
    /// asked for, no backfilled trend, which takes a while to compute).
    static func loadHistory(_ app: Application, now: Date = now, trendMonths: Int = 0) async throws {
        let loader = DemoLoader(
            database: app.db, scale: .small, seed: 2016, years: 1, now: now, hasher: { try Bcrypt.hash($0, cost: 4) })
        try await loader.createUsers()
        try await loader.loadInspectionHistory(trendMonths: trendMonths)
    }

    /// The 2016 inspection's finding with this reference.
    static func findingID(_ app: Application, _ reference: String) async throws -> Int {
        let stored = try await InspectionStore.inspections(on: app.db)
        return try #require(
            stored.first { $0.inspection.id == "metropolitan-peel-2016-effectiveness" }?.findingIDs[reference])
    }

    /// Posts a form as a signed-in browser.
    static func post(_ app: Application, _ path: String, as browser: Browser, _ fields: [String: String]) async throws
        -> TestingHTTPResponse
    {
        var body = fields
        body["csrf"] = browser.csrf
        return try await app.testing().sendRequest(.POST, path, headers: browser.headers()) { req in
            try req.content.encode(body, as: .urlEncodedForm)
        }
    }

    static func get(_ app: Application, _ path: String, as browser: Browser) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.GET, path, headers: browser.headers())
    }
}
