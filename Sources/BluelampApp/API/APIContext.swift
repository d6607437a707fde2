import Vapor

/// The Vapor request behind the API operation being handled. The generated handlers receive only the
/// operation's input, but they need the request for the signed-in principal, the database, the clock and the
/// audit log; `APIContextMiddleware` puts the request in a task-local for the handler's task (the pattern
/// swift-openapi-vapor documents for request injection).
enum APIContext {
    @TaskLocal static var request: Request?

    /// The current request; only absent if a handler is called outside the API routes (a programming error).
    static func current() throws -> Request {
        guard let request else { throw Abort(.internalServerError, reason: "API handler called without a request.") }
        return request
    }
}

/// Sets `APIContext.request` for everything the route does after it. Registered last on the API routes,
/// next to the handler.
struct APIContextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await APIContext.$request.withValue(request) {
            try await next.respond(to: request)
        }
        if let etag = request.apiETag { response.headers.replaceOrAdd(name: .eTag, value: etag) }
        if let location = request.apiLocation { response.headers.replaceOrAdd(name: .location, value: location) }
        return response
    }
}

struct APIETagKey: StorageKey { typealias Value = String }
struct APILocationKey: StorageKey { typealias Value = String }

extension Request {
    /// The ETag of the record an operation returns. Set here rather than through the generated response
    /// headers, which percent-encode a header's value (an ETag's quotes would arrive as %22).
    var apiETag: String? {
        get { storage[APIETagKey.self] }
        set { storage[APIETagKey.self] = newValue }
    }

    /// The address of a record an operation created (`Location`), set here for the same reason.
    var apiLocation: String? {
        get { storage[APILocationKey.self] }
        set { storage[APILocationKey.self] = newValue }
    }

    /// The raw If-Match header, for the same reason.
    var ifMatch: String? { headers.first(name: .ifMatch) }
}
