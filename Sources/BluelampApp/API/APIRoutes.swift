import BluelampCore
import BluelampPersistence
import Vapor

/// The JSON API under /api/v1 for programs, with API tokens as bearer tokens.
struct APIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let v1 = routes.grouped("api", "v1")
        v1.get("me", use: me).requires(.viewHome)
    }

    struct Me: Content {
        var username: String
        var displayName: String
        var grants: [Grant]
    }

    struct Grant: Content {
        var role: String
        var scope: [String]
    }

    @Sendable func me(_ req: Request) async throws -> Me {
        let p = try req.requirePrincipal()
        return Me(username: p.username, displayName: p.displayName, grants: p.grants.map { Grant(role: $0.role.rawValue, scope: $0.scope.codes) })
    }
}
