import FluentKit
import Foundation

/// A victim's care on one crime (table `victim_care`): circumstances, agreed update interval, needs assessment,
/// Victim Personal Statement and information given. One row per victim and crime, written on first change.
public final class VictimCareRecord: Model, @unchecked Sendable {
    public static let schema = "victim_care"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Parent(key: "crime_id") public var crime: CrimeRecord
    @Parent(key: "person_id") public var person: PersonModel

    // Managed
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "updated_by") public var updatedBy: String

    // Data
    /// `VictimCircumstances` as JSON.
    @Field(key: "circumstances") public var circumstances: String
    @OptionalField(key: "update_interval_days") public var updateIntervalDays: Int?
    @OptionalField(key: "needs_assessed_at") public var needsAssessedAt: Date?
    @OptionalField(key: "needs") public var needs: String?
    @OptionalField(key: "referral_outcome") public var referralOutcome: String?
    @OptionalField(key: "vps_offered_at") public var vpsOfferedAt: Date?
    @OptionalField(key: "vps_made_at") public var vpsMadeAt: Date?
    @OptionalField(key: "vps_declined_at") public var vpsDeclinedAt: Date?
    /// `[VictimInformation: Date]` as JSON, keyed by raw value.
    @Field(key: "information") public var information: String

    public init() {}
}

/// A key event in an investigation the victims must be told of (table `victim_key_events`).
public final class VictimKeyEventRow: Model, @unchecked Sendable {
    public static let schema = "victim_key_events"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "crime_id") public var crime: CrimeRecord
    @Field(key: "recorded_at") public var recordedAt: Date
    @OptionalField(key: "recorded_by_user_id") public var recordedByUserID: Int?
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "event") public var event: String
    @Field(key: "occurred_at") public var occurredAt: Date

    public init() {}
}

/// One victim's clock for one key event (table `victim_notifications`): due by the end of a working day.
public final class VictimNotificationRow: Model, @unchecked Sendable {
    public static let schema = "victim_notifications"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "key_event_id") public var keyEvent: VictimKeyEventRow
    @Parent(key: "crime_id") public var crime: CrimeRecord
    @Parent(key: "person_id") public var person: PersonModel
    @Field(key: "enhanced") public var enhanced: Bool
    /// The victim asked not to be contacted: no clock runs.
    @Field(key: "opted_out") public var optedOut: Bool
    /// `YYYY-MM-DD`, the last working day on which the victim may be told.
    @Field(key: "due_on") public var dueOn: String
    @Field(key: "due_by") public var dueBy: Date
    @OptionalField(key: "told_at") public var toldAt: Date?
    @OptionalField(key: "told_by") public var toldBy: String?
    @OptionalField(key: "contact_id") public var contactID: Int?

    public init() {}
}

/// A contact with a victim (table `victim_contacts`); each is a routine update too.
public final class VictimContactRow: Model, @unchecked Sendable {
    public static let schema = "victim_contacts"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "crime_id") public var crime: CrimeRecord
    @Parent(key: "person_id") public var person: PersonModel
    @Field(key: "recorded_at") public var recordedAt: Date
    @OptionalField(key: "by_user_id") public var byUserID: Int?
    @Field(key: "by") public var by: String
    @Field(key: "contacted_at") public var contactedAt: Date
    @Field(key: "method") public var method: String
    @Field(key: "summary") public var summary: String
    /// When this update was due (the routine-update clock before it), so on-time is read without replaying.
    @Field(key: "update_due_at") public var updateDueAt: Date
    /// When the next routine update falls due after it.
    @Field(key: "next_update_due_at") public var nextUpdateDueAt: Date
    /// The victim-blaming lexicon's phrases found in the summary, joined by newlines; empty when none.
    @Field(key: "flagged_phrases") public var flaggedPhrases: String
    @OptionalField(key: "flag_reviewed_at") public var flagReviewedAt: Date?
    @OptionalField(key: "flag_reviewed_by") public var flagReviewedBy: String?

    public init() {}
}
