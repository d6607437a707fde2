import FluentKit
import Foundation

/// A line of enquiry on a crime's investigation (table `lines_of_enquiry`).
public final class LineOfEnquiryRecord: Model, @unchecked Sendable {
    public static let schema = "lines_of_enquiry"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Parent(key: "crime_id") public var crime: CrimeRecord

    // Managed
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "created_by_user_id") public var createdByUserID: Int?
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "updated_at") public var updatedAt: Date

    // Data
    @Field(key: "kind") public var kind: String
    @Field(key: "description") public var description: String
    @Field(key: "status") public var status: String
    @OptionalField(key: "result") public var result: String?
    @OptionalField(key: "written_off_reason") public var writtenOffReason: String?

    public init() {}
}

/// An action on an investigation, with its owner and due day (table `investigation_actions`).
public final class InvestigationActionRecord: Model, @unchecked Sendable {
    public static let schema = "investigation_actions"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Parent(key: "crime_id") public var crime: CrimeRecord
    @Parent(key: "owner_officer_id") public var owner: Officer

    // Managed
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "created_by_user_id") public var createdByUserID: Int?
    @Field(key: "created_by") public var createdBy: String

    // Data
    @Field(key: "description") public var description: String
    /// `YYYY-MM-DD`, a London day.
    @Field(key: "due_on") public var dueOn: String
    /// The last instant of the due day in London: an action done after it was late.
    @Field(key: "due_by") public var dueBy: Date
    @OptionalField(key: "done_at") public var doneAt: Date?
    @OptionalField(key: "done_by") public var doneBy: String?

    public init() {}
}

/// An entry in an investigation's log (table `investigation_notes`). Append-only: only the supervisor's review of a
/// flag is ever added to a row after it is written.
public final class InvestigationNoteRecord: Model, @unchecked Sendable {
    public static let schema = "investigation_notes"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Parent(key: "crime_id") public var crime: CrimeRecord

    // Managed
    @Field(key: "written_at") public var writtenAt: Date
    @OptionalField(key: "author_user_id") public var authorUserID: Int?
    @Field(key: "author") public var author: String

    // Data
    @Field(key: "text") public var text: String
    /// The lexicon phrases found, joined by newlines; empty when none.
    @Field(key: "flagged_phrases") public var flaggedPhrases: String
    @OptionalField(key: "flag_reviewed_at") public var flagReviewedAt: Date?
    @OptionalField(key: "flag_reviewed_by") public var flagReviewedBy: String?

    public init() {}
}

/// A supervisor's review of an investigation (table `supervisory_reviews`).
public final class SupervisoryReviewRecord: Model, @unchecked Sendable {
    public static let schema = "supervisory_reviews"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Parent(key: "crime_id") public var crime: CrimeRecord

    // Managed
    @Field(key: "reviewed_at") public var reviewedAt: Date
    @OptionalField(key: "reviewer_user_id") public var reviewerUserID: Int?
    @Field(key: "reviewer") public var reviewer: String

    // Data
    @Field(key: "direction") public var direction: String
    /// `YYYY-MM-DD`, a London day.
    @OptionalField(key: "next_review_on") public var nextReviewOn: String?
    /// When this review was due, so on-time is read without replaying the history.
    @Field(key: "due_at") public var dueAt: Date
    /// When the next review falls due after this one, under the policy in force when it was made.
    @Field(key: "next_due_at") public var nextDueAt: Date

    public init() {}
}

/// One version of the supervision policy (table `supervision_policy_versions`); the highest is in force.
public final class SupervisionPolicyVersion: Model, @unchecked Sendable {
    public static let schema = "supervision_policy_versions"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // Managed
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "created_by_user_id") public var createdByUserID: Int?
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "reason") public var reason: String

    // Data
    @Field(key: "first_review_days") public var firstReviewDays: Int
    @Field(key: "review_interval_days") public var reviewIntervalDays: Int

    public init() {}
}

/// A phrase in the victim-blaming lexicon (table `victim_blaming_phrases`); withdrawn phrases are kept.
public final class VictimBlamingPhrase: Model, @unchecked Sendable {
    public static let schema = "victim_blaming_phrases"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // Managed
    @Field(key: "added_at") public var addedAt: Date
    @Field(key: "added_by") public var addedBy: String
    @OptionalField(key: "withdrawn_at") public var withdrawnAt: Date?
    @OptionalField(key: "withdrawn_by") public var withdrawnBy: String?

    // Data
    @Field(key: "phrase") public var phrase: String

    public init() {}
}
