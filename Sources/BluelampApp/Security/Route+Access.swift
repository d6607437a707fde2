import BluelampCore
import Vapor

/// How a route is guarded. Every route declares one; a route that declares none is refused to everyone
/// (fail closed) and the role × route matrix test reports it.
public enum RouteAccess: Sendable, Hashable {
    /// No sign-in: the sign-in page, static assets, `/healthz`, `/version`.
    case anonymous
    /// Signed in and holding the permission (through any role, in any scope: records are scoped in the service).
    case permission(Permission)
    /// `/metrics`: the metrics bearer token or an administrator.
    case metrics
}

extension Route {
    static let accessKey = "bluelamp.access"

    /// The route's declared guard, if any.
    public var access: RouteAccess? { userInfo[Route.accessKey] as? RouteAccess }

    /// Declares the permission this route needs.
    @discardableResult
    public func requires(_ permission: Permission) -> Route {
        userInfo[Route.accessKey] = RouteAccess.permission(permission)
        return self
    }

    /// Declares the route open without sign-in.
    @discardableResult
    public func anonymous() -> Route {
        userInfo[Route.accessKey] = RouteAccess.anonymous
        return self
    }

    /// Where a route that accepts a large body (an upload) records its limit, so the server refuses a larger body
    /// with 413 before reading it (`RouteBodyLimits`) and the access gate can collect the body before it reads the
    /// CSRF field.
    static let maxBodySizeKey = "bluelamp.maxBodySize"

    /// Declares the largest body the route accepts (the route must also be registered with
    /// `body: .collect(maxSize:)` of the same size).
    @discardableResult
    public func maxBodySize(_ bytes: Int) -> Route {
        userInfo[Route.maxBodySizeKey] = bytes
        return self
    }

    @discardableResult
    func metricsAccess() -> Route {
        userInfo[Route.accessKey] = RouteAccess.metrics
        return self
    }
}
