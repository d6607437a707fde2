import FluentKit
import Foundation

/// A finding a milestone answers.
public final class MilestoneFinding: Model, @unchecked Sendable {
    public static let schema = "milestone_findings"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "milestone_id") public var milestone: MilestoneRecord
    @Parent(key: "finding_id") public var finding: FindingRecord

    public init() {}
}
