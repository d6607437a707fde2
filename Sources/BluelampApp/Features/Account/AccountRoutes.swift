import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

struct AccountRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped("account")
        account.get(use: show).requires(.manageOwnAccount)
        account.get("password", use: passwordForm).requires(.manageOwnAccount)
        account.post("password", use: changePassword).requires(.manageOwnAccount)
        account.post("tokens", use: createToken).requires(.manageOwnAccount)
        account.post("tokens", ":id", "revoke", use: revokeToken).requires(.manageOwnAccount)
    }

    func page(_ req: Request, newToken: String? = nil, errors: [String] = [], notice: String? = nil) async throws -> Response {
        let principal = try req.requirePrincipal()
        let model = AccountPage.Model(
            principal: principal, tokens: try await SessionStore.tokens(userID: principal.userID, on: req.db), newToken: newToken,
            errors: errors, notice: notice, csrf: req.session?.csrfToken, now: req.now)
        return Layout.response(AccountPage(model: model).render(), title: "Your account", request: req,
                               status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let notice: String? = switch try? req.query.get(String.self, at: "notice") {
        case "password": "Your password has been changed."
        case "revoked": "The token has been revoked."
        default: nil
        }
        return try await page(req, notice: notice)
    }

    @Sendable func passwordForm(_ req: Request) async throws -> Response {
        Layout.response(PasswordPage(errors: [], mustChange: req.session?.mustChangePassword ?? false, csrf: req.session?.csrfToken).render(),
                        title: "Change your password", request: req)
    }

    @Sendable func changePassword(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let current = (try? req.content.get(String.self, at: "current")) ?? ""
        let new = (try? req.content.get(String.self, at: "new")) ?? ""
        let confirm = (try? req.content.get(String.self, at: "confirm")) ?? ""
        guard let user = try await User.find(principal.userID, on: req.db) else { throw Abort(.unauthorized) }
        var errors: [String] = []
        if !((try? Bcrypt.verify(current, created: user.passwordHash)) ?? false) {
            errors.append("Current password: that is not your current password.")
        }
        if let problem = req.application.settings.passwordPolicy.problem(with: new, username: user.username) {
            errors.append("New password: \(problem)")
        } else if new != confirm {
            errors.append("New password again: the two new passwords differ.")
        } else if new == current {
            errors.append("New password: choose a password different from the current one.")
        }
        guard errors.isEmpty else {
            return Layout.response(PasswordPage(errors: errors, mustChange: user.mustChangePassword, csrf: req.session?.csrfToken).render(),
                                   title: "Change your password", request: req, status: .unprocessableEntity)
        }
        try await UserStore.setPassword(userID: principal.userID, passwordHash: try await req.password.async.hash(new), mustChange: false, on: req.db)
        try await Audit.record(req, action: .update, recordType: .user, recordID: String(principal.userID), outcome: "password changed")
        return req.redirect(to: "/account?notice=password")
    }

    struct TokenForm: Content {
        var name: String?
        var roles: [String]?
        var days: Int?
    }

    @Sendable func createToken(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let form = try req.content.decode(TokenForm.self)
        var errors: [String] = []
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 100 { errors.append("Name: give the token a name of up to 100 characters.") }
        let requested = (form.roles ?? []).compactMap(Role.init(rawValue:))
        if requested.count != (form.roles ?? []).count { errors.append("Roles: an unknown role was sent.") }
        let roles = Set(requested)
        if roles.isEmpty { errors.append("Roles: choose at least one role for the token.") }
        if !roles.isSubset(of: principal.roles) { errors.append("Roles: a token cannot carry a role you do not hold.") }
        let days = form.days ?? 30
        if ![7, 30, 90, 365].contains(days) { errors.append("Expires after: choose 7, 30, 90 or 365 days.") }
        guard errors.isEmpty else { return try await page(req, errors: errors) }
        let issued = try await SessionStore.issueToken(userID: principal.userID, name: name, roles: roles, now: req.now,
                                                       lifetime: TimeInterval(days * 86_400), on: req.db)
        try await Audit.record(req, action: .create, recordType: .apiToken, recordID: String(issued.id),
                               outcome: "roles " + roles.sorted().map(\.rawValue).joined(separator: ","))
        return try await page(req, newToken: issued.secret)
    }

    @Sendable func revokeToken(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("id", as: Int.self),
            try await SessionStore.revokeToken(id: id, userID: principal.userID, now: req.now, on: req.db)
        else { throw Abort(.notFound, reason: "You have no such token.") }
        try await Audit.record(req, action: .update, recordType: .apiToken, recordID: String(id), outcome: "revoked")
        return req.redirect(to: "/account?notice=revoked")
    }
}
