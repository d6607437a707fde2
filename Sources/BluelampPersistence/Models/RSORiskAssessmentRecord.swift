import FluentKit
import Foundation

/// One ARMS risk assessment of a registered sex offender; the latest is copied onto the offender.
public final class RSORiskAssessmentRecord: Model, @unchecked Sendable {
    public static let schema = "rso_risk_assessments"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "offender_id") public var offender: RegisteredOffender

    @Field(key: "assessed_on") public var assessedOn: Date
    @Field(key: "level") public var level: String
    @Field(key: "review_due") public var reviewDue: Date
    @OptionalField(key: "assessed_by") public var assessedBy: String?

    public init() {}
}
