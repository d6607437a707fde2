import FluentKit
import Foundation

/// A person who signs in to Bluelamp. Passwords are stored as Bcrypt hashes only.
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    @OptionalParent(key: "officer_id") public var officer: Officer?

    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "disabled") public var disabled: Bool
    @Field(key: "must_change_password") public var mustChangePassword: Bool
    @Field(key: "failed_attempts") public var failedAttempts: Int
    @OptionalField(key: "locked_until") public var lockedUntil: Date?

    @Children(for: \.$user) public var grants: [RoleGrantRecord]

    public init() {}

    public init(username: String, displayName: String, passwordHash: String, officerID: Int? = nil) {
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.disabled = false
        self.mustChangePassword = false
        self.failedAttempts = 0
        self.$officer.id = officerID
    }
}
