import FluentKit
import Foundation

/// The inspectorate's judgement of one area in one inspection: grade and summary.
public final class AreaJudgementRecord: Model, @unchecked Sendable {
    public static let schema = "area_judgements"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "inspection_id") public var inspection: InspectionRecord

    @Field(key: "area_id") public var areaID: String
    @OptionalField(key: "grade") public var grade: String?
    @OptionalField(key: "summary") public var summary: String?
    /// `[String]` as JSON.
    @Field(key: "sources") public var sources: String
    @OptionalField(key: "note") public var note: String?
    /// Report order.
    @Field(key: "position") public var position: Int

    public init() {}
}
