import BluelampPersistence
import FluentKit
import Foundation
import Vapor

/// Idempotency keys on creates: for an operation that declares the `Idempotency-Key` header, the first
/// successful response to a key is kept (IdempotencyStore) and a repeat of the same request gets it again, with
/// `Idempotent-Replayed: true`. The same key with another request is a 422; a repeat while the first is still
/// running, a 409. A failed request keeps nothing, so it may be retried with the same key.
///
/// Crash safety (issue 21): a new key is not written before the request runs but taken by its first write
/// transaction (`PendingIdempotencyKey`, `ServiceContext.transaction`), so the key commits with the work it
/// stands for. A server killed mid-request leaves neither, and the client's retry with the key is handled afresh;
/// before this a key written first was left "still being handled" (409) for its whole lifetime.
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
        let pending = PendingIdempotencyKey(
            userID: principal.userID, key: key, operation: operation, requestHash: SessionStore.sha256(fingerprint),
            now: request.now)
        if let found = try await pending.lookup(on: request.db) {
            return try await Self.answer(found, to: request, pending: pending)
        }
        request.storage[PendingIdempotencyKey.StorageKey.self] = pending
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            if let answer = try await Self.lost(pending, request: request) { return answer }
            throw error
        }
        guard (200..<300).contains(response.status.code) else {
            if let answer = try await Self.lost(pending, request: request) { return answer }
            return response
        }
        let collected = try await response.body.collect(on: request.eventLoop).get()
        let text = collected.map { String(buffer: $0) } ?? ""
        do {
            try await IdempotencyStore.complete(
                userID: pending.userID, key: key, operation: operation, requestHash: pending.requestHash,
                now: pending.now,
                response: .init(
                    statusCode: Int(response.status.code), contentType: response.headers.first(name: .contentType),
                    location: response.headers.first(name: .location), etag: response.headers.first(name: .eTag),
                    body: text),
                on: request.db)
        } catch {
            // The work is committed: the caller gets its answer, not a 500 for a write that succeeded. Only keeping
            // the answer for a retry failed (a busy or unreachable database); a retry is then answered as when the
            // response was lost (the created record, where the operation names one).
            request.logger.warning(
                "idempotency: the response of a committed request was not kept",
                metadata: ["error": "\(String(reflecting: type(of: error)))"])
        }
        response.body = .init(string: text)
        return response
    }

    /// After a request failed: when it had taken the key, the key is released so that it may be retried; when it
    /// had not and another request with the same key took it meanwhile (its transaction was refused the key), the
    /// answer is that request's (its response, or that it is still being handled).
    static func lost(_ pending: PendingIdempotencyKey, request: Request) async throws -> Response? {
        if pending.isTaken {
            try await IdempotencyStore.release(userID: pending.userID, key: pending.key, on: request.db)
            return nil
        }
        guard let found = try await pending.lookup(on: request.db) else { return nil }
        return try await answer(found, to: request, pending: pending)
    }

    /// The answer to a key already held.
    static func answer(_ claim: IdempotencyStore.Claim, to request: Request, pending: PendingIdempotencyKey)
        async throws -> Response
    {
        switch claim {
        case .committed(let location):
            return try await recovered(location, to: request, pending: pending)
        case .replay(let stored):
            let response = Response(status: HTTPResponseStatus(statusCode: stored.statusCode))
            if let type = stored.contentType { response.headers.replaceOrAdd(name: .contentType, value: type) }
            if let location = stored.location { response.headers.replaceOrAdd(name: .location, value: location) }
            if let etag = stored.etag { response.headers.replaceOrAdd(name: .eTag, value: etag) }
            response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
            response.body = .init(string: stored.body)
            return response
        case .mismatch:
            throw APIError.validation(field: header, "was already used for a different request; use a new key")
        case .inProgress, .proceed:
            throw APIError.conflict("A request with this Idempotency-Key is still being handled. Retry it shortly.")
        }
    }

    /// The answer to a key whose work committed but whose response was not kept (a server killed in between):
    /// the created record as a read of `location` gives it, as 201 with the location, the response a create
    /// gives. The response is then kept for the key.
    static func recovered(_ location: String, to request: Request, pending: PendingIdempotencyKey) async throws
        -> Response
    {
        var headers = request.headers
        for name in ["Content-Type", "Content-Length", Self.header, "Transfer-Encoding"] { headers.remove(name: name) }
        let read = Request(
            application: request.application, method: .GET, url: URI(path: location), headers: headers,
            collectedBody: nil, remoteAddress: request.remoteAddress, logger: request.logger, on: request.eventLoop)
        let found = try await request.application.responder.respond(to: read).get()
        guard found.status == .ok else {
            throw APIError.conflict("A request with this Idempotency-Key is still being handled. Retry it shortly.")
        }
        let body = try await found.body.collect(on: request.eventLoop).get().map { String(buffer: $0) } ?? ""
        let stored = IdempotencyStore.StoredResponse(
            statusCode: Int(HTTPResponseStatus.created.code), contentType: found.headers.first(name: .contentType),
            location: location, etag: found.headers.first(name: .eTag), body: body)
        try await IdempotencyStore.complete(
            userID: pending.userID, key: pending.key, operation: pending.operation, requestHash: pending.requestHash,
            now: pending.now, response: stored, on: request.db)
        return try await answer(.replay(stored), to: request, pending: pending)
    }
}

/// A request's idempotency key before it is held: the request's first write transaction takes it (writes the
/// key's row inside that transaction, `ServiceContext.transaction`), so the key commits or rolls back with the work.
///
/// `@unchecked Sendable`: its one mutable field is read and written under `lock`.
final class PendingIdempotencyKey: @unchecked Sendable {
    struct StorageKey: Vapor.StorageKey { typealias Value = PendingIdempotencyKey }

    private enum State { case waiting, taking, taken }

    let userID: Int
    let key: String
    let operation: String
    let requestHash: String
    let now: Date
    private let lock = NSLock()
    private var state = State.waiting

    init(userID: Int, key: String, operation: String, requestHash: String, now: Date) {
        self.userID = userID
        self.key = key
        self.operation = operation
        self.requestHash = requestHash
        self.now = now
    }

    /// Whether a transaction of the request took the key and committed.
    var isTaken: Bool { lock.withLock { state == .taken } }

    /// What the key already held says, or nil when it is free.
    func lookup(on database: any Database) async throws -> IdempotencyStore.Claim? {
        try await IdempotencyStore.lookup(
            userID: userID, key: key, operation: operation, requestHash: requestHash, now: now, on: database)
    }

    /// Begins taking the key in a transaction; false when another transaction of the request has it.
    func beginTaking() -> Bool {
        lock.withLock {
            guard state == .waiting else { return false }
            state = .taking
            return true
        }
    }

    /// Writes the key's row, in the transaction `beginTaking` was for, with the location of the record the work
    /// created when it says (`APICreatedRecord`).
    func take(on database: any Database, result: Any) async throws {
        try await IdempotencyStore.take(
            userID: userID, key: key, operation: operation, requestHash: requestHash, now: now,
            location: (result as? any APICreatedRecord)?.apiLocation, on: database)
    }

    /// The transaction committed (the key is held) or rolled back (the key waits for the next one).
    func finishTaking(committed: Bool) {
        lock.withLock { state = committed ? .taken : .waiting }
    }
}

/// A use case's result that is a record a create made, with its address in the API: the idempotency key's row holds
/// it from the commit, so a repeat can be answered with the record should the create's response never be kept.
protocol APICreatedRecord {
    var apiLocation: String { get }
}
