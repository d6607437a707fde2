import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The officer list refuses a filter it does not offer, by its field, rather than quietly listing everyone (issue 22).
@Suite struct OfficerListFilterTests {
    @Test func `an unknown rank or PIP level is refused by its field, and an empty result offers a way out`()
        async throws
    {
        try await withTestApp { app in
            let admin = try await signedIn(app, as: .administrator)
            let refused = try await app.testing().sendRequest(
                .GET, "/officers?rank=admiral&pip=9", headers: admin.headers())
            #expect(refused.status == .badRequest)
            let html = refused.body.string
            #expect(html.contains("<title>Error: Officers · Bluelamp</title>"))
            #expect(html.contains(##"<a href="#rank">Rank: choose one from the list.</a>"##))
            #expect(html.contains(##"<a href="#pip">PIP level: choose one from the list.</a>"##))
            #expect(html.contains(#"aria-invalid="true""#))

            let none = try await app.testing().sendRequest(.GET, "/officers?q=nobody-at-all", headers: admin.headers())
            #expect(none.status == .ok)
            #expect(none.body.string.contains("No officer matches these filters."))
            #expect(none.body.string.contains(#"<a href="/officers">Clear filters</a>"#))
        }
    }

    @Test func `the list is ordered by the heading chosen, and an order it does not offer is refused`() async throws {
        try await withTestApp { app in
            try await makeOfficer(app, bcu: .centralEast, warrant: "900003", family: "Adams", level: .pip2)
            try await makeOfficer(app, bcu: .centralEast, warrant: "900001", family: "Young", level: .pip1)
            try await makeOfficer(app, bcu: .centralEast, warrant: "900002", family: "Mills", level: .pip3)
            try await makeOfficer(app, bcu: .centralEast, warrant: "900004", family: "Nash", level: nil)
            let admin = try await signedIn(app, as: .administrator)
            func order(_ sort: String) async throws -> [String] {
                let html = try await app.testing().sendRequest(
                    .GET, "/officers?bcu=CE&sort=\(sort)", headers: admin.headers()
                ).body.string
                let names = ["Adams", "Young", "Mills", "Nash"]
                return names.sorted { html.range(of: $0 + ",")!.lowerBound < html.range(of: $1 + ",")!.lowerBound }
            }
            #expect(try await order("name") == ["Adams", "Mills", "Nash", "Young"])
            #expect(try await order("-name") == ["Young", "Nash", "Mills", "Adams"])
            #expect(try await order("warrant") == ["Young", "Mills", "Adams", "Nash"])
            // An officer without a PIP level comes last whichever way the levels run.
            #expect(try await order("-pip") == ["Mills", "Adams", "Young", "Nash"])
            #expect(try await order("pip") == ["Young", "Adams", "Mills", "Nash"])
            let page = try await app.testing().sendRequest(
                .GET, "/officers?bcu=CE&sort=-name", headers: admin.headers()
            )
            .body.string
            #expect(page.contains(#"aria-sort="descending""#))
            #expect(page.contains(#"href="/officers?bcu=CE&sort=name""#))
            #expect(page.contains(#"href="/officers?bcu=CE&sort=warrant""#))

            // What the list shows downloads as CSV in the same order, audited as an export of the list.
            #expect(page.contains(#"href="/officers.csv?bcu=CE&sort=-name""#))
            let csv = try await app.testing().sendRequest(
                .GET, "/officers.csv?bcu=CE&sort=-name", headers: admin.headers())
            #expect(csv.status == .ok)
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.first == "warrant_number,family_name,given_name,rank,bcu,team,pip_level,specialisms,status")
            #expect(lines.dropFirst().map { $0.split(separator: ",")[1] } == ["Young", "Nash", "Mills", "Adams"])
            let exports = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "officer_list", action: .export), limit: 5)
            #expect(exports.first?.outcome == "ok: 4 rows")

            let refused = try await app.testing().sendRequest(.GET, "/officers?sort=height", headers: admin.headers())
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains(##"<a href="#sort">Order: choose an order from the list.</a>"##))
        }
    }
}
