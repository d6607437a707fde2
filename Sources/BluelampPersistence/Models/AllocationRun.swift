import FluentKit
import Foundation

/// One run of the allocator over a queue (table `allocation_runs`): who ran it, over which BCUs and unit
/// kind, under which policy version, and what it proposed. Its proposals are `CrimeAllocation` rows.
public final class AllocationRun: Model, @unchecked Sendable {
    public static let schema = "allocation_runs"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // Managed
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "created_by_user_id") public var createdByUserID: Int?
    @Field(key: "created_by") public var createdBy: String

    // What was asked
    /// BCU codes the run covered, comma-separated (`FORCE` for the whole force).
    @Field(key: "scope") public var scope: String
    @OptionalField(key: "unit") public var unit: String?
    @Field(key: "policy_version") public var policyVersion: Int
    /// `propose` (an allocator's run) or `rebalance` (an officer's crimes, reallocated).
    @Field(key: "purpose") public var purpose: String

    // What came out
    @Field(key: "crimes") public var crimes: Int
    @Field(key: "officers") public var officers: Int
    @Field(key: "proposed") public var proposed: Int
    @Field(key: "cost") public var cost: Int
    @Field(key: "solve_ms") public var solveMilliseconds: Double

    public init() {}
}
