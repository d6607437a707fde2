import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// A source shown in the product is a publisher, a title, a date and a public address: never a file of
/// this repository ("shared/seeds/…", "shared/DESIGN.md") or the project's name for one ("seed 003").
@Suite struct SourcesShownTests {
    static let internalReferences = ["shared/", "seeds/", "seed 0", "seeds 0", "DESIGN.md"]

    static func internalReferences(in text: String) -> [String] {
        internalReferences.filter { text.contains($0) }
    }

    @Test func `no inspection page or API answer names a file of the repository as a source`() async throws {
        try await withTestApp { app in
            app.clock = { InspectionTesting.now }
            try await InspectionTesting.loadHistory(app)
            let lead = try await signedIn(app, as: .performanceLead)
            let cause = try await InspectionTesting.findingID(app, "COC1")
            let pages = [
                "/inspection", "/inspection/monitoring", "/inspection/report", "/inspection/indicators",
                "/inspection/findings", "/inspection/findings/\(cause)",
            ]
            for path in pages {
                let response = try await InspectionTesting.get(app, path, as: lead)
                #expect(response.status == .ok, "\(path)")
                #expect(Self.internalReferences(in: response.body.string) == [], "\(path)")
            }

            let token = try await apiToken(app, as: .performanceLead)
            var paths = [
                "/api/v1/inspections?limit=200", "/api/v1/monitoring/periods?limit=200",
                "/api/v1/indicators?bcu=FORCE&limit=200",
            ]
            paths += try await InspectionRecord.query(on: app.db).all().map {
                "/api/v1/inspections/\(try $0.requireID())"
            }
            for path in paths {
                let response = try await app.testing().sendRequest(.GET, path, headers: bearer(token))
                #expect(response.status == .ok, "\(path)")
                #expect(Self.internalReferences(in: response.body.string) == [], "\(path)")
            }
        }
    }

    @Test func `the monitoring page shows each source's publisher, title, date and public address`() async throws {
        try await withTestApp { app in
            app.clock = { InspectionTesting.now }
            try await InspectionTesting.loadHistory(app)
            let lead = try await signedIn(app, as: .inspector)
            let html = try await InspectionTesting.get(app, "/inspection/monitoring", as: lead).body.string
            let letter = Citations.engageExitLetter
            #expect(html.contains(letter.publisher) && html.contains(letter.published))
            #expect(html.contains("href=\"\(letter.url)\""))
            #expect(html.contains(Citations.engageExitOnLondonCopy.url))
            #expect(html.contains(Citations.engageExitBBCCopy.url))
        }
    }
}
