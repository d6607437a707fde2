import BluelampCore
import BluelampPersistence
import SQLKit
import Vapor

/// `/healthz` for load balancers (200 when the database answers, 503 otherwise) and `/version`.
struct OperationsRoutes: RouteCollection {
    static let version = "0.1.0"

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health).anonymous()
        routes.get("version", use: version).anonymous()
    }

    struct Health: Content {
        var status: String
        var database: String
    }

    @Sendable func health(_ req: Request) async throws -> Response {
        do {
            try await (req.db as! any SQLDatabase).raw("SELECT 1").run()
            return try await Health(status: "ok", database: "ok").encodeResponse(status: .ok, for: req)
        } catch {
            req.logger.warning("health check: database did not answer")
            return try await Health(status: "unavailable", database: "unreachable").encodeResponse(
                status: .serviceUnavailable, for: req)
        }
    }

    struct Version: Content {
        var name: String
        var version: String
        var database: String
    }

    @Sendable func version(_ req: Request) async throws -> Version {
        Version(
            name: "bluelamp", version: Self.version,
            database: req.application.settings.settings.database.isPostgres ? "postgresql" : "sqlite")
    }
}
