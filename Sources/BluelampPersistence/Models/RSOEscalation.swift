import FluentKit
import Foundation

/// A "consider arrest or warrant" case for the supervisor: raised when twice the visit frequency passed
/// without a successful visit, closed by a recorded decision and reason.
public final class RSOEscalation: Model, @unchecked Sendable {
    public static let schema = "rso_escalations"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "offender_id") public var offender: RegisteredOffender
    @Parent(key: "bcu_code") public var bcu: BCURecord
    @OptionalParent(key: "decided_by_user_id") public var decidedByUser: User?

    /// The day twice the frequency passed: with the offender, the case's key.
    @Field(key: "escalation_date") public var escalationDate: Date
    @Field(key: "raised_on") public var raisedOn: Date
    @OptionalField(key: "last_seen_on") public var lastSeenOn: Date?
    @OptionalField(key: "decision") public var decision: String?
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "decided_by") public var decidedBy: String?
    @OptionalField(key: "decided_at") public var decidedAt: Date?

    public init() {}
}
