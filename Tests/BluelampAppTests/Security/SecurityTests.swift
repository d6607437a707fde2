import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

@Suite struct APITokenTests {
    @Test func `a token works as a bearer token until it is revoked`() async throws {
        try await withTestApp { app in
            let id = try await makeUser(
                app, "asha", grants: [RoleGrant(role: .investigator, scope: .bcus([.centralEast]))])
            let token = try await SessionStore.issueToken(
                userID: id, name: "t", roles: [.investigator], now: Date(), lifetime: 3600, on: app.db)
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token.secret)"]) {
                res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("asha"))
            }
            #expect(try await SessionStore.revokeToken(id: token.id, userID: id, now: Date(), on: app.db))
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token.secret)"]) {
                res in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func `an expired token is refused`() async throws {
        try await withTestApp { app in
            let id = try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .force)])
            let token = try await SessionStore.issueToken(
                userID: id, name: "t", roles: [.investigator], now: Date().addingTimeInterval(-7200),
                lifetime: 3600, on: app.db)
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token.secret)"]) {
                res in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func `a token is stored only as a hash`() async throws {
        try await withTestApp { app in
            let id = try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .force)])
            let token = try await SessionStore.issueToken(
                userID: id, name: "t", roles: [.investigator], now: Date(), lifetime: 3600, on: app.db)
            let row = try #require(try await APIToken.find(token.id, on: app.db))
            #expect(row.tokenHash != token.secret)
            #expect(row.tokenHash == SessionStore.sha256(token.secret))
        }
    }

    @Test func `a token never carries a role its owner does not hold`() async throws {
        try await withTestApp { app in
            try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .force)])
            let browser = try #require(try await signIn(app, "asha"))
            try await app.testing().test(
                .POST, "/account/tokens", headers: browser.headers(),
                beforeRequest: { req in
                    try req.content.encode(
                        ["csrf": browser.csrf, "name": "sneaky", "roles[]": "administrator", "days": "30"],
                        as: .urlEncodedForm)
                }
            ) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("cannot carry a role you do not hold"))
            }
            #expect(try await APIToken.query(on: app.db).count() == 0)
        }
    }

    @Test func `a token created on the account page is shown once and works`() async throws {
        try await withTestApp { app in
            try await makeUser(
                app, "asha",
                grants: [RoleGrant(role: .investigator, scope: .force), RoleGrant(role: .supervisor, scope: .force)])
            let browser = try #require(try await signIn(app, "asha"))
            let response = try await app.testing().sendRequest(.POST, "/account/tokens", headers: browser.headers()) {
                req in
                try req.content.encode(
                    ["csrf": browser.csrf, "name": "export", "roles[]": "investigator", "days": "7"],
                    as: .urlEncodedForm)
            }
            #expect(response.status == .ok)
            let secret = try #require(response.body.string.firstMatch(of: /blt_[A-Za-z0-9_-]+/)).output
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(secret)"]) { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains("supervisor"))
            }
            try await app.testing().test(.GET, "/account", headers: browser.headers()) { res in
                #expect(!res.body.string.contains(String(secret)))
            }
        }
    }
}

@Suite struct AuditTrailTests {
    @Test func `reading an officer's record writes exactly one audit entry`() async throws {
        try await withTestApp { app in
            let officer = try await makeOfficer(app, bcu: .centralEast, warrant: "123456")
            let browser = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let before = try await AuditEvent.query(on: app.db).count()
            try await app.testing().test(.GET, "/officers/\(officer)", headers: browser.headers()) { res in
                #expect(res.status == .ok)
            }
            let entries = try await AuditLog.search(
                on: app.db, filter: .init(subjectPersonID: "officer:\(officer)"), limit: 10)
            #expect(try await AuditEvent.query(on: app.db).count() == before + 1)
            #expect(entries.count == 1)
            #expect(entries.first?.role == "supervisor")
            #expect(entries.first?.action == .read)
        }
    }

    @Test func `an officer outside the viewer's BCUs is refused and the refusal audited`() async throws {
        try await withTestApp { app in
            let officer = try await makeOfficer(app, bcu: .southEast, warrant: "654321")
            let browser = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            try await app.testing().test(.GET, "/officers/\(officer)", headers: browser.headers()) { res in
                #expect(res.status == .notFound)
            }
            #expect(try await AuditLog.search(on: app.db, filter: .init(action: .denied), limit: 10).count == 1)
        }
    }

    @Test func `the audit log has no route that changes or deletes entries`() async throws {
        try await withTestApp { app in
            let auditRoutes = app.routes.all.filter { $0.path.contains { "\($0)".contains("audit") } }
            #expect(!auditRoutes.isEmpty)
            #expect(auditRoutes.allSatisfy { $0.method == .GET })
        }
    }

