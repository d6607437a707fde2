import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// A user account as the administration pages show it.
public struct UserAccount: Sendable, Hashable {
    public var id: Int
    public var username: String
    public var displayName: String
    public var disabled: Bool
    public var mustChangePassword: Bool
    public var lockedUntil: Date?
    public var officerID: Int?
    public var grants: [RoleGrant]
}

public enum UserStore {
    public struct Conflict: Error, CustomStringConvertible {
        public var description: String
    }

    /// Grants as stored rows: one row per (role, BCU code), `FORCE` for a force-wide grant.
    static func grants(from rows: [RoleGrantRecord]) -> [RoleGrant] {
        grants(from: rows.map { (role: $0.role, bcuCode: $0.bcuCode) })
    }

    static func grants(from rows: [(role: String, bcuCode: String)]) -> [RoleGrant] {
        var byRole: [Role: Scope] = [:]
        for row in rows {
            guard let role = Role(rawValue: row.role) else { continue }
            let scope: Scope
            if row.bcuCode == BCU.force.code {
                scope = .force
            } else if let bcu = BCU(rawValue: row.bcuCode) {
                scope = .bcus([bcu])
            } else {
                continue
            }
            byRole[role] = byRole[role].map { $0.union(scope) } ?? scope
        }
        return byRole.sorted { $0.key < $1.key }.map { RoleGrant(role: $0.key, scope: $0.value) }
    }

    public static func account(of user: User, grants rows: [RoleGrantRecord]) -> UserAccount {
        UserAccount(
            id: user.id ?? 0, username: user.username, displayName: user.displayName, disabled: user.disabled,
            mustChangePassword: user.mustChangePassword, lockedUntil: user.lockedUntil, officerID: user.$officer.id,
            grants: grants(from: rows))
    }

    public static func principal(of account: UserAccount) -> Principal {
        Principal(
            userID: account.id, username: account.username, displayName: account.displayName,
            grants: account.grants, officerID: account.officerID)
    }

    public static func find(username: String, on database: any Database) async throws -> User? {
        try await User.query(on: database).filter(\.$username == username.lowercased()).first()
    }

    /// The user with their grants, in one query: every signed-in request asks this, so it is read with SQL into
    /// plain values rather than through Fluent's models (whose reflection cost more than the query).
    public static func account(id: Int, on database: any Database) async throws -> UserAccount? {
        let sql = database as! any SQLDatabase
        let rows = try await sql.raw(
            "SELECT \(unsafeRaw: accountColumns) FROM users \(unsafeRaw: grantsJoin) WHERE users.id = \(bind: id)"
        ).all(decoding: AccountRow.self)
        return account(from: rows)
    }

    /// A user's columns and their grants', one row per grant (one row with no grant for a user without any).
    struct AccountRow: Decodable {
        var account_id: Int
        var username: String
        var display_name: String
        var disabled: Bool
        var must_change_password: Bool
        var locked_until: Date?
        var officer_id: Int?
        var role: String?
        var bcu_code: String?
    }

    /// A user's columns (`AccountRow`), for a query with `users` and `grantsJoin` in its FROM.
    ///
    /// This and `ownerQuery` are SQL text rather than SQLKit's builders: every signed-in request runs one of them,
    /// and building a statement quotes each of its identifiers anew, which cost as much as the query itself.
    static let accountColumns = """
        users.id AS account_id, users.username, users.display_name, users.disabled, users.must_change_password, \
        users.locked_until, users.officer_id, role_grants.role, role_grants.bcu_code
        """

    /// The user's grants, one row each (one row with none for a user without any).
    static let grantsJoin = "LEFT JOIN role_grants ON role_grants.user_id = users.id"

    /// A query for a row of `table` (a browser session or an API token, which name their user in `user_id`) whose
    /// `key` equals the bind that follows the text: its `columns`, with its owner's columns and grants, one row per
    /// grant. The browser session and the API token each read their owner this way (`SessionStore`).
    static func ownerQuery(of table: String, columns: String, key: String) -> String {
        "SELECT \(columns), \(accountColumns) FROM \(table) JOIN users ON users.id = \(table).user_id "
            + "\(grantsJoin) WHERE \(table).\(key) = "
    }

    /// The owner the rows of an `ownerQuery` describe; nil for no rows.
    static func owner(from rows: [any SQLRow]) throws -> UserAccount? {
        account(from: try rows.map { try $0.decode(model: AccountRow.self) })
    }

    /// The account the rows of `accountColumns` describe; nil for no rows.
    static func account(from rows: [AccountRow]) -> UserAccount? {
        guard let user = rows.first else { return nil }
        return UserAccount(
            id: user.account_id, username: user.username, displayName: user.display_name, disabled: user.disabled,
            mustChangePassword: user.must_change_password, lockedUntil: user.locked_until, officerID: user.officer_id,
            grants: grants(
                from: rows.compactMap { row in row.role.flatMap { role in row.bcu_code.map { (role, $0) } } }))
    }

    public static func accounts(on database: any Database) async throws -> [UserAccount] {
        let users = try await User.query(on: database).sort(\.$username).all()
        let rows = try await RoleGrantRecord.query(on: database).all()
        let byUser = Dictionary(grouping: rows, by: { $0.$user.id })
        return users.map { account(of: $0, grants: byUser[$0.id ?? 0] ?? []) }
    }

    /// Creates a user with the given grants. Usernames are stored lower-cased and are unique.
    @discardableResult
    public static func create(
        username: String, displayName: String, passwordHash: String, grants: [RoleGrant], officerID: Int? = nil,
        mustChangePassword: Bool = false, on database: any Database
    ) async throws -> Int {
        let name = username.lowercased()
        if try await find(username: name, on: database) != nil {
            throw Conflict(description: "a user named \(name) already exists")
        }
        return try await database.transaction { db in
            let user = User(username: name, displayName: displayName, passwordHash: passwordHash, officerID: officerID)
            user.mustChangePassword = mustChangePassword
            try await user.create(on: db)
            let id = try user.requireID()
            try await replaceGrants(userID: id, grants: grants, on: db)
            return id
        }
    }

    /// Changes the name the account is shown under.
    public static func rename(userID: Int, displayName: String, on database: any Database) async throws {
        guard let user = try await User.find(userID, on: database) else { return }
        user.displayName = displayName
        try await user.save(on: database)
    }

    public static func replaceGrants(userID: Int, grants: [RoleGrant], on database: any Database) async throws {
        try await RoleGrantRecord.query(on: database).filter(\.$user.$id == userID).delete()
        var seen = Set<String>()
        for grant in grants {
            for code in grant.scope.codes where seen.insert("\(grant.role.rawValue)|\(code)").inserted {
                try await RoleGrantRecord(userID: userID, role: grant.role.rawValue, bcuCode: code).create(on: database)
            }
        }
    }

    public static func setPassword(userID: Int, passwordHash: String, mustChange: Bool, on database: any Database)
        async throws
    {
        guard let user = try await User.find(userID, on: database) else { return }
        user.passwordHash = passwordHash
        user.mustChangePassword = mustChange
        user.failedAttempts = 0
        user.lockedUntil = nil
        try await user.save(on: database)
    }

    public static func setDisabled(userID: Int, disabled: Bool, on database: any Database) async throws {
        guard let user = try await User.find(userID, on: database) else { return }
        user.disabled = disabled
        try await user.save(on: database)
        if disabled {
            try await UserSession.query(on: database).filter(\.$user.$id == userID).delete()
        }
    }
}
