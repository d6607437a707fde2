import FluentKit
import Foundation

/// A completed DASH risk assessment (table `dash_assessments`); the core value is `DashAssessment`. Columns are
/// documented in `CreateDashAssessments`.
public final class DashAssessmentRecord: Model, @unchecked Sendable {
    public static let schema = "dash_assessments"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Parent(key: "crime_id") public var crime: CrimeRecord
    @Parent(key: "person_id") public var person: PersonModel

    // Completion
    @Field(key: "completed_at") public var completedAt: Date
    @OptionalField(key: "completed_by_user_id") public var completedByUserID: Int?
    @Field(key: "completed_by") public var completedBy: String
    @Field(key: "policy_version") public var policyVersion: Int

    // Score and level
    @Field(key: "yes_count") public var yesCount: Int
    @Field(key: "scored_level") public var scoredLevel: String
    @OptionalField(key: "judgement_level") public var judgementLevel: String?
    @OptionalField(key: "judgement_reason") public var judgementReason: String?
    @Field(key: "level") public var level: String

    // Supervision
    @Field(key: "supervision_due_at") public var supervisionDueAt: Date
    /// The first review's time, kept here so lists of overdue reviews need no join.
    @OptionalField(key: "first_reviewed_at") public var firstReviewedAt: Date?

    public init() {}
}

/// One question's answer (table `dash_answers`).
public final class DashAnswerRecord: Model, @unchecked Sendable {
    public static let schema = "dash_answers"

    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Parent(key: "assessment_id") public var assessment: DashAssessmentRecord
    @Field(key: "question") public var question: Int
    @Field(key: "answer") public var answer: String
    @Field(key: "notes") public var notes: String

    public init() {}
}

/// A supervisor's review of a DASH (table `dash_reviews`).
public final class DashReviewRecord: Model, @unchecked Sendable {
    public static let schema = "dash_reviews"

    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Parent(key: "assessment_id") public var assessment: DashAssessmentRecord
    @Field(key: "reviewed_at") public var reviewedAt: Date
    @OptionalField(key: "reviewer_user_id") public var reviewerUserID: Int?
    @Field(key: "reviewer") public var reviewer: String
    @Field(key: "decision") public var decision: String
    @Field(key: "level_before") public var levelBefore: String
    @Field(key: "level") public var level: String
    @Field(key: "comments") public var comments: String

    public init() {}
}

/// The MARAC referral of a DASH (table `marac_referrals`): one per assessment.
public final class MaracReferralRecord: Model, @unchecked Sendable {
    public static let schema = "marac_referrals"

    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Parent(key: "assessment_id") public var assessment: DashAssessmentRecord
    @Field(key: "criteria") public var criteria: String
    @Field(key: "status") public var status: String
    @OptionalField(key: "referred_on") public var referredOn: String?
    @OptionalField(key: "meeting_on") public var meetingOn: String?
    @Field(key: "notes") public var notes: String
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "updated_by") public var updatedBy: String

    public init() {}
}

/// A version of the DASH policy (table `dash_policy_versions`).
public final class DashPolicyVersion: Model, @unchecked Sendable {
    public static let schema = "dash_policy_versions"

    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "created_by_user_id") public var createdByUserID: Int?
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "reason") public var reason: String
    @Field(key: "medium_from") public var mediumFrom: Int
    @Field(key: "high_from") public var highFrom: Int
    @Field(key: "supervision_hours") public var supervisionHours: Int
    @Field(key: "escalation_count") public var escalationCount: Int
    @Field(key: "escalation_months") public var escalationMonths: Int

    public init() {}
}
