import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// /api/v1/me and the caller's tokens.
@Suite struct APIAccountTests {
    struct TokenBody: Decodable {
        var id: Int
        var name: String
        var state: String
        var roles: [String]
    }

    @Test func `a caller lists only their own tokens and pages through them`() async throws {
        try await withTestApp { app in
            let id = try await makeUser(app, "owner", grants: [RoleGrant(role: .investigator, scope: .force)])
            var issued: [Int] = []
            for n in 0..<5 {
                issued.append(
                    try await SessionStore.issueToken(
                        userID: id, name: "t\(n)", roles: [.investigator], now: app.clock(),
                        lifetime: 3600, on: app.db
                    ).id)
            }
            _ = try await apiToken(app, as: .investigator, username: "someone-else")
            let secret = try await SessionStore.issueToken(
                userID: id, name: "caller", roles: [.investigator], now: app.clock(),
                lifetime: 3600, on: app.db)
            var seen: [Int] = []
            var cursor: String?
            repeat {
                let response = try await app.testing().sendRequest(
                    .GET, "/api/v1/tokens?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""),
                    headers: bearer(secret.secret))
                #expect(response.status == .ok)
                let page = try response.json(PageBody<TokenBody>.self)
                seen += page.items.map(\.id)
                cursor = page.next_cursor
            } while cursor != nil
            #expect(seen == (issued + [secret.id]).sorted(by: >))
        }
    }

    @Test func `a caller revokes their own token but not someone else's`() async throws {
        try await withTestApp { app in
            let id = try await makeUser(app, "owner", grants: [RoleGrant(role: .investigator, scope: .force)])
            let spare = try await SessionStore.issueToken(
                userID: id, name: "spare", roles: [.investigator], now: app.clock(), lifetime: 3600, on: app.db)
            let caller = try await SessionStore.issueToken(
                userID: id, name: "caller", roles: [.investigator], now: app.clock(), lifetime: 3600, on: app.db)
            let otherID = try await makeUser(app, "other", grants: [RoleGrant(role: .investigator, scope: .force)])
            let others = try await SessionStore.issueToken(
                userID: otherID, name: "theirs", roles: [.investigator], now: app.clock(), lifetime: 3600, on: app.db)

            let revoked = try await app.testing().sendRequest(
                .POST, "/api/v1/tokens/\(spare.id)/revoke", headers: bearer(caller.secret))
            #expect(revoked.status == .ok)
            #expect(try revoked.json(TokenBody.self).state == "revoked")
            let still = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(spare.secret))
            #expect(still.status == .unauthorized)

            let refused = try await app.testing().sendRequest(
                .POST, "/api/v1/tokens/\(others.id)/revoke", headers: bearer(caller.secret))
            #expect(refused.status == .notFound)
            #expect(try refused.problem().kind == "not-found")
            let theirs = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(others.secret))
            #expect(theirs.status == .ok)
            #expect(
                try await AuditLog.search(
                    on: app.db, filter: .init(recordType: "api_token", recordID: String(spare.id)), limit: 5
                ).count == 1)
        }
    }
}

/// /api/v1/bcus and /api/v1/teams.
@Suite struct APIOrganisationTests {
    struct BCUBody: Decodable {
        var code: String
        var boroughs: [String]
        var officers: Int
    }

    struct TeamBody: Decodable {
        var id: Int
        var bcu: String
        var kind: String
        var officers: Int
    }

