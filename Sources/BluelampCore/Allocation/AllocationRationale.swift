import Foundation

/// An allocation's explanation as plain, storable values: what the policy required, who was chosen and
/// how loaded they were, and the cheapest alternative not chosen and why. Kept with every proposal and
/// allocation, so the proposal page, the crime's timeline and an inspector's question months later all
/// read the explanation the allocator gave at the time.
public struct AllocationRationale: Codable, Sendable, Hashable {
    // What the policy required
    public var requiredLevel: PIPLevel
    public var requiredSpecialism: String?
    public var unit: AllocationUnitKind
    /// The rule that decided; nil for the policy's fallback.
    public var rule: String?
    public var priority: Int
    public var crimeBCU: String

    // Who was chosen (nil fields when the crime was left unallocated)
    public var officerID: String?
    public var officerLevel: PIPLevel?
    public var officerSpecialisms: [String]
    public var officerBCU: String?
    /// The officer's open crimes before this run, after it, and their cap.
    public var loadBefore: Int?
    public var loadAfter: Int?
    public var cap: Int?
    /// This crime becomes the officer's n-th open crime.
    public var openCrimeNumber: Int?
    public var overskill: Int64
    public var crossBCU: Int64
    public var workload: Int64

    // The road not taken
    /// `412345 (PIP1, CE) costs 6 more: workload +6`
    public var alternative: String?
    /// `412377 (PIP2 SO, CE): at capacity (14 of 14), though they would cost 3`
    public var refused: String?
    /// Why the crime was left waiting, when it was.
    public var unallocatedReason: String?
    /// The explainer's one-paragraph summary.
    public var summary: String

    public init(explanation: AllocationExplanation, requirement: AllocationRequirement) {
        requiredLevel = explanation.requiredLevel
        requiredSpecialism = explanation.requiredSpecialism
        unit = requirement.unit
        rule = requirement.rule
        priority = explanation.priority
        crimeBCU = explanation.crimeBCU
        summary = explanation.summary
        switch explanation.decision {
        case .allocated(let choice):
            officerID = choice.officer.id
            officerLevel = choice.officer.level
            officerSpecialisms = choice.officer.specialisms
            officerBCU = choice.officer.bcu
            loadBefore = choice.loadBefore
            loadAfter = choice.loadAfter
            cap = choice.officer.capacity
            openCrimeNumber = choice.openCrimeNumber
            overskill = choice.cost.overskill
            crossBCU = choice.cost.crossBCU
            workload = choice.cost.workload
            alternative = choice.cheapestAlternative.map { "\($0.officer.label) \($0.reason)" }
            refused = choice.cheaperButRefused.map {
                "\($0.officer.label): \($0.reason), though they would cost \($0.costIfAllowed.total)"
            }
            unallocatedReason = nil
        case .unallocated(let reason):
            officerID = nil
            officerLevel = nil
            officerSpecialisms = []
            officerBCU = nil
            loadBefore = nil
            loadAfter = nil
            cap = nil
            openCrimeNumber = nil
            overskill = 0
            crossBCU = 0
            workload = 0
            alternative = nil
            refused = nil
            unallocatedReason = reason.summary
        }
    }

    /// A rationale for an allocation a person made by hand (an override), against what the policy required.
    public init(
        requirement: AllocationRequirement, crimeBCU: String, officerID: String, officerLevel: PIPLevel?,
        officerSpecialisms: [String], officerBCU: String, loadBefore: Int, cap: Int, summary: String
    ) {
        requiredLevel = requirement.level
        requiredSpecialism = requirement.specialism?.code
        unit = requirement.unit
        rule = requirement.rule
        priority = requirement.priority.rawValue
        self.crimeBCU = crimeBCU
        self.officerID = officerID
        self.officerLevel = officerLevel
        self.officerSpecialisms = officerSpecialisms
        self.officerBCU = officerBCU
        self.loadBefore = loadBefore
        self.loadAfter = loadBefore + 1
        self.cap = cap
        openCrimeNumber = loadBefore + 1
        overskill = 0
        crossBCU = 0
        workload = Int64(loadBefore + 1)
        alternative = nil
        refused = nil
        unallocatedReason = nil
        self.summary = summary
    }

    /// `PIP2 with SO`
    public var requiredLabel: String {
        requiredLevel.label + (requiredSpecialism.map { " with \($0)" } ?? "")
    }
}

/// The spread of open caseloads over a group of officers: the figures the inspectorate asked about
/// (novices holding "over 25" crimes, `AllocationPolicy.callOutAbove`) and the caseload indicators report.
public struct CaseloadDistribution: Sendable, Hashable {
    public let count: Int
    public let median: Double
    /// Nearest-rank 90th percentile: the load at or below which 90% of the officers are.
    public let percentile90: Int
    public let maximum: Int

    /// Nil for no officers.
    public init?(loads: [Int]) {
        guard !loads.isEmpty else { return nil }
        let sorted = loads.sorted()
        count = sorted.count
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
        let rank = Int((0.9 * Double(sorted.count)).rounded(.up))
        percentile90 = sorted[max(0, rank - 1)]
        maximum = sorted[sorted.count - 1]
    }
}
