import FluentKit
import Foundation

/// A failed sign-in, kept to throttle by address (the per-account count lives on `users`).
public final class SignInFailure: Model, @unchecked Sendable {
    public static let schema = "sign_in_failures"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Field(key: "address") public var address: String
    @Field(key: "username") public var username: String
    @Field(key: "at") public var at: Date

    public init() {}

    public init(address: String, username: String, at: Date) {
        self.address = address
        self.username = username
        self.at = at
    }
}
