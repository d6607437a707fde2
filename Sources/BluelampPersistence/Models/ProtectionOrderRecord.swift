import FluentKit
import Foundation

/// A DVPN and its DVPO (table `protection_orders`); the core value is `ProtectionOrder`.
public final class ProtectionOrderRecord: Model, @unchecked Sendable {
    public static let schema = "protection_orders"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Field(key: "bcu_code") public var bcuCode: String
    @Parent(key: "perpetrator_person_id") public var perpetrator: PersonModel
    @Parent(key: "protected_person_id") public var protected: PersonModel
    @Parent(key: "authorising_officer_id") public var authorisingOfficer: Officer

    // Managed
    @Field(key: "recorded_at") public var recordedAt: Date
    @OptionalField(key: "recorded_by_user_id") public var recordedByUserID: Int?
    @Field(key: "recorded_by") public var recordedBy: String

    // Data
    @Field(key: "stage") public var stage: String
    @Field(key: "notice_served_at") public var noticeServedAt: Date
    /// The authorising officer's name and rank when the notice was issued.
    @Field(key: "authorising_officer") public var authorisingOfficerName: String
    @Field(key: "authorising_rank") public var authorisingRank: String
    @Field(key: "notice_conditions") public var noticeConditions: String
    @Field(key: "application_due_at") public var applicationDueAt: Date
    @OptionalField(key: "application_heard_at") public var applicationHeardAt: Date?
    @OptionalField(key: "order_made_at") public var orderMadeAt: Date?
    @OptionalField(key: "order_days") public var orderDays: Int?
    @OptionalField(key: "order_expires_at") public var orderExpiresAt: Date?
    @OptionalField(key: "order_conditions") public var orderConditions: String?
    @OptionalField(key: "outcome_reason") public var outcomeReason: String?

    public init() {}
}

/// A breach of a DVPN or DVPO (table `protection_order_breaches`).
public final class ProtectionOrderBreachRecord: Model, @unchecked Sendable {
    public static let schema = "protection_order_breaches"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "order_id") public var order: ProtectionOrderRecord

    @Field(key: "recorded_at") public var recordedAt: Date
    @Field(key: "recorded_by") public var recordedBy: String

    @Field(key: "occurred_at") public var occurredAt: Date
    @Field(key: "details") public var details: String

    public init() {}
}

/// A Clare's Law request and its decision (table `disclosure_requests`); the core value is `DisclosureRequest`.
public final class DisclosureRequestRecord: Model, @unchecked Sendable {
    public static let schema = "disclosure_requests"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Field(key: "bcu_code") public var bcuCode: String
    @Parent(key: "person_at_risk_id") public var personAtRisk: PersonModel
    @Parent(key: "subject_person_id") public var subject: PersonModel

    // Managed
    @Field(key: "recorded_at") public var recordedAt: Date
    @Field(key: "recorded_by") public var recordedBy: String

    // Data
    @Field(key: "route") public var route: String
    @OptionalField(key: "applicant") public var applicant: String?
    @Field(key: "received_at") public var receivedAt: Date
    @Field(key: "decision_due_at") public var decisionDueAt: Date
    @OptionalField(key: "decision") public var decision: String?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "decision_reason") public var decisionReason: String?
    @OptionalField(key: "decided_by") public var decidedBy: String?

    public init() {}
}

/// One time a person went missing (table `missing_episodes`); the core value is `MissingEpisode`.
public final class MissingEpisodeRecord: Model, @unchecked Sendable {
    public static let schema = "missing_episodes"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Field(key: "bcu_code") public var bcuCode: String
    @Parent(key: "person_id") public var person: PersonModel

    // Managed
    @Field(key: "recorded_at") public var recordedAt: Date
    @Field(key: "reported_by") public var reportedBy: String

    // Data
    @Field(key: "child") public var child: Bool
    @Field(key: "reported_at") public var reportedAt: Date
    @OptionalField(key: "last_seen_at") public var lastSeenAt: Date?
    @Field(key: "circumstances") public var circumstances: String
    /// The latest grading; `missing_risk_reviews` holds each one with its reasons.
    @Field(key: "risk_grade") public var riskGrade: String
    @OptionalField(key: "found_at") public var foundAt: Date?
    @OptionalField(key: "found_where") public var foundWhere: String?
    @OptionalField(key: "returned_at") public var returnedAt: Date?
    /// A child's return home interview falls due 72 hours after return; nil for an adult or before the return.
    @OptionalField(key: "interview_due_at") public var interviewDueAt: Date?
    @OptionalField(key: "interview_at") public var interviewAt: Date?
    @OptionalField(key: "interview_by") public var interviewBy: String?
    @OptionalField(key: "interview_notes") public var interviewNotes: String?
    /// Exploitation indicators' codes, comma-separated; empty when none.
    @Field(key: "indicators") public var indicators: String
    @OptionalField(key: "referral_at") public var referralAt: Date?
    @OptionalField(key: "referral_to") public var referralTo: String?
    @OptionalField(key: "referral_reference") public var referralReference: String?

    public init() {}
}

/// A grading of a missing person's risk with its reasons (table `missing_risk_reviews`): the review log.
public final class MissingRiskReviewRecord: Model, @unchecked Sendable {
    public static let schema = "missing_risk_reviews"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "episode_id") public var episode: MissingEpisodeRecord

    @Field(key: "reviewed_at") public var reviewedAt: Date
    @Field(key: "reviewed_by") public var reviewedBy: String
    @Field(key: "grade") public var grade: String
    @Field(key: "reason") public var reason: String

    public init() {}
}
