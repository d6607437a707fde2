import BluelampPersistence
import Foundation
import Vapor

/// Idempotency keys on creates: for an operation that declares the `Idempotency-Key` header, the first
/// successful response to a key is kept (IdempotencyStore) and a repeat of the same request gets it again, with
/// `Idempotent-Replayed: true`. The same key with another request is a 422; a repeat while the first is still
/// running, a 409. A failed request keeps nothing, so it may be retried with the same key.
struct APIIdempotencyMiddleware: AsyncMiddleware {
    static let header = "Idempotency-Key"
    static let maxBody = 2 * 1024 * 1024

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route, route.isIdempotentCreate, let operation = route.apiOperationID,
            let key = request.headers.first(name: Self.header), let principal = request.principal
        else { return try await next.respond(to: request) }
        guard (1...200).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace || $0 == " " }) else {
            throw APIError.validation(field: Self.header, "must be 1 to 200 visible ASCII characters")
        }
        let body = try await request.body.collect(max: Self.maxBody).get()
        var fingerprint = "\(request.method.rawValue) \(request.url.path)?\(request.url.query ?? "")\n"
        if let body { fingerprint += String(buffer: body) }
        let claim = try await IdempotencyStore.claim(
            userID: principal.userID, key: key, operation: operation, requestHash: SessionStore.sha256(fingerprint),
            now: request.now, on: request.db)
        switch claim {
        case .replay(let stored):
            let response = Response(status: HTTPResponseStatus(statusCode: stored.statusCode))
            if let type = stored.contentType { response.headers.replaceOrAdd(name: .contentType, value: type) }
            if let location = stored.location { response.headers.replaceOrAdd(name: .location, value: location) }
            if let etag = stored.etag { response.headers.replaceOrAdd(name: .eTag, value: etag) }
            response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
            response.body = .init(string: stored.body)
            return response
        case .mismatch:
            throw APIError.validation(field: Self.header, "was already used for a different request; use a new key")
        case .inProgress:
            throw APIError.conflict("A request with this Idempotency-Key is still being handled. Retry it shortly.")
        case .proceed:
            break
        }
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            try? await IdempotencyStore.release(userID: principal.userID, key: key, on: request.db)
            throw error
        }
        guard (200..<300).contains(response.status.code) else {
            try await IdempotencyStore.release(userID: principal.userID, key: key, on: request.db)
            return response
        }
        let collected = try await response.body.collect(on: request.eventLoop).get()
        let text = collected.map { String(buffer: $0) } ?? ""
        try await IdempotencyStore.complete(
            userID: principal.userID, key: key,
            response: .init(
                statusCode: Int(response.status.code), contentType: response.headers.first(name: .contentType),
                location: response.headers.first(name: .location), etag: response.headers.first(name: .eTag), body: text
            ),
            on: request.db)
        response.body = .init(string: text)
        return response
    }
}
