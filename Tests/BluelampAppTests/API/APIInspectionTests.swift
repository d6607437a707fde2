import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Findings and indicators through the API: the same records the inspection pages show, filtered and paged,
/// and indicators only for the scopes the caller's roles cover.
@Suite struct APIInspectionTests {
    struct FindingSummaryBody: Decodable {
        struct Inspection: Decodable { var id: Int; var framework_id: String }
        var id: Int
        var reference: String
        var kind: String
        var status: String
        var area_name: String
        var inspection: Inspection
    }

    struct FindingBody: Decodable {
        var finding: FindingSummaryBody
        var recommendation_ids: [Int]
    }

    struct IndicatorBody: Decodable {
        var id: String
        var unit: String
        var value: Double?
        var band: String?
        var notes: [String]
    }

    @Test func `findings are listed by kind and status, paged, and read with their recommendations`() async throws {
        try await withTestApp { app in
            try await InspectionTesting.loadHistory(app)
            let token = try await apiToken(app, as: .inspector)
            let causes = try await app.testing().sendRequest(
                .GET, "/api/v1/findings?kind=cause-of-concern", headers: bearer(token))
            #expect(causes.status == .ok)
            let list = try causes.json(PageBody<FindingSummaryBody>.self)
            #expect(!list.items.isEmpty)
            #expect(list.items.allSatisfy { $0.kind == "cause-of-concern" && !$0.area_name.isEmpty })

            let cause = try #require(list.items.first)
            let detail = try await app.testing().sendRequest(
                .GET, "/api/v1/findings/\(cause.id)", headers: bearer(token))
            #expect(detail.status == .ok)
            let body = try detail.json(FindingBody.self)
            #expect(body.finding.id == cause.id)
            #expect(!body.recommendation_ids.isEmpty)

            var all: [Int] = []
            var cursor: String?
            repeat {
                let page = try await app.testing().sendRequest(
                    .GET, "/api/v1/findings?limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""), headers: bearer(token))
                let items = try page.json(PageBody<FindingSummaryBody>.self)
                #expect(items.items.count <= 5)
                all += items.items.map(\.id)
                cursor = items.next_cursor
            } while cursor != nil
            #expect(all.count == Set(all).count)
            #expect(all.count == (try await FindingStore.findings(on: app.db)).count)

            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/findings/999999", headers: bearer(token)).status
                    == .notFound)
            let badOwner = try await app.testing().sendRequest(.GET, "/api/v1/findings?owner=0", headers: bearer(token))
            #expect(badOwner.status == .unprocessableEntity || badOwner.status == .badRequest)
            let investigator = try await apiToken(app, as: .investigator)
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/findings", headers: bearer(investigator)).status
                    == .forbidden)
        }
    }

    /// The indicators page says what a figure leaves out; the API said nothing of it (issue 15).
    @Test func `an indicator's notes come with it through the API, as the page shows them`() async throws {
        try await withTestApp { app in
            app.clock = { InspectionJSON.day(2019, 1, 15)!.addingTimeInterval(12 * 3600) }
            let sample = crimeTestsRepositoryRoot.appendingPathComponent(
                "Tests/BluelampCoreTests/Crimes/Fixtures/city-of-london-2019-01-street-sample.csv")
            let report = try await PoliceUKImporter.importFile(
                path: sample.path, options: .init(importedBy: "test", now: app.clock()), on: app.db)
            let lead = try await apiToken(app, as: .performanceLead)
            var found: IndicatorBody?
            var cursor: String?
            repeat {
                let page = try await app.testing().sendRequest(
                    .GET, "/api/v1/indicators?bcu=FORCE&limit=50" + (cursor.map { "&cursor=\($0)" } ?? ""),
                    headers: bearer(lead))
                let body = try page.json(PageBody<IndicatorBody>.self)
                found = found ?? body.items.first { $0.id == CrimeIndicators.ID.recordedWithin24Hours }
                cursor = body.next_cursor
            } while cursor != nil && found == nil
            let recorded = try #require(found)
            #expect(
                recorded.notes.contains { $0.contains("\(report.crimes) crimes recorded in the period are left out") })
        }
    }

    @Test func `indicators are computed for the force or a BCU in scope, every registered one, paged`() async throws {
        try await withTestApp { app in
            let lead = try await apiToken(app, as: .performanceLead)
            var ids: [String] = []
            var cursor: String?
            repeat {
                let page = try await app.testing().sendRequest(
                    .GET, "/api/v1/indicators?bcu=FORCE&limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""),
                    headers: bearer(lead))
                #expect(page.status == .ok)
                let body = try page.json(PageBody<IndicatorBody>.self)
                ids += body.items.map(\.id)
                cursor = body.next_cursor
            } while cursor != nil
            #expect(ids == IndicatorStore.definitions().map(\.id))

            let supervisor = try await apiToken(app, as: .supervisor, scope: .bcus([.centralEast]))
            let own = try await app.testing().sendRequest(.GET, "/api/v1/indicators", headers: bearer(supervisor))
            #expect(own.status == .ok)
            let ce = try await app.testing().sendRequest(.GET, "/api/v1/indicators?bcu=CE", headers: bearer(supervisor))
            #expect(ce.status == .ok)
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/indicators?bcu=SE", headers: bearer(supervisor))
                    .status == .forbidden)
            #expect(
                try await app.testing().sendRequest(.GET, "/api/v1/indicators?bcu=FORCE", headers: bearer(supervisor))
                    .status == .forbidden)
            // A cursor from the force's list is not one for a BCU's.
            let forcePage = try await app.testing().sendRequest(
                .GET, "/api/v1/indicators?bcu=FORCE&limit=1", headers: bearer(lead))
            let forceCursor = try #require(try forcePage.json(PageBody<IndicatorBody>.self).next_cursor)
            let mixed = try await app.testing().sendRequest(
                .GET, "/api/v1/indicators?bcu=CE&cursor=\(forceCursor)", headers: bearer(lead))
            #expect(mixed.status == .badRequest)
        }
    }
}
