import Foundation

/// Why an allocator chose an officer other than the one proposed. Recorded with every override and
/// counted by the "overrides by reason" indicator, so a force can see whether overrides are about
/// continuity and local knowledge, or about a policy that does not fit its crimes.
public enum AllocationOverrideReason: String, CaseIterable, Codable, Sendable, Hashable {
    /// The officer already knows the victim, suspect or location (a linked crime, a repeat victim).
    case continuity
    /// Knowledge the policy does not record: a language, a community, an earlier operation.
    case localKnowledge = "local_knowledge"
    /// The victim asked for this officer, or to change officer.
    case victimRequest = "victim_request"
    /// Nobody eligible has room, and the crime cannot wait.
    case noEligibleCapacity = "no_eligible_capacity"
    /// Workload the caseload does not show (a trial, a large file, a major incident).
    case workload
    case other

    public var label: String {
        switch self {
        case .continuity: "Continuity: the officer already knows the victim, suspect or place"
        case .localKnowledge: "Local or specialist knowledge the policy does not record"
        case .victimRequest: "The victim's request"
        case .noEligibleCapacity: "No eligible officer has room and the crime cannot wait"
        case .workload: "Workload the caseload does not show"
        case .other: "Other (say why)"
        }
    }

    /// A few words for tables and indicator names.
    public var shortLabel: String {
        switch self {
        case .continuity: "Continuity"
        case .localKnowledge: "Local knowledge"
        case .victimRequest: "Victim's request"
        case .noEligibleCapacity: "No eligible capacity"
        case .workload: "Hidden workload"
        case .other: "Other"
        }
    }
}

/// What giving a crime to a chosen officer would break, judged against the policy the way the allocator
/// judges its own proposals (shared/bench/allocation/SPEC.md, "Hard rules").
///
/// An allocator may override the proposal only with an officer who breaks nothing. A supervisor may go
/// beyond the cap, below the required level or without the specialism; the allocation is then flagged for
/// the dashboards. Nobody may give new work to an officer on leave or restricted duties.
public struct AllocationOverrideAssessment: Sendable, Hashable {
    public enum Breach: Sendable, Hashable, CustomStringConvertible {
        /// Taking the crime would put the officer above their cap.
        case overCap(load: Int, cap: Int)
        /// The officer's PIP level (nil: not an accredited investigator) is below the crime's.
        case belowLevel(required: PIPLevel, held: PIPLevel?)
        case lacksSpecialism(Specialism)

        public var description: String {
            switch self {
            case .overCap(let load, let cap): "takes them to \(load + 1) open crimes, above their cap of \(cap)"
            case .belowLevel(let required, let held):
                "they are \(held?.label ?? "not an accredited investigator"); the crime needs \(required.label)"
            case .lacksSpecialism(let specialism): "they are not accredited in \(specialism.name) (\(specialism.code))"
            }
        }
    }

    public let breaches: [Breach]
    /// On leave or restricted duties: no new work, whoever asks.
    public let unavailable: OfficerStatus?

    /// Assesses giving a crime with `requirement` to an officer at `level`, holding `specialisms` (current
    /// accreditations only), with `load` open crimes against `cap`.
    public init(
        requirement: AllocationRequirement, level: PIPLevel?, specialisms: Set<Specialism>, status: OfficerStatus,
        load: Int, cap: Int
    ) {
        var breaches: [Breach] = []
        if load + 1 > cap { breaches.append(.overCap(load: load, cap: cap)) }
        if level.map({ $0 < requirement.level }) ?? true {
            breaches.append(.belowLevel(required: requirement.level, held: level))
        }
        if let specialism = requirement.specialism, !specialisms.contains(specialism) {
            breaches.append(.lacksSpecialism(specialism))
        }
        self.breaches = breaches
        self.unavailable = status.takesNewWork ? nil : status
    }

    /// Nothing broken and the officer takes new work: any allocator may make it.
    public var isWithinPolicy: Bool { breaches.isEmpty && unavailable == nil }

    /// Needs a supervisor (`Permission.overrideAllocation`) and is flagged for the dashboards.
    public var needsSupervisor: Bool { !breaches.isEmpty }

    public var isOverCap: Bool { breaches.contains { if case .overCap = $0 { true } else { false } } }
    public var isBelowLevel: Bool { breaches.contains { if case .belowLevel = $0 { true } else { false } } }
    public var lacksSpecialism: Bool { breaches.contains { if case .lacksSpecialism = $0 { true } else { false } } }

    /// `over cap; below level` for the audit log and the flag.
    public var summary: String {
        if let unavailable { return "officer \(unavailable.label.lowercased()): takes no new work" }
        return breaches.isEmpty ? "within policy" : breaches.map(\.description).joined(separator: "; ")
    }
}
