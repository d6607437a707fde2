import FluentKit
import Foundation

/// A role held by a user over one BCU, or over the force when `bcu_code` is `FORCE`.
public final class RoleGrantRecord: Model, @unchecked Sendable {
    public static let schema = "role_grants"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "user_id") public var user: User

    @Field(key: "role") public var role: String
    @Field(key: "bcu_code") public var bcuCode: String

    public init() {}

    public init(userID: Int, role: String, bcuCode: String) {
        self.$user.id = userID
        self.role = role
        self.bcuCode = bcuCode
    }
}
