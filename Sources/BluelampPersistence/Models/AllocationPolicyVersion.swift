import FluentKit
import Foundation

/// One version of the force's allocation policy (table `allocation_policy_versions`). Versions are only
/// ever added: the one with the highest `version` is in force, and every earlier one stays, with who
/// wrote it, when and why, so any allocation can be read against the policy of its day.
public final class AllocationPolicyVersion: Model, @unchecked Sendable {
    public static let schema = "allocation_policy_versions"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // Managed
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "created_by_user_id") public var createdByUserID: Int?
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "reason") public var reason: String

    // Data
    @Field(key: "name") public var name: String
    /// The `AllocationPolicy` as JSON.
    @Field(key: "policy") public var policy: String

    public init() {}
}
