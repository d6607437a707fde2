import FluentKit
import Foundation

/// A registered sex offender on the register (issue 8, "RSO register").
///
/// The person's identifying details (date of birth, PNC number, address line) are restricted: only the
/// offender's record page shows them, never the lists. The visit, risk and notification history live in
/// their own tables; the latest visit figures are copied here when a visit is recorded, so that lists
/// and the planner need no aggregate over `rso_visits`.
public final class RegisteredOffender: Model, @unchecked Sendable {
    public static let schema = "registered_offenders"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Parent(key: "bcu_code") public var bcu: BCURecord
    @OptionalParent(key: "manager_officer_id") public var manager: Officer?

    // The person (restricted fields marked)
    @Field(key: "reference") public var reference: String
    @Field(key: "given_name") public var givenName: String
    @Field(key: "family_name") public var familyName: String
    /// Restricted. `YYYY-MM-DD`.
    @Field(key: "date_of_birth") public var dateOfBirth: String
    /// Restricted.
    @OptionalField(key: "pnc_number") public var pncNumber: String?
    /// Restricted: the house number and street.
    @Field(key: "address_line") public var addressLine: String
    /// The neighbourhood, shown to frontline officers.
    @Field(key: "address_area") public var addressArea: String
    @Field(key: "borough") public var borough: String

    // Management
    @Field(key: "mappa_category") public var mappaCategory: Int
    @Field(key: "mappa_level") public var mappaLevel: Int
    @Field(key: "risk_level") public var riskLevel: String
    @Field(key: "risk_assessed_on") public var riskAssessedOn: Date
    @Field(key: "risk_review_due") public var riskReviewDue: Date
    @Field(key: "registered_on") public var registeredOn: Date
    /// Nil: the risk level's default frequency.
    @OptionalField(key: "visit_frequency_months") public var visitFrequencyMonths: Int?
    @OptionalField(key: "visit_frequency_reason") public var visitFrequencyReason: String?
    /// The supervisor who approved an interval longer than the risk level's minimum, and when.
    @OptionalField(key: "visit_frequency_approved_by") public var visitFrequencyApprovedBy: String?
    @OptionalField(key: "visit_frequency_approved_on") public var visitFrequencyApprovedOn: Date?

    // Reactive management: who decided, why and when
    @OptionalField(key: "reactive_since") public var reactiveSince: Date?
    @OptionalField(key: "reactive_decided_by") public var reactiveDecidedBy: String?
    @OptionalField(key: "reactive_decided_by_user_id") public var reactiveDecidedByUserID: Int?
    @OptionalField(key: "reactive_reason") public var reactiveReason: String?
    @OptionalField(key: "reactive_decided_at") public var reactiveDecidedAt: Date?

    // Copied from rso_visits when a visit is recorded
    @OptionalField(key: "last_seen_on") public var lastSeenOn: Date?
    @OptionalField(key: "last_attempt_on") public var lastAttemptOn: Date?
    @OptionalField(key: "last_attempt_outcome") public var lastAttemptOutcome: String?
    @OptionalField(key: "last_unannounced_on") public var lastUnannouncedOn: Date?

    public init() {}
}
