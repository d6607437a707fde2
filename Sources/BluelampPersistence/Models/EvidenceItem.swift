import FluentKit
import Foundation

/// Evidence that a finding is being dealt with: a note, an uploaded document (its bytes are in
/// `EvidenceDocument`) or a link to an indicator with the value it must reach.
public final class EvidenceItem: Model, @unchecked Sendable {
    public static let schema = "evidence_items"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "finding_id") public var finding: FindingRecord
    @OptionalParent(key: "added_by_user_id") public var addedByUser: User?

    @Field(key: "added_by_name") public var addedByName: String
    @Field(key: "added_at") public var addedAt: Date
    /// `FindingEvidence.Kind`: note, document, indicator.
    @Field(key: "kind") public var kind: String
    @Field(key: "text") public var text: String
    @OptionalField(key: "indicator_id") public var indicatorID: String?
    @OptionalField(key: "target_value") public var targetValue: Double?

    public init() {}
}
