import BluelampCore
import BluelampPersistence
import Vapor

struct PrincipalKey: StorageKey { typealias Value = Principal }
struct SessionKey: StorageKey { typealias Value = SessionContext }
struct NowKey: StorageKey { typealias Value = Date }

/// The browser session behind a request (absent for API tokens).
struct SessionContext: Sendable {
    var token: String
    var csrfToken: String
    var mustChangePassword: Bool
}

extension Request {
    /// The signed-in person, or nil.
    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    var session: SessionContext? {
        get { storage[SessionKey.self] }
        set { storage[SessionKey.self] = newValue }
    }

    /// The signed-in person; a 401 when there is none (the access middleware makes that unreachable).
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw Abort(.unauthorized) }
        return principal
    }

    /// The time for this request: one clock reading per request, so a page is consistent with itself.
    var now: Date {
        if let now = storage[NowKey.self] { return now }
        let now = application.clock()
        storage[NowKey.self] = now
        return now
    }

    /// The address the request came from, for throttling and the audit log.
    var clientAddress: String {
        // The last address is the one the load balancer added; any before it came from the client and may be forged.
        if application.settings.trustForwardedFor,
            let forwarded = headers[canonicalForm: "X-Forwarded-For"].last, !forwarded.isEmpty
        {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }

    var requestID: String? { logger[metadataKey: "request-id"].map { "\($0)" } }

    var wantsAPIResponse: Bool {
        url.path.hasPrefix("/api/") || url.path == "/metrics"
            || (headers.accept.first?.mediaType == .json)
    }
}