    @Test func `the audit export is CSV with one row per entry`() async throws {
        try await withTestApp { app in
            let officer = try await makeOfficer(app, bcu: .centralEast, warrant: "123456")
            let supervisor = try await signedIn(app, as: .supervisor, scope: .force)
            try await app.testing().test(.GET, "/officers/\(officer)", headers: supervisor.headers()) { _ in }
            let admin = try await signedIn(app, as: .administrator)
            try await app.testing().test(.GET, "/admin/audit.csv?subject=officer:\(officer)", headers: admin.headers())
            { res in
                #expect(res.status == .ok)
                let lines = res.body.string.split(separator: "\n")
                #expect(lines.first == Substring(AuditCSV.header))
                #expect(lines.count == 2)
            }
        }
    }

    @Test func `a subject access report holds the record and who looked at it`() async throws {
        try await withTestApp { app in
            let officer = try await makeOfficer(app, bcu: .centralEast, warrant: "123456", family: "Okafor")
            let supervisor = try await signedIn(app, as: .supervisor, scope: .force)
            try await app.testing().test(.GET, "/officers/\(officer)", headers: supervisor.headers()) { _ in }
            let admin = try await signedIn(app, as: .administrator)
            try await app.testing().test(
                .GET, "/admin/subject-access/export?person=officer:\(officer)&reason=SAR-2026-01",
                headers: admin.headers()
            ) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Okafor"))
                #expect(res.body.string.contains("supervisor-force"))
            }
            // The export itself is audited, with its reason.
            let exports = try await AuditLog.search(on: app.db, filter: .init(action: .export), limit: 10)
            #expect(exports.first?.reason == "SAR-2026-01")
        }
    }
}

@Suite struct AdministrationTests {
    @Test func `an administrator creates a user who must change the password at first sign-in`() async throws {
        try await withTestApp { app in
            let admin = try await signedIn(app, as: .administrator)
            try await app.testing().test(
                .POST, "/admin/users", headers: admin.headers(),
                beforeRequest: { req in
                    try req.content.encode(
                        [
                            "csrf": admin.csrf, "username": "newbie", "display_name": "New Bie",
                            "password": "temporary-pass-2026",
                            "scope_investigator": "CE, CN",
                        ], as: .urlEncodedForm)
                }
            ) { res in #expect(res.status == .seeOther) }
            let account = try #require(try await UserStore.find(username: "newbie", on: app.db))
            #expect(account.mustChangePassword)
            let grants = try #require(try await UserStore.account(id: account.requireID(), on: app.db)).grants
            #expect(grants == [RoleGrant(role: .investigator, scope: .bcus([.centralEast, .centralNorth]))])
            let browser = try #require(try await signIn(app, "newbie", password: "temporary-pass-2026"))
            try await app.testing().test(.GET, "/officers", headers: browser.headers()) { res in
                #expect(res.headers.first(name: .location) == "/account/password")
            }
            #expect(try await AuditLog.search(on: app.db, filter: .init(action: .admin), limit: 10).count == 1)
        }
    }

    @Test func `a weak or common password is refused with the field named`() async throws {
        try await withTestApp { app in
            let admin = try await signedIn(app, as: .administrator)
            try await app.testing().test(
                .POST, "/admin/users", headers: admin.headers(),
                beforeRequest: { req in
                    try req.content.encode(
                        [
                            "csrf": admin.csrf, "username": "newbie", "display_name": "New Bie",
                            "password": "password1234",
                            "scope_investigator": "CE",
                        ], as: .urlEncodedForm)
                }
            ) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Initial password:"))
            }
            #expect(try await UserStore.find(username: "newbie", on: app.db) == nil)
        }
    }

    @Test func `a disabled user is signed out and cannot sign in`() async throws {
        try await withTestApp { app in
            let userID = try await makeUser(app, "asha", grants: [RoleGrant(role: .investigator, scope: .force)])
            let asha = try #require(try await signIn(app, "asha"))
            let admin = try await signedIn(app, as: .administrator)
            try await app.testing().test(
                .POST, "/admin/users/\(userID)/disable", headers: admin.headers(),
                beforeRequest: { req in
                    try req.content.encode(["csrf": admin.csrf], as: .urlEncodedForm)
                }
            ) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/", headers: asha.headers()) { res in #expect(res.status == .seeOther) }
            #expect(try await signIn(app, "asha") == nil)
        }
    }

    @Test func `the roles page shows the policy table`() async throws {
        try await withTestApp { app in
            let admin = try await signedIn(app, as: .administrator)
            try await app.testing().test(.GET, "/admin/roles", headers: admin.headers()) { res in
                #expect(res.status == .ok)
                for permission in Permission.allCases { #expect(res.body.string.contains(permission.rawValue)) }
                #expect(!res.body.string.contains("investigation plans, victim contacts"))
                #expect(!res.body.string.contains("reviews due"))
                // Every role's work is built (issues 16 to 19): no role says anything is not there yet.
                #expect(!res.body.string.contains("Not yet in Bluelamp"))
                #expect(res.body.string.contains("victims' contacts and updates under the Victims' Code"))
            }
        }
    }
}
