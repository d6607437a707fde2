import FluentKit
import Foundation

/// A condition a registered sex offender lives under (SHPO prohibition, licence condition).
public final class RSOConditionRecord: Model, @unchecked Sendable {
    public static let schema = "rso_conditions"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "offender_id") public var offender: RegisteredOffender

    @Field(key: "kind") public var kind: String
    @Field(key: "detail") public var detail: String
    @Field(key: "imposed_on") public var imposedOn: Date
    @OptionalField(key: "expires_on") public var expiresOn: Date?

    public init() {}
}
