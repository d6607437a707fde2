import FluentKit
import Foundation

/// A notification the offender must make in person (initial, change, annual), with its last day.
public final class RSONotificationRecord: Model, @unchecked Sendable {
    public static let schema = "rso_notifications"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "offender_id") public var offender: RegisteredOffender

    @Field(key: "kind") public var kind: String
    @Field(key: "triggered_on") public var triggeredOn: Date
    @Field(key: "due_on") public var dueOn: Date
    @OptionalField(key: "notified_on") public var notifiedOn: Date?

    public init() {}
}
