import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// A list's filter that is not one it offers is refused with a message, never quietly dropped so that the list shows
/// more than was asked for (issue 22).
@Suite struct ListFilterTests {
    @Test func `the organised crime register refuses a BCU or status it does not offer, by its field`() async throws {
        try await withTestApp { app in
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let refused = try await app.testing().sendRequest(
                .GET, "/organised-crime?bcu=XX&status=sleeping", headers: supervisor.headers())
            #expect(refused.status == .badRequest)
            let html = refused.body.string
            #expect(html.contains("<title>Error: Organised crime groups · Bluelamp</title>"))
            #expect(html.contains(##"<a href="#bcu">BCU: choose a BCU from the list.</a>"##))
            #expect(html.contains(##"<a href="#status">Status: choose a status from the list.</a>"##))
            #expect(html.contains(#"id="bcu-error""#))
            let fine = try await app.testing().sendRequest(
                .GET, "/organised-crime?bcu=CE&status=active", headers: supervisor.headers())
            #expect(fine.status == .ok)
        }
    }

    @Test func `the visit checks refuse a period that is no date rather than show the default one`() async throws {
        try await withTestApp { app in
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let refused = try await app.testing().sendRequest(
                .GET, "/offenders/visit-checks?bcu=CE&from=2026-13-45", headers: supervisor.headers())
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("From: “2026-13-45” is not a date"))
            let fine = try await app.testing().sendRequest(
                .GET, "/offenders/visit-checks?bcu=CE&from=2026-01-01&to=2026-02-01", headers: supervisor.headers())
            #expect(fine.status == .ok)
        }
    }
}
