import FluentKit
import Foundation

/// A token a program uses for the API: created by a user for themselves with a subset of their roles,
/// shown once, stored as a SHA-256 hash, revocable and expiring.
public final class APIToken: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "user_id") public var user: User

    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "prefix") public var prefix: String
    /// Comma-separated role names the token may use (a subset of the owner's at creation).
    @Field(key: "roles") public var roles: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?

    public init() {}
}
