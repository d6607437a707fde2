import BluelampAPI
import BluelampCore
import BluelampPersistence
import Vapor

extension APIHandler {
    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        let grants = try principal.grants.map { grant in
            Components.Schemas.Grant(
                role: try APIValues.convert(grant.role),
                scope: grant.scope.codes.compactMap(Components.Schemas.BCUCode.init(rawValue:)))
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        username: principal.username, displayName: principal.displayName,
                        officerId: principal.officerID.map(Int64.init), grants: grants))))
    }

    func listTokens(_ input: Operations.ListTokens.Input) async throws -> Operations.ListTokens.Output {
        let req = try APIContext.current()
        let limit = try APIPaging.limit(input.query.limit)
        let tokens = try await Self.account(req).tokens().sorted { $0.id > $1.id }
        let page = try APIPaging.page(
            of: tokens, cursor: input.query.cursor, limit: limit, list: "tokens", key: { String($0.id) })
        return .ok(
            .init(
                body: .json(
                    .init(items: try page.items.map { try Self.token($0, now: req.now) }, nextCursor: page.next))))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("You have no token with id \(input.path.id).")
        }
        let token = try await APIError.run { try await Self.account(req).revokeToken(id) }
        return .ok(.init(body: .json(try Self.token(token, now: req.now))))
    }

    static func account(_ req: Request) -> AccountService {
        AccountService(req.service, passwords: req.password.async, policy: req.application.settings.passwordPolicy)
    }

    static func token(_ token: APITokenSummary, now: Date) throws -> Components.Schemas.APIToken {
        let state: Components.Schemas.TokenState =
            token.revokedAt != nil ? .revoked : (token.expiresAt <= now ? .expired : .active)
        return Components.Schemas.APIToken(
            id: Int64(token.id), name: token.name, prefix: token.prefix,
            roles: try token.roles.map { try APIValues.convert($0) },
            state: state, createdAt: token.createdAt, expiresAt: token.expiresAt, revokedAt: token.revokedAt,
            lastUsedAt: token.lastUsedAt)
    }
}
