import BluelampAPI
import BluelampCore
import Foundation
import OpenAPIVapor
import Vapor

/// The JSON API under /api/v1: the operations generated from openapi.yaml, the document itself and its
/// reference page. API tokens are bearer tokens (SessionAuthenticator); the access middleware checks each
/// operation's permission from `APIAccess`.
struct APIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let v1 = routes.grouped("api", "v1")
        v1.get("openapi.yaml", use: document).requires(.viewAPIReference)
        v1.get("docs", use: reference).requires(.viewAPIReference)

        // Problems outermost so every failure below is problem JSON; then the rate limit, the parameters
        // checked against the document, idempotency keys,
        // and the request for the handler, innermost.
        let api = APIRouteDeclarer(base: routes, logger: Logger(label: "bluelamp.api"))
            .grouped(
                APIProblemMiddleware(), APIRateLimitMiddleware(), APIParameterValidationMiddleware(),
                APIIdempotencyMiddleware(),
                APIContextMiddleware())
        let transport = VaporTransport(routesBuilder: api)
        try APIHandler().registerHandlers(
            on: transport, serverURL: URL(string: OpenAPIDocument.shipped.basePath)!,
            // Compact JSON with sorted keys: the runtime's default also pretty-prints, which made every answer
            // about two fifths larger (a crime search of 50 rows: 19,157 bytes, now 13,373).
            configuration: .init(dateTranscoder: APIDateTranscoder(), jsonEncodingOptions: [.sortedKeys]))
    }

    @Sendable func document(_ req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return Response(status: .ok, headers: headers, body: .init(string: APIDocument.yaml))
    }

    @Sendable func reference(_ req: Request) async throws -> Response {
        let page = APIReferencePage(model: .init(document: OpenAPIDocument.shipped, permissions: APIAccess.permissions))
        return Layout.response(page.render(), title: "API reference", request: req)
    }
}
