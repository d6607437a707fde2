import FluentKit
import Foundation

/// One append-only audit log row. The application only ever inserts these; `hash` chains each to the last.
public final class AuditEvent: Model, @unchecked Sendable {
    public static let schema = "audit_events"

    @ID(custom: .id, generatedBy: .user) public var id: Int?

    @Field(key: "at") public var at: Date
    @OptionalField(key: "actor_user_id") public var actorUserID: Int?
    @Field(key: "actor_username") public var actorUsername: String
    @OptionalField(key: "role") public var role: String?
    @Field(key: "action") public var action: String
    @Field(key: "record_type") public var recordType: String
    @OptionalField(key: "record_id") public var recordID: String?
    @OptionalField(key: "subject_person_id") public var subjectPersonID: String?
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "address") public var address: String?
    @OptionalField(key: "request_id") public var requestID: String?
    @Field(key: "outcome") public var outcome: String
    @Field(key: "previous_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String

    public init() {}
}
