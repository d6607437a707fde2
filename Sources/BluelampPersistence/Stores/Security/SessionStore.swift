import BluelampCore
import Crypto
import FluentKit
import Foundation
import SQLKit

/// An API token as its holder's pages and the API list it: never the secret, which is shown once.
public struct APITokenSummary: Sendable, Hashable {
    public var id: Int
    public var name: String
    public var prefix: String
    public var roles: [Role]
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?
}

/// Browser sessions and API tokens: random secrets handed out once, stored only as SHA-256 hashes.
public enum SessionStore {
    public static func sha256(_ text: String) -> String {
        Hex.string(SHA256.hash(data: Data(text.utf8)))
    }

    /// Starts a session and returns the cookie token (the database keeps only its hash).
    public static func start(userID: Int, now: Date, address: String?, on database: any Database) async throws -> (
        token: String, csrf: String
    ) {
        let token = Secret.random()
        let csrf = Secret.random()
        try await UserSession(tokenHash: sha256(token), userID: userID, csrfToken: csrf, now: now, address: address)
            .create(on: database)
        return (token, csrf)
    }

    /// A live browser session: whose it is and the CSRF token its forms carry.
    public struct LiveSession: Sendable {
        public var csrfToken: String
        /// The session's user with their grants.
        public var account: UserAccount
    }

    /// A browser session by its hashed token, with its owner (`UserStore.ownerQuery`).
    static let sessionOwnerQuery = UserStore.ownerQuery(
        of: UserSession.schema, columns: "user_sessions.csrf_token, user_sessions.last_seen_at", key: "id")

    /// The live session for a cookie token, touched, with its user; nil when unknown or idle for longer than
    /// `idleLimit`. On SQLite its write queues at the application's `gate`, as every write of the application does.
    /// Every page asks this, so the session, its user and their grants are read in one query, with SQL into plain
    /// values rather than through Fluent's models.
    public static func resume(
        token: String, now: Date, idleLimit: TimeInterval, on database: any Database, gate: SQLiteWriteGate? = nil
    ) async throws -> LiveSession? {
        struct Row: Decodable {
            var csrf_token: String
            var last_seen_at: Date
        }
        let sql = database as! any SQLDatabase
        let hash = sha256(token)
        let rows = try await sql.raw("\(unsafeRaw: Self.sessionOwnerQuery)\(bind: hash)").all()
        guard let first = rows.first else { return nil }
        let session = try first.decode(model: Row.self)
        if now.timeIntervalSince(session.last_seen_at) > idleLimit {
            try await gate.run(on: database) {
                try await sql.delete(from: UserSession.schema).where("id", .equal, hash).run()
            }
            return nil
        }
        // Touch at most once a minute: a page load is not worth a write each time.
        if now.timeIntervalSince(session.last_seen_at) > 60 {
            try await gate.run(on: database) {
                try await sql.update(UserSession.schema).set("last_seen_at", to: SQLBind(now)).where("id", .equal, hash)
                    .run()
            }
        }
        guard let account = try UserStore.owner(from: rows) else { return nil }
        return LiveSession(csrfToken: session.csrf_token, account: account)
    }

    public static func end(token: String, on database: any Database) async throws {
        try await UserSession.query(on: database).filter(\.$id == sha256(token)).delete()
    }

    /// Removes sessions idle past the limit (run by the housekeeping job).
    public static func purgeIdle(now: Date, idleLimit: TimeInterval, on database: any Database) async throws -> Int {
        let cutoff = now.addingTimeInterval(-idleLimit)
        let stale = try await UserSession.query(on: database).filter(\.$lastSeenAt < cutoff).count()
        try await UserSession.query(on: database).filter(\.$lastSeenAt < cutoff).delete()
        return stale
    }

    // MARK: - API tokens

    public struct IssuedToken: Sendable {
        public var id: Int
        public var secret: String
        public var expiresAt: Date
    }

    public static func issueToken(
        userID: Int, name: String, roles: Set<Role>, now: Date, lifetime: TimeInterval,
        on database: any Database
    ) async throws -> IssuedToken {
        let secret = "blt_" + Secret.random()
        let token = APIToken()
        token.$user.id = userID
        token.name = name
        token.tokenHash = sha256(secret)
        token.prefix = String(secret.prefix(10))
        token.roles = roles.sorted().map(\.rawValue).joined(separator: ",")
        token.createdAt = now
        token.expiresAt = now.addingTimeInterval(lifetime)
        try await token.create(on: database)
        return IssuedToken(id: try token.requireID(), secret: secret, expiresAt: token.expiresAt)
    }

    /// An API token by its hash, with its owner (`UserStore.ownerQuery`).
    static let tokenOwnerQuery = UserStore.ownerQuery(
        of: APIToken.schema,
        columns: """
            api_tokens.id AS token_id, api_tokens.roles, api_tokens.expires_at, api_tokens.revoked_at, \
            api_tokens.last_used_at
            """,
        key: "token_hash")

    /// The token's owner with their grants, and the token's roles; nil when the token is unknown, revoked or
    /// expired. Every API call asks this, so the token, its user and their grants are read in one query, with SQL
    /// into plain values rather than through Fluent's models.
    public static func authenticate(
        token secret: String, now: Date, on database: any Database, gate: SQLiteWriteGate? = nil
    ) async throws -> (account: UserAccount, roles: Set<Role>, tokenID: Int)? {
        struct Row: Decodable {
            var token_id: Int
            var roles: String
            var expires_at: Date
            var revoked_at: Date?
            var last_used_at: Date?
        }
        let sql = database as! any SQLDatabase
        let rows = try await sql.raw("\(unsafeRaw: Self.tokenOwnerQuery)\(bind: sha256(secret))").all()
        guard let first = rows.first else { return nil }
        let token = try first.decode(model: Row.self)
        guard token.revoked_at == nil, token.expires_at > now else { return nil }
        if token.last_used_at.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await gate.run(on: database) {
                try await sql.update(APIToken.schema).set("last_used_at", to: SQLBind(now))
                    .where("id", .equal, token.token_id).run()
            }
        }
        guard let account = try UserStore.owner(from: rows) else { return nil }
        let roles = Set(token.roles.split(separator: ",").compactMap { Role(rawValue: String($0)) })
        return (account, roles, token.token_id)
    }

    public static func tokens(userID: Int, on database: any Database) async throws -> [APITokenSummary] {
        try await APIToken.query(on: database).filter(\.$user.$id == userID).sort(\.$createdAt, .descending).all().map {
            APITokenSummary(
                id: $0.id ?? 0, name: $0.name, prefix: $0.prefix,
                roles: $0.roles.split(separator: ",").compactMap { Role(rawValue: String($0)) },
                createdAt: $0.createdAt, expiresAt: $0.expiresAt, revokedAt: $0.revokedAt, lastUsedAt: $0.lastUsedAt)
        }
    }

    /// Revokes one of the user's own tokens; false when it is not theirs.
    public static func revokeToken(id: Int, userID: Int, now: Date, on database: any Database) async throws -> Bool {
        guard let token = try await APIToken.find(id, on: database), token.$user.id == userID else { return false }
        if token.revokedAt == nil {
            token.revokedAt = now
            try await token.save(on: database)
        }
        return true
    }
}
