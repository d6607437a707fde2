import FluentKit
import Foundation

/// The first response to an API create sent with an `Idempotency-Key`, so that a client repeating the request
/// (after a timeout, say) gets the same answer instead of a second record. Kept for 24 hours.
public final class IdempotencyRecord: Model, @unchecked Sendable {
    public static let schema = "idempotency_keys"

    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Field(key: "created_at") public var createdAt: Date

    @Parent(key: "user_id") public var user: User

    @Field(key: "key") public var key: String
    /// The operation the key was used for (its OpenAPI operationId).
    @Field(key: "operation") public var operation: String
    /// SHA-256 of the method, path and body: the same key with another request is refused.
    @Field(key: "request_hash") public var requestHash: String
    /// Null while the first request is still being handled.
    @OptionalField(key: "status_code") public var statusCode: Int?
    @OptionalField(key: "content_type") public var contentType: String?
    @OptionalField(key: "location") public var location: String?
    @OptionalField(key: "etag") public var etag: String?
    @OptionalField(key: "body") public var body: String?

    public init() {}
}
