import BluelampCore
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
}
