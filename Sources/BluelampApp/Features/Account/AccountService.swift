import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

/// A person's own account: their password and their API tokens. Each change is audited in its transaction; the
/// account page and the API's token handlers are adapters over it.
struct AccountService {
    var context: ServiceContext
    var passwords: AsyncPasswordHasher
    var policy: PasswordPolicy

    init(_ context: ServiceContext, passwords: AsyncPasswordHasher, policy: PasswordPolicy) {
        self.context = context
        self.passwords = passwords
        self.policy = policy
    }

    /// How long a token may live, in days.
    static let tokenLifetimes = [7, 30, 90, 365]

    func tokens() async throws -> [APITokenSummary] {
        try await SessionStore.tokens(userID: try context.requirePrincipal().userID, on: context.database)
    }

    /// Issues a token carrying some of the person's own roles; returns it with its secret, shown once.
    func createToken(name: String, roles: [String], days: Int) async throws -> SessionStore.IssuedToken {
        let principal = try context.requirePrincipal()
        var problems: [FieldError] = []
        let name = name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 100 {
            problems.append(
                FieldError(field: "name", label: "Name", message: "give the token a name of up to 100 characters."))
        }
        let requested = roles.compactMap(Role.init(rawValue:))
        if requested.count != roles.count {
            problems.append(FieldError(field: "roles", label: "Roles", message: "an unknown role was sent."))
        }
        let chosen = Set(requested)
        if chosen.isEmpty {
            problems.append(
                FieldError(field: "roles", label: "Roles", message: "choose at least one role for the token."))
        }
        if !chosen.isSubset(of: principal.roles) {
            problems.append(
                FieldError(field: "roles", label: "Roles", message: "a token cannot carry a role you do not hold."))
        }
        if !Self.tokenLifetimes.contains(days) {
            problems.append(FieldError(field: "days", label: "Expires after", message: "choose 7, 30, 90 or 365 days."))
        }
        guard problems.isEmpty else { throw ServiceError.invalid(FieldErrors(errors: problems)) }
        return try await context.transaction { tx in
            let issued = try await SessionStore.issueToken(
                userID: principal.userID, name: name, roles: chosen, now: tx.now, lifetime: TimeInterval(days * 86_400),
                on: tx.database)
            try await tx.audit(
                .create, .apiToken, id: String(issued.id),
                outcome: "roles " + chosen.sorted().map(\.rawValue).joined(separator: ","))
            return issued
        }
    }

    /// Revokes one of the person's own tokens; returns it as it now stands.
    func revokeToken(_ id: Int) async throws -> APITokenSummary {
        let userID = try context.requirePrincipal().userID
        return try await context.transaction { tx in
            guard try await SessionStore.revokeToken(id: id, userID: userID, now: tx.now, on: tx.database),
                let token = try await SessionStore.tokens(userID: userID, on: tx.database).first(where: { $0.id == id })
            else { throw ServiceError.notFound("You have no token with id \(id).") }
            try await tx.audit(.update, .apiToken, id: String(id), outcome: "revoked")
            return token
        }
    }

    /// Changes the person's own password, given the current one; the new one must meet the policy and differ.
    func changePassword(current: String, new: String, confirm: String) async throws {
        let principal = try context.requirePrincipal()
        guard let user = try await UserStore.find(username: principal.username, on: context.database) else {
            throw ServiceError.forbidden("Sign in first.")
        }
        var problems: [FieldError] = []
        if !((try? await passwords.verify(current, created: user.passwordHash)) ?? false) {
            problems.append(
                FieldError(field: "current", label: "Current password", message: "that is not your current password."))
        }
        if let problem = policy.problem(with: new, username: user.username) {
            problems.append(FieldError(field: "new", label: "New password", message: problem))
        } else if new != confirm {
            problems.append(
                FieldError(field: "confirm", label: "New password again", message: "the two new passwords differ."))
        } else if new == current {
            problems.append(
                FieldError(
                    field: "new", label: "New password", message: "choose a password different from the current one."))
        }
        guard problems.isEmpty else { throw ServiceError.invalid(FieldErrors(errors: problems)) }
        let hash = try await passwords.hash(new)
        try await context.transaction { tx in
            try await UserStore.setPassword(
                userID: principal.userID, passwordHash: hash, mustChange: false, on: tx.database)
            try await tx.audit(.update, .user, id: String(principal.userID), outcome: "password changed")
        }
    }

    /// Ends the session the person signed in with, audited in the same transaction.
    func signOut(sessionToken: String) async throws {
        let userID = context.principal.map { String($0.userID) }
        try await context.transaction { tx in
            try await SessionStore.end(token: sessionToken, on: tx.database)
            try await tx.audit(.signOut, .user, id: userID)
        }
    }
}
