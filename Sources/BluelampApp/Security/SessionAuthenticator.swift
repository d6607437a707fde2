import BluelampCore
import BluelampPersistence
import Vapor

/// Finds who is asking: a session cookie for people, a bearer token for programs.
/// It never refuses a request itself; `AccessMiddleware` decides.
struct SessionAuthenticator: AsyncMiddleware {
    static let cookieName = "bluelamp_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization?.token, request.url.path != "/metrics" {
            if let (account, roles, _) = try await SessionStore.authenticate(
                token: bearer, now: request.now, on: request.db, gate: request.application.auditWriter?.gate),
                !account.disabled
            {
                request.principal = UserStore.principal(of: account).restricted(to: roles)
            }
        } else if let token = request.cookies[Self.cookieName]?.string, !token.isEmpty {
            let idle = request.application.settings.settings.sessionIdleLimit
            if let session = try await SessionStore.resume(
                token: token, now: request.now, idleLimit: idle, on: request.db,
                gate: request.application.auditWriter?.gate),
                !session.account.disabled
            {
                request.principal = UserStore.principal(of: session.account)
                request.session = SessionContext(
                    token: token, csrfToken: session.csrfToken, mustChangePassword: session.account.mustChangePassword)
            }
        }
        return try await next.respond(to: request)
    }
}
