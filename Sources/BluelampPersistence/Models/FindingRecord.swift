import FluentKit
import Foundation

/// A cause of concern, recommendation, area for improvement or innovative practice, with the work
/// on it: owner, due date, status. History and evidence hang off it.
public final class FindingRecord: Model, @unchecked Sendable {
    public static let schema = "findings"

    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    @Parent(key: "inspection_id") public var inspection: InspectionRecord
    /// For a recommendation made under a cause of concern: that cause of concern.
    @OptionalParent(key: "cause_of_concern_id") public var causeOfConcern: FindingRecord?
    /// The person accountable for it.
    @OptionalParent(key: "owner_user_id") public var owner: User?

    /// The finding's id within its inspection: `AFI1`, `COC1`, `COC1-R3`.
    @Field(key: "reference") public var reference: String
    @Field(key: "kind") public var kind: String
    @Field(key: "area_id") public var areaID: String
    @Field(key: "text") public var text: String
    @OptionalField(key: "lead_in") public var leadIn: String?
    @OptionalField(key: "due") public var due: Date?
    @Field(key: "status") public var status: String
    /// Report order.
    @Field(key: "position") public var position: Int

    public init() {}
}
