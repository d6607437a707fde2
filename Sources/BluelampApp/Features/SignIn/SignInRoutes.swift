import BluelampCore
import BluelampPersistence
import Vapor

struct SignInRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("sign-in", use: show).anonymous()
        routes.post("sign-in", use: submit).anonymous()
        routes.post("sign-out", use: signOut).requires(.viewHome)
    }

    struct Form: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        if req.principal != nil { return req.redirect(to: Paths.home) }
        let next = (try? req.query.get(String.self, at: "next")) ?? "/"
        let notice = (try? req.query.get(String.self, at: "signed_out")) != nil ? "You have signed out." : nil
        return page(req, username: "", next: next, error: nil, notice: notice)
    }

    func page(
        _ req: Request, username: String, next: String, error: String?, notice: String?,
        status: HTTPResponseStatus = .ok
    ) -> Response {
        let csrf = req.cookies[AccessMiddleware.anonymousCSRFCookie]?.string ?? Secret.random()
        let model = SignInPage.Model(
            username: username, next: Self.safeNext(next), error: error, notice: notice, csrf: csrf)
        let response = Layout.response(
            SignInPage(model: model).render(), title: error == nil ? "Sign in" : "Error: Sign in", request: req,
            status: status)
        response.cookies[AccessMiddleware.anonymousCSRFCookie] = cookie(req, value: csrf, maxAge: 3600)
        return response
    }

    @Sendable func submit(_ req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let settings = req.application.settings.settings
        let service = SignInService(
            database: req.db, now: req.now, lockoutPeriod: settings.lockoutPeriod, address: req.clientAddress,
            requestID: req.requestID,
            passwordVerifier: { password, hash in try Bcrypt.verify(password, created: hash) },
            gate: req.application.auditWriter?.gate)
        switch try await service.signIn(username: form.username ?? "", password: form.password ?? "") {
        case .refused(let message):
            return page(
                req, username: form.username ?? "", next: form.next ?? "/", error: message, notice: nil,
                status: .unauthorized)
        case .signedIn(_, let token, _, let mustChange):
            let response = req.redirect(
                to: mustChange ? Paths.accountPassword : Self.safeNext(form.next ?? Paths.home), redirectType: .normal)
            response.cookies[SessionAuthenticator.cookieName] = cookie(req, value: token, maxAge: nil)
            response.cookies[AccessMiddleware.anonymousCSRFCookie] = cookie(req, value: "", maxAge: 0)
            return response
        }
    }

    @Sendable func signOut(_ req: Request) async throws -> Response {
        if let session = req.session {
            try await AccountService(
                req.service, passwords: req.password.async, policy: req.application.settings.passwordPolicy
            )
            .signOut(sessionToken: session.token)
        }
        let response = req.redirect(to: Paths.signIn(signedOut: true), redirectType: .normal)
        response.cookies[SessionAuthenticator.cookieName] = cookie(req, value: "", maxAge: 0)
        return response
    }

    /// Only same-site paths are followed after sign-in (no open redirect).
    static func safeNext(_ next: String) -> String {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.hasPrefix("/sign-") else {
            return "/"
        }
        return next
    }

    func cookie(_ req: Request, value: String, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: maxAge == 0 ? Date(timeIntervalSince1970: 0) : nil, maxAge: maxAge, path: "/",
            isSecure: req.application.settings.settings.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}
