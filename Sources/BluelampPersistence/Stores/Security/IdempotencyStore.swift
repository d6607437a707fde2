import BluelampCore
import FluentKit
import Foundation

/// Idempotency keys for API creates (draft-ietf-httpapi-idempotency-key-header): the first request with a key
/// is handled and its response kept; a repeat gets the kept response; the same key with a different request is
/// refused; a repeat while the first is still running is told so.
public enum IdempotencyStore {
    /// How long a key is remembered.
    public static let lifetime: TimeInterval = 24 * 3600

    public struct StoredResponse: Sendable, Hashable {
        public var statusCode: Int
        public var contentType: String?
        public var location: String?
        public var etag: String?
        public var body: String

        public init(statusCode: Int, contentType: String?, location: String?, etag: String?, body: String) {
            self.statusCode = statusCode
            self.contentType = contentType
            self.location = location
            self.etag = etag
            self.body = body
        }
    }

    public enum Claim: Sendable, Hashable {
        /// The key is new: handle the request, then `complete` or `release` it.
        case proceed
        /// The key was used for this same request: answer with its response.
        case replay(StoredResponse)
        /// The key was used for a different request (another body, path or operation).
        case mismatch
        /// The first request with the key has not finished.
        case inProgress
        /// The first request's work committed (with the key) but its response was not kept: the server stopped
        /// in between, or is storing it now. The record it created is at `location`.
        case committed(location: String)
    }

    /// Claims a key for a request, or says what to do instead: `lookup`, then `take` when the key is new.
    public static func claim(
        userID: Int, key: String, operation: String, requestHash: String, now: Date,
        on database: any Database
    ) async throws -> Claim {
        if let found = try await lookup(
            userID: userID, key: key, operation: operation, requestHash: requestHash, now: now, on: database)
        {
            return found
        }
        do {
            try await take(
                userID: userID, key: key, operation: operation, requestHash: requestHash, now: now, on: database)
        } catch {
            // Two requests raced for the same new key: the unique constraint let one in.
            if let winner = try await find(userID: userID, key: key, on: database) {
                return verdict(winner, operation: operation, requestHash: requestHash)
            }
            throw error
        }
        return .proceed
    }

    /// What a key already held says to do, or nil when the key is new (a key past its lifetime is forgotten).
    public static func lookup(
        userID: Int, key: String, operation: String, requestHash: String, now: Date,
        on database: any Database
    ) async throws -> Claim? {
        guard let existing = try await find(userID: userID, key: key, on: database) else { return nil }
        if existing.createdAt < now.addingTimeInterval(-lifetime) {
            try await existing.delete(on: database)
            return nil
        }
        return verdict(existing, operation: operation, requestHash: requestHash)
    }

    /// Holds a new key for a request, its response to come (`complete`). The API takes a key in the transaction
    /// that does the request's work, so the key and the work commit together: a crash leaves both or neither,
    /// never a key "still being handled" for ever by a request that died. Fails when the key is already held
    /// (the unique constraint), which rolls that transaction back.
    /// `location` is the record the work created, when known, so that a repeat can be answered with it should
    /// the response never be kept.
    public static func take(
        userID: Int, key: String, operation: String, requestHash: String, now: Date, location: String? = nil,
        on database: any Database
    ) async throws {
        let row = IdempotencyRecord()
        row.createdAt = now
        row.$user.id = userID
        row.key = key
        row.operation = operation
        row.requestHash = requestHash
        row.location = location
        try await row.create(on: database)
    }

    static func verdict(_ row: IdempotencyRecord, operation: String, requestHash: String) -> Claim {
        guard row.operation == operation, row.requestHash == requestHash else { return .mismatch }
        guard let status = row.statusCode else { return row.location.map { .committed(location: $0) } ?? .inProgress }
        return .replay(
            StoredResponse(
                statusCode: status, contentType: row.contentType, location: row.location,
                etag: row.etag, body: row.body ?? ""))
    }

    static func find(userID: Int, key: String, on database: any Database) async throws -> IdempotencyRecord? {
        try await IdempotencyRecord.query(on: database).filter(\.$user.$id == userID).filter(\.$key == key).first()
    }

    /// Keeps the response to a key: on the row `take` wrote, or on a new one when the request wrote nothing
    /// through a transaction (`operation`, `requestHash` and `now` are for that row).
    public static func complete(
        userID: Int, key: String, operation: String, requestHash: String, now: Date, response: StoredResponse,
        on database: any Database
    ) async throws {
        let row: IdempotencyRecord
        if let found = try await find(userID: userID, key: key, on: database) {
            row = found
        } else {
            row = IdempotencyRecord()
            row.createdAt = now
            row.$user.id = userID
            row.key = key
            row.operation = operation
            row.requestHash = requestHash
        }
        row.statusCode = response.statusCode
        row.contentType = response.contentType
        row.location = response.location
        row.etag = response.etag
        row.body = response.body
        try await row.save(on: database)
    }

    /// Forgets a claimed key whose request failed, so that the client may retry it with the same key.
    public static func release(userID: Int, key: String, on database: any Database) async throws {
        try await IdempotencyRecord.query(on: database).filter(\.$user.$id == userID).filter(\.$key == key)
            .filter(\.$statusCode == nil).delete()
    }

    /// Removes keys older than the lifetime; returns how many.
    @discardableResult
    public static func purge(now: Date, on database: any Database) async throws -> Int {
        let cutoff = now.addingTimeInterval(-lifetime)
        let count = try await IdempotencyRecord.query(on: database).filter(\.$createdAt < cutoff).count()
        if count > 0 { try await IdempotencyRecord.query(on: database).filter(\.$createdAt < cutoff).delete() }
        return count
    }
}
