import FluentKit
import Foundation

/// One entry in a crime's timeline: who did what, when.
public final class CrimeEvent: Model, @unchecked Sendable {
    public static let schema = "crime_events"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "crime_id") public var crime: CrimeRecord
    @Field(key: "at") public var at: Date
    @OptionalField(key: "actor_user_id") public var actorUserID: Int?
    @Field(key: "actor_name") public var actorName: String
    /// `CrimeEventKind`'s raw value.
    @Field(key: "kind") public var kind: String
    @OptionalField(key: "from_status") public var fromStatus: String?
    @OptionalField(key: "to_status") public var toStatus: String?
    @Field(key: "detail") public var detail: String

    public init() {}
}
