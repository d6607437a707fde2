import FluentKit
import Foundation

/// A crime given to an officer, or proposed for them (table `crime_allocations`).
///
/// `kind` is `proposal` (the allocator's, not yet accepted; it counts in no caseload), `accepted` (a
/// proposal an allocator accepted), `override` (a person chose the officer) or `reallocated` (the
/// allocator moved it when its officer went on leave or moved team). An officer's caseload is their
/// allocations that have not ended, other than proposals, whose crime is still open. A crime has at
/// most one such allocation (a partial unique index).
public final class CrimeAllocation: Model, @unchecked Sendable {
    public static let schema = "crime_allocations"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Parent(key: "crime_id") public var crime: CrimeRecord
    /// Nil for a proposal to leave the crime waiting.
    @OptionalParent(key: "officer_id") public var officer: Officer?
    @OptionalParent(key: "run_id") public var run: AllocationRun?

    // When and by whom
    @Field(key: "kind") public var kind: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "allocated_at") public var allocatedAt: Date?
    @OptionalField(key: "allocated_by_user_id") public var allocatedByUserID: Int?
    @OptionalField(key: "allocated_by") public var allocatedBy: String?

    // What the policy required, and the officer as they were
    @Field(key: "priority") public var priority: Int
    @Field(key: "deadline_at") public var deadlineAt: Date
    @Field(key: "required_level") public var requiredLevel: Int
    @OptionalField(key: "required_specialism") public var requiredSpecialism: String?
    @Field(key: "unit") public var unit: String
    @OptionalField(key: "officer_level") public var officerLevel: Int?
    @Field(key: "meets_level") public var meetsLevel: Bool
    @Field(key: "meets_specialism") public var meetsSpecialism: Bool
    @Field(key: "load_before") public var loadBefore: Int
    @Field(key: "cap") public var cap: Int
    @Field(key: "over_cap") public var overCap: Bool
    /// Beyond the cap, below the level or without the specialism, by a supervisor: shown on the dashboards.
    @Field(key: "flagged") public var flagged: Bool

    // Why
    @OptionalField(key: "override_reason_code") public var overrideReasonCode: String?
    @OptionalField(key: "override_reason") public var overrideReason: String?
    @Field(key: "explanation") public var explanation: String
    /// `AllocationRationale` as compact JSON (`StoredRationale`); its summary is `explanation`.
    @Field(key: "rationale") public var rationale: String

    // How it ended
    @OptionalField(key: "ended_at") public var endedAt: Date?
    @OptionalField(key: "end_reason") public var endReason: String?

    public init() {}
}
