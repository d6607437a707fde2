import FluentKit
import Foundation

/// A home visit to a registered sex offender: planned (no `visited_on` yet) or made, with its outcome.
public final class RSOVisit: Model, @unchecked Sendable {
    public static let schema = "rso_visits"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "offender_id") public var offender: RegisteredOffender
    @OptionalParent(key: "recorded_by_user_id") public var recordedBy: User?

    @Field(key: "planned_on") public var plannedOn: Date
    /// `HH:MM`, London time.
    @Field(key: "window_start") public var windowStart: String
    @Field(key: "window_end") public var windowEnd: String
    @Field(key: "announced") public var announced: Bool
    @OptionalField(key: "visited_on") public var visitedOn: Date?
    @OptionalField(key: "outcome") public var outcome: String?
    @Field(key: "devices_found") public var devicesFound: Bool
    @Field(key: "breach_found") public var breachFound: Bool
    @OptionalField(key: "concerns") public var concerns: String?
    /// After a failed visit: the last day for the new attempt.
    @OptionalField(key: "reattempt_due") public var reattemptDue: Date?
    @OptionalField(key: "recorded_at") public var recordedAt: Date?

    @Siblings(through: RSOVisitOfficer.self, from: \.$visit, to: \.$officer) public var officers: [Officer]

    public init() {}
}

/// An officer who went on a visit.
public final class RSOVisitOfficer: Model, @unchecked Sendable {
    public static let schema = "rso_visit_officers"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "visit_id") public var visit: RSOVisit
    @Parent(key: "officer_id") public var officer: Officer

    public init() {}
}
