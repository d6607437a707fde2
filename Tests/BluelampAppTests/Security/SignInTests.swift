import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

@Suite struct SignInTests {
    @Test func `the application boots and answers its health check`() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/healthz") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("\"ok\""))
            }
            try await app.testing().test(.GET, "/version") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("bluelamp"))
            }
        }
    }

    @Test func `an anonymous request for a page is sent to sign in`() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/officers?bcu=CE") { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/sign-in?next=/officers%3Fbcu%3DCE")
            }
        }
    }

    @Test func `an anonymous API call gets 401 as a problem document`() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/api/v1/me") { res in
                #expect(res.status == .unauthorized)
                #expect(res.headers.contentType?.description.contains("problem+json") == true)
                #expect(res.headers.first(name: .wwwAuthenticate) == "Bearer")
            }
        }
    }

    @Test func `signing in with the right password opens the home page`() async throws {
        try await withTestApp { app in
            try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .bcus([.centralEast]))])
            let browser = try #require(try await signIn(app, "asha"))
            try await app.testing().test(.GET, "/", headers: browser.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Welcome, Asha"))
            }
            let entries = try await AuditLog.search(on: app.db, filter: .init(action: .signIn), limit: 10)
            #expect(entries.count == 1)
            #expect(entries.first?.actorUsername == "asha")
        }
    }

    @Test func `a wrong password is refused and audited`() async throws {
        try await withTestApp { app in
            try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .force)])
            #expect(try await signIn(app, "asha", password: "not-the-password-at-all") == nil)
            let entries = try await AuditLog.search(on: app.db, filter: .init(action: .signInFailed), limit: 10)
            #expect(entries.count == 1)
        }
    }

    @Test func `five failures lock the account until the lockout period passes`() async throws {
        try await withTestApp { app in
            let start = Date()
            let clock = TestClock(start)
            app.clock = { clock.now }
            try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .force)])
            for _ in 0..<5 { #expect(try await signIn(app, "asha", password: "wrong-password-123") == nil) }
            // The right password is refused while locked…
            #expect(try await signIn(app, "asha") == nil)
            #expect(try await AuditLog.search(on: app.db, filter: .init(action: .lockedOut), limit: 10).count >= 1)
            // …and accepted once the period has passed.
            clock.now = start.addingTimeInterval(16 * 60)
            #expect(try await signIn(app, "asha") != nil)
        }
    }

    @Test func `five failures from one address lock that address for every account`() async throws {
        try await withTestApp { app in
            let start = Date()
            let clock = TestClock(start)
            app.clock = { clock.now }
            try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .force)])
            for n in 0..<5 { #expect(try await signIn(app, "nobody-\(n)", password: "wrong-password-123") == nil) }
            #expect(try await signIn(app, "asha") == nil)
            #expect(try await User.query(on: app.db).filter(\.$username == "asha").first()?.failedAttempts == 0)
            clock.now = start.addingTimeInterval(16 * 60)
            #expect(try await signIn(app, "asha") != nil)
        }
    }

    @Test func `a session idle for more than 30 minutes is closed`() async throws {
        try await withTestApp { app in
            let start = Date()
            let clock = TestClock(start)
            app.clock = { clock.now }
            let browser = try await signedIn(app, as: .investigator)
            clock.now = start.addingTimeInterval(29 * 60)
            try await app.testing().test(.GET, "/", headers: browser.headers()) { res in #expect(res.status == .ok) }
            clock.now = start.addingTimeInterval(29 * 60 + 31 * 60)
            try await app.testing().test(.GET, "/", headers: browser.headers()) { res in
                #expect(res.status == .seeOther)
            }
        }
    }

    @Test func `a form posted without the CSRF token is refused`() async throws {
        try await withTestApp { app in
            let browser = try await signedIn(app, as: .investigator)
            try await app.testing().test(.POST, "/sign-out", headers: browser.headers()) { res in
                #expect(res.status == .forbidden)
            }
            try await app.testing().test(
                .POST, "/sign-out", headers: browser.headers(),
                beforeRequest: { req in
                    try req.content.encode(["csrf": browser.csrf], as: .urlEncodedForm)
                }
            ) { res in
                #expect(res.status == .seeOther)
            }
        }
    }

    @Test func `the sign-in form without its CSRF cookie is refused`() async throws {
        try await withTestApp { app in
            try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .force)])
            try await app.testing().test(
                .POST, "/sign-in",
                beforeRequest: { req in
                    try req.content.encode(
                        ["username": "asha", "password": testPassword, "csrf": "x"], as: .urlEncodedForm)
                }
            ) { res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test func `every response carries the security headers`() async throws {
        try await withTestApp { app in
            for path in ["/sign-in", "/healthz", "/nowhere", "/officers"] {
                try await app.testing().test(.GET, path) { res in
                    let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                    #expect(csp.contains("frame-ancestors 'none'"))
                    #expect(!csp.contains("unsafe-inline"))
                    #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(res.headers.first(name: "Referrer-Policy") == "same-origin")
                }
            }
        }
    }

    @Test func `the session cookie is HttpOnly and SameSite Lax`() async throws {
        try await withTestApp { app in
            try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .force)])
            let response = try await app.testing().sendRequest(
                .POST, "/sign-in", headers: ["Cookie": "bluelamp_csrf=abc"]
            ) { req in
                try req.content.encode(
                    ["username": "asha", "password": testPassword, "csrf": "abc"], as: .urlEncodedForm)
            }
            let header = response.headers[.setCookie].first { $0.hasPrefix("bluelamp_session=") } ?? ""
            #expect(header.contains("HttpOnly"))
            #expect(header.contains("SameSite=Lax"))
        }
    }

    @Test func `sign-in never redirects off the site`() {
        #expect(SignInRoutes.safeNext("https://evil.example/") == "/")
        #expect(SignInRoutes.safeNext("//evil.example/") == "/")
        #expect(SignInRoutes.safeNext("/officers?bcu=CE") == "/officers?bcu=CE")
    }
}

/// A clock a test moves by hand, safe to read from the application's tasks.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date

    init(_ start: Date) { value = start }

    var now: Date {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
