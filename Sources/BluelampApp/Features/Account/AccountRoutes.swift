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

    func service(_ req: Request) -> AccountService {
        AccountService(req.service, passwords: req.password.async, policy: req.application.settings.passwordPolicy)
    }

    func page(_ req: Request, newToken: String? = nil, errors: [String] = [], notice: String? = nil) async throws
        -> Response
    {
        let principal = try req.requirePrincipal()
        let model = AccountPage.Model(
            principal: principal, tokens: try await service(req).tokens(), newToken: newToken,
            errors: errors, notice: notice, csrf: req.session?.csrfToken, now: req.now)
        return Layout.response(
            AccountPage(model: model).render(), title: "Your account", request: req,
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "password": "Your password has been changed."
            case "revoked": "The token has been revoked."
            default: nil
            }
        return try await page(req, notice: notice)
    }

    @Sendable func passwordForm(_ req: Request) async throws -> Response {
        Layout.response(
            PasswordPage(errors: [], mustChange: req.session?.mustChangePassword ?? false, csrf: req.session?.csrfToken)
                .render(),
            title: "Change your password", request: req)
    }

    @Sendable func changePassword(_ req: Request) async throws -> Response {
        let current = (try? req.content.get(String.self, at: "current")) ?? ""
        let new = (try? req.content.get(String.self, at: "new")) ?? ""
        let confirm = (try? req.content.get(String.self, at: "confirm")) ?? ""
        do {
            try await service(req).changePassword(current: current, new: new, confirm: confirm)
        } catch ServiceError.invalid(let problems) {
            return Layout.response(
                PasswordPage(
                    errors: problems.errors.map(\.description), mustChange: req.session?.mustChangePassword ?? false,
                    csrf: req.session?.csrfToken
                ).render(),
                title: "Change your password", request: req, status: .unprocessableEntity)
        }
        return req.redirect(to: Paths.account(notice: "password"))
    }

    struct TokenForm: Content {
        var name: String?
        var roles: [String]?
        var days: Int?
    }

    @Sendable func createToken(_ req: Request) async throws -> Response {
        let form = try req.content.decode(TokenForm.self)
        do {
            let issued = try await service(req).createToken(
                name: form.name ?? "", roles: form.roles ?? [], days: form.days ?? 30)
            return try await page(req, newToken: issued.secret)
        } catch ServiceError.invalid(let problems) {
            return try await page(req, errors: problems.errors.map(\.description))
        }
    }

    @Sendable func revokeToken(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self) else {
            throw Abort(.notFound, reason: "You have no such token.")
        }
        _ = try await run { try await service(req).revokeToken(id) }
        return req.redirect(to: Paths.account(notice: "revoked"))
    }
}
