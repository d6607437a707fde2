import FluentKit
import Foundation

/// A signed-in browser session, stored in the database so several app instances share it.
/// The cookie carries a random token; only its SHA-256 is stored.
public final class UserSession: Model, @unchecked Sendable {
    public static let schema = "user_sessions"

    @ID(custom: .id, generatedBy: .user) public var id: String?

    @Parent(key: "user_id") public var user: User

    @Field(key: "csrf_token") public var csrfToken: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    @OptionalField(key: "address") public var address: String?

    public init() {}

    public init(tokenHash: String, userID: Int, csrfToken: String, now: Date, address: String?) {
        self.id = tokenHash
        self.$user.id = userID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.address = address
    }
}
