import FluentKit
import Foundation

/// A step in the milestone plan, with an optional manual RAG status (which needs a reason).
public final class MilestoneRecord: Model, @unchecked Sendable {
    public static let schema = "milestones"

    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    /// The monitoring period whose plan it belongs to.
    @OptionalParent(key: "monitoring_period_id") public var monitoringPeriod: MonitoringPeriodRecord?

    @Field(key: "title") public var title: String
    @Field(key: "due") public var due: Date
    @OptionalField(key: "override_status") public var overrideStatus: String?
    @OptionalField(key: "override_reason") public var overrideReason: String?
    @OptionalField(key: "override_by") public var overrideBy: String?
    @OptionalField(key: "override_at") public var overrideAt: Date?

    public init() {}
}
