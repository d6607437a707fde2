/// How a crime came to an officer, as the allocation record keeps it.
public enum AllocationKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// The allocator's proposal, not yet accepted: it counts in no caseload.
    case proposal
    /// A proposal an allocator accepted.
    case accepted
    /// A person chose the officer, with a reason; flagged when beyond the cap or below the level.
    case override
    /// Moved by the allocator when the officer went on leave, onto restricted duties or to another team.
    case reallocated

    public var label: String {
        switch self {
        case .proposal: "Proposed"
        case .accepted: "Allocated (proposal accepted)"
        case .override: "Allocated by override"
        case .reallocated: "Reallocated"
        }
    }

    /// Whether the allocation puts the crime in the officer's caseload.
    public var holdsCrime: Bool { self != .proposal }
}
