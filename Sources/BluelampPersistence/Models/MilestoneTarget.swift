import FluentKit
import Foundation

/// A value an indicator must reach for a milestone to be met.
public final class MilestoneTarget: Model, @unchecked Sendable {
    public static let schema = "milestone_targets"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "milestone_id") public var milestone: MilestoneRecord

    @Field(key: "indicator_id") public var indicatorID: String
    @Field(key: "target_value") public var targetValue: Double

    public init() {}
}
