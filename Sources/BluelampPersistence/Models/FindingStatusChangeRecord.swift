import FluentKit
import Foundation

/// One change of a finding's status: who, why, when. Never updated or deleted by the application.
public final class FindingStatusChangeRecord: Model, @unchecked Sendable {
    public static let schema = "finding_status_changes"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "finding_id") public var finding: FindingRecord
    @OptionalParent(key: "by_user_id") public var byUser: User?

    /// The person's name as it was when they made the change.
    @Field(key: "by_name") public var byName: String
    @Field(key: "from_status") public var fromStatus: String
    @Field(key: "to_status") public var toStatus: String
    @Field(key: "reason") public var reason: String
    @Field(key: "at") public var at: Date

    public init() {}
}