    @Test func `every role sees the BCUs, one page after another`() async throws {
        try await withTestApp { app in
            try await makeOfficer(app, bcu: .centralEast, warrant: "910001")
            let token = try await apiToken(app, as: .inspector)
            var codes: [String] = []
            var cursor: String?
            repeat {
                let response = try await app.testing().sendRequest(
                    .GET, "/api/v1/bcus?limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""), headers: bearer(token))
                #expect(response.status == .ok)
                let page = try response.json(PageBody<BCUBody>.self)
                codes += page.items.map(\.code)
                if let ce = page.items.first(where: { $0.code == "CE" }) {
                    #expect(ce.boroughs == ["Hackney", "Tower Hamlets"])
                    #expect(ce.officers == 1)
                }
                cursor = page.next_cursor
            } while cursor != nil
            #expect(codes == BCU.allCases.map(\.code))
            let one = try await app.testing().sendRequest(.GET, "/api/v1/bcus/CN", headers: bearer(token))
            #expect(try one.json(BCUBody.self).code == "CN")
            let unknown = try await app.testing().sendRequest(.GET, "/api/v1/bcus/ZZ", headers: bearer(token))
            #expect(unknown.status == .unprocessableEntity)
            #expect(try unknown.problem().fields == ["code"])
        }
    }

    @Test func `teams are listed by BCU and kind, and read one by one`() async throws {
        try await withTestApp { app in
            let ce = try await makeOfficer(app, bcu: .centralEast, warrant: "920001")
            try await makeOfficer(app, bcu: .southEast, warrant: "920002")
            let teamID = try #require(try await Officer.find(ce, on: app.db)?.$team.id)
            let token = try await apiToken(app, as: .inspector)
            let list = try await app.testing().sendRequest(
                .GET, "/api/v1/teams?bcu=CE&kind=investigation", headers: bearer(token))
            let teams = try list.json(PageBody<TeamBody>.self).items
            #expect(teams.map(\.id) == [teamID])
            #expect(teams.first?.officers == 1)
            let one = try await app.testing().sendRequest(.GET, "/api/v1/teams/\(teamID)", headers: bearer(token))
            #expect(try one.json(TeamBody.self).bcu == "CE")
            let none = try await app.testing().sendRequest(.GET, "/api/v1/teams/424242", headers: bearer(token))
            #expect(none.status == .notFound)
        }
    }
}

/// /api/v1/audit-events.
@Suite struct APIAuditTests {
    struct EventBody: Decodable {
        var sequence: Int
        var actor_username: String
        var action: String
        var record_type: String
    }

    @Test func `only administrators read the audit log`() async throws {
        try await withTestApp { app in
            for role in Role.allCases where role != .administrator {
                let token = try await apiToken(app, as: role)
                let response = try await app.testing().sendRequest(.GET, "/api/v1/audit-events", headers: bearer(token))
                #expect(response.status == .forbidden, "\(role)")
            }
            let admin = try await apiToken(app, as: .administrator)
            let response = try await app.testing().sendRequest(.GET, "/api/v1/audit-events", headers: bearer(admin))
            #expect(response.status == .ok)
        }
    }

    @Test func `the audit log pages newest first, filters, and is not shifted by new entries`() async throws {
        try await withTestApp { app in
            for n in 0..<7 {
                try await AuditLog.append(
                    on: app.db, at: app.clock(), actorUserID: nil, actorUsername: "tester", role: nil,
                    action: .read, recordType: .route, recordID: String(n))
            }
            let admin = try await apiToken(app, as: .administrator)
            var seen: [Int] = []
            var cursor: String?
            repeat {
                let response = try await app.testing().sendRequest(
                    .GET,
                    "/api/v1/audit-events?actor=tester&record_type=route&action=read&limit=3"
                        + (cursor.map { "&cursor=\($0)" } ?? ""),
                    headers: bearer(admin))
                #expect(response.status == .ok)
                let page = try response.json(PageBody<EventBody>.self)
                #expect(page.items.allSatisfy { $0.actor_username == "tester" && $0.record_type == "route" })
                seen += page.items.map(\.sequence)
                cursor = page.next_cursor
            } while cursor != nil
            #expect(seen == Array(1...7).reversed())
            // Each read was itself audited.
            #expect(try await AuditLog.search(on: app.db, filter: .init(recordType: "audit_log"), limit: 10).count == 3)
            let bad = try await app.testing().sendRequest(
                .GET, "/api/v1/audit-events?from=yesterday", headers: bearer(admin))
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.problem().fields == ["from"])
        }
    }
}
