import BluelampCore
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Refusals and missing pages say what to do next (issue 22), and the account page leads to the API reference.
@Suite struct ErrorPageTests {
    @Test func `a refused page says how to get access and links to the person's roles`() async throws {
        try await withTestApp { app in
            let browser = try await signedIn(app, as: .investigator)
            let response = try await app.testing().sendRequest(.GET, "/admin/users", headers: browser.headers())
            #expect(response.status == .forbidden)
            let html = response.body.string
            #expect(html.contains("What you can do"))
            #expect(html.contains("ask your supervisor or an administrator to change your roles"))
            #expect(html.contains("href=\"/account\""))
            #expect(html.contains("Error code 403."))
            #expect(!html.contains("Status 403."))
        }
    }

    @Test func `a missing record says what to check and leads home`() async throws {
        try await withTestApp { app in
            let browser = try await signedIn(app, as: .investigator)
            let response = try await app.testing().sendRequest(.GET, "/crimes/999999", headers: browser.headers())
            #expect(response.status == .notFound)
            let html = response.body.string
            #expect(html.contains("Check the address"))
            #expect(html.contains("Go to your home page"))
            #expect(!html.contains("See your roles"))
        }
    }

    @Test func `every status has a next step`() {
        for status in [400, 401, 403, 404, 408, 409, 413, 414, 422, 429, 431, 500, 503, 507] {
            #expect(!ErrorPage.nextSteps(for: status).isEmpty, "\(status)")
        }
    }

    @Test func `the account page links to the API reference, which opens`() async throws {
        try await withTestApp { app in
            let browser = try await signedIn(app, as: .investigator)
            let account = try await app.testing().sendRequest(.GET, "/account", headers: browser.headers())
            #expect(account.body.string.contains("href=\"\(Paths.apiReference)\""))
            let reference = try await app.testing().sendRequest(.GET, Paths.apiReference, headers: browser.headers())
            #expect(reference.status == .ok)
        }
    }
}
