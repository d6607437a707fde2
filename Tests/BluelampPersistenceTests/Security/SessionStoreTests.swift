import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing

/// A browser session's or API token's owner is read with the session or token in one query (every request asks).
@Suite struct SessionStoreTests {
    static let grants = [
        RoleGrant(role: .investigator, scope: .bcus([.centralEast, .southEast])),
        RoleGrant(role: .supervisor, scope: .force),
    ]
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Asha, holding `grants`; her user id.
    static func createAsha(on db: any Database) async throws -> Int {
        try await UserStore.create(
            username: "asha", displayName: "Asha Khan", passwordHash: "x", grants: grants, on: db)
    }

    @Test
    func `a token brings its owner with every grant, and its own roles; revoked, expired or unknown bring nothing`()
        async throws
    {
        try await withDatabase { app in
            let now = Self.now
            let asha = try await Self.createAsha(on: app.db)
            let token = try await SessionStore.issueToken(
                userID: asha, name: "t", roles: [.investigator], now: now, lifetime: 3600, on: app.db)

            let found = try #require(
                try await SessionStore.authenticate(token: token.secret, now: now.addingTimeInterval(60), on: app.db))
            #expect(found.account == (try await UserStore.account(id: asha, on: app.db)))
            #expect(found.account.username == "asha" && found.account.displayName == "Asha Khan")
            #expect(Set(found.account.grants) == Set(Self.grants))
            #expect(found.roles == [.investigator])
            #expect(found.tokenID == token.id)

            #expect(try await SessionStore.authenticate(token: "not-a-token", now: now, on: app.db) == nil)
            #expect(
                try await SessionStore.authenticate(token: token.secret, now: now.addingTimeInterval(3601), on: app.db)
                    == nil)
            #expect(try await SessionStore.revokeToken(id: token.id, userID: asha, now: now, on: app.db))
            #expect(try await SessionStore.authenticate(token: token.secret, now: now, on: app.db) == nil)
        }
    }

    @Test func `a session brings its user, with no grants or many; an idle one is ended and brings nothing`()
        async throws
    {
        try await withDatabase { app in
            let now = Self.now
            let asha = try await Self.createAsha(on: app.db)
            let ben = try await UserStore.create(
                username: "ben", displayName: "Ben Ode", passwordHash: "x", grants: [], on: app.db)
            let ashas = try await SessionStore.start(userID: asha, now: now, address: nil, on: app.db)
            let bens = try await SessionStore.start(userID: ben, now: now, address: nil, on: app.db)

            let live = try #require(
                try await SessionStore.resume(token: ashas.token, now: now, idleLimit: 600, on: app.db))
            #expect(live.account.id == asha && live.csrfToken == ashas.csrf)
            #expect(live.account == (try await UserStore.account(id: asha, on: app.db)))
            #expect(Set(live.account.grants) == Set(Self.grants))
            let bare = try #require(
                try await SessionStore.resume(token: bens.token, now: now, idleLimit: 600, on: app.db))
            #expect(bare.account.username == "ben" && bare.account.grants.isEmpty)

            #expect(try await SessionStore.resume(token: "not-a-session", now: now, idleLimit: 600, on: app.db) == nil)
            let later = now.addingTimeInterval(601)
            #expect(try await SessionStore.resume(token: bens.token, now: later, idleLimit: 600, on: app.db) == nil)
            // Ended, not only refused: it stays gone however soon it is asked again.
            #expect(try await SessionStore.resume(token: bens.token, now: now, idleLimit: 600, on: app.db) == nil)
        }
    }
}
