import BluelampCore
import BluelampPersistence
import Vapor

/// The one gate every request passes: sign-in, the route's permission from the policy table, CSRF on
/// state-changing browser requests, and a forced password change. Denials are audited.
struct AccessMiddleware: AsyncMiddleware {
    static let csrfField = "csrf"
    static let csrfHeader = "X-CSRF-Token"
    static let anonymousCSRFCookie = "bluelamp_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route else {
            // Unknown path: anonymous callers learn nothing beyond "sign in".
            if request.principal == nil { return unauthenticated(request) }
            throw Abort(.notFound)
        }
        switch route.access {
        case .anonymous:
            if request.method != .GET && request.method != .HEAD {
                try checkAnonymousCSRF(request)
            }
            return try await next.respond(to: request)
        case .metrics:
            if let expected = request.application.settings.settings.metricsToken,
                let given = request.headers.bearerAuthorization?.token, constantTimeEquals(given, expected)
            {
                return try await next.respond(to: request)
            }
            if let principal = request.principal, principal.can(.viewMetrics) {
                return try await next.respond(to: request)
            }
            throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"])
        case .none:
            request.logger.error("route has no declared access; refused", metadata: ["route": "\(route.description)"])
            throw Abort(.forbidden, reason: "This address has no access rule, so it is closed.")
        case .permission(let permission):
            guard let principal = request.principal else { return unauthenticated(request) }
            if let session = request.session {
                if request.method != .GET && request.method != .HEAD {
                    // A large body (a file upload) arrives streamed: collect it first, up to the route's
                    // limit, so the CSRF field can be read from it. (crimes 2026-11: the /imports upload.)
                    if request.body.data == nil {
                        let limit =
                            (route.userInfo[Route.maxBodySizeKey] as? Int)
                            ?? request.application.routes.defaultMaxBodySize.value
                        _ = try await request.body.collect(max: limit).get()
                    }
                    try await checkSessionCSRF(request, expected: session.csrfToken)
                }
                if session.mustChangePassword && permission != .manageOwnAccount {
                    return request.redirect(to: "/account/password")
                }
            }
            guard principal.can(permission) else {
                try await Audit.record(
                    request, action: .denied, recordType: .route,
                    recordID: "\(request.method) \(route.description)", outcome: "denied: needs \(permission.rawValue)")
                throw Abort(.forbidden, reason: "Your roles do not allow this (it needs \"\(permission.summary)\").")
            }
            return try await next.respond(to: request)
        }
    }

    private func unauthenticated(_ request: Request) -> Response {
        if request.wantsAPIResponse {
            let response = Problem.response(
                status: .unauthorized, kind: "unauthenticated", detail: "Send a valid API token as a bearer token.")
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
            return response
        }
        var next = request.url.path
        if let query = request.url.query, !query.isEmpty { next += "?" + query }
        let target =
            request.method == .GET && next != "/"
            ? "/sign-in?next=\(next.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=?"))) ?? "/")"
            : "/sign-in"
        return request.redirect(to: target, redirectType: .normal)
    }

    private func checkSessionCSRF(_ request: Request, expected: String) async throws {
        // API calls with a bearer token carry no cookie, so they are not exposed to CSRF.
        let given =
            request.headers.first(name: Self.csrfHeader) ?? (try? request.content.get(String.self, at: Self.csrfField))
        guard let given, constantTimeEquals(given, expected) else {
            try await Audit.record(
                request, action: .denied, recordType: .csrf, recordID: request.url.path,
                outcome: "denied: missing or wrong CSRF token")
            throw Abort(
                .forbidden,
                reason: "This form has expired or did not come from Bluelamp. Go back, reload the page and try again.")
        }
    }

    /// Forms shown before sign-in use a double-submit token: a random cookie echoed in a hidden field.
    private func checkAnonymousCSRF(_ request: Request) throws {
        let cookie = request.cookies[Self.anonymousCSRFCookie]?.string
        let given = try? request.content.get(String.self, at: Self.csrfField)
        guard let cookie, let given, !cookie.isEmpty, constantTimeEquals(cookie, given) else {
            throw Abort(.forbidden, reason: "This form has expired. Reload the sign-in page and try again.")
        }
    }
}

func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for i in 0..<x.count { diff |= x[i] ^ y[i] }
    return diff == 0
}
