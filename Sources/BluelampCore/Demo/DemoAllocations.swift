import Foundation

/// An investigator as the demo's allocation history sees them.
public struct DemoInvestigator: Sendable, Hashable {
    /// The caller's key for the officer (the database id when loading, an index in tests); allocations carry it back.
    public var key: Int
    /// `DC Jo Smith (412345)`
    public var label: String
    public var warrantNumber: String
    /// `FORCE` for the force-wide units.
    public var bcu: BCU
    /// The kind of unit their team is: a BCU's investigation team or safeguarding unit, or a force-wide unit.
    public var unit: AllocationUnitKind
    public var level: PIPLevel
    public var specialisms: Set<Specialism>
    public var status: OfficerStatus
    public var capOverride: Int?

    public init(
        key: Int, label: String, warrantNumber: String, bcu: BCU, unit: AllocationUnitKind, level: PIPLevel,
        specialisms: Set<Specialism>, status: OfficerStatus, capOverride: Int?
    ) {
        self.key = key
        self.label = label
        self.warrantNumber = warrantNumber
        self.bcu = bcu
        self.unit = unit
        self.level = level
        self.specialisms = specialisms
        self.status = status
        self.capOverride = capOverride
    }
}

/// One demo crime given to one investigator, as `crime_allocations` keeps it.
public struct DemoAllocation: Sendable, Hashable {
    public var crimeReference: String
    public var crimeBCU: BCU
    public var recordedAt: Date
    /// The investigator's `DemoInvestigator.key`.
    public var officerKey: Int
    public var officerLabel: String
    public var officerWarrant: String
    public var officerBCU: BCU
    public var officerLevel: PIPLevel
    public var officerSpecialisms: Set<Specialism>
    /// `.accepted` (the allocator's proposal accepted) or `.override` (a person chose the officer).
    public var kind: AllocationKind
    public var allocatedAt: Date
    public var allocatedBy: String
    public var requirement: AllocationRequirement
    public var meetsLevel: Bool
    public var meetsSpecialism: Bool
    /// The officer's open crimes before this one, and their cap.
    public var loadBefore: Int
    public var cap: Int
    /// A supervisor's override beyond the cap, below the level or without the specialism.
    public var flagged: Bool
    public var overrideReason: AllocationOverrideReason?
    public var overrideDetail: String?
    public var explanation: String
    /// When the crime closed after supervisory review; nil while it is open.
    public var endedAt: Date?

    public var deadline: Date { requirement.deadline(recordedAt: recordedAt) }
    public var overCap: Bool { loadBefore + 1 > cap }
    public var isLate: Bool { allocatedAt > deadline }
}

/// The demo force's allocation history: every generated crime that reached an investigator
/// (allocated, under investigation, awaiting a supervisor or closed) is given to one, the way the
/// force's allocation policy says, with the exceptions the inspectorate found.
///
/// Most allocations are the allocator's proposals accepted: an investigator of the crime's BCU, in the
/// unit the policy names (the BCU's investigation team or safeguarding unit, or a force-wide unit), at or
/// above the required PIP level, accredited in the required specialism and under their cap, the cheapest
/// of a few by the policy's cost model, so work goes to the least loaded and detectives are not spent on
/// minor crime. Force-wide units, which the allocator may always use, take what the BCU has no room
/// for, and the specialist work when no BCU officer holds the specialism.
/// A minority are overrides with a reason (continuity, local knowledge, the victim's request…); about one
/// in two hundred is a supervisor's flagged override below the level, without the specialism or over the
/// cap (PEEL 2023–25: complex crimes allocated to officers with only basic investigative training), and more where a unit has
/// no room (the demo force's domestic abuse investigators are too few for its domestic abuse, as the
/// Met's were: flagged overrides of high-risk domestic abuse are most of them); and a few "go-to" PIP1
/// investigators keep being handed crimes beyond their cap (PEEL 2023–25: novice officers handling over 25 crimes at once).
/// How soon each crime was allocated is decided with the crime (`hoursToAllocation`), so the status, the
/// timeline and the allocation agree; about one in eight is late.
///
/// Crimes go through `allocate(_:)` a month at a time in recording order; the planner remembers each
/// officer's open crimes from month to month. The same seed, investigators and crimes always give the
/// same allocations.
public struct DemoAllocationPlanner: Sendable {
    public let policy: AllocationPolicy
    public let investigators: [DemoInvestigator]

    private var rng: SeededGenerator
    /// When each officer's held crimes end (`.distantFuture` while open), by index in `investigators`.
    private var ends: [[Date]]
    private var pools: [PoolKey: [Int]] = [:]
    /// "Go-to" PIP1 investigators, with how many crimes a supervisor will let them hold.
    private var goTo: [Int: Int] = [:]

    /// The eligible officers for a crime's BCU and requirement, worked out once.
    private var eligibleCache: [EligibleKey: (home: [Int], forceWide: [Int], goTo: [Int])] = [:]
    /// The policy's requirement for each kind of crime seen: the demo's crimes repeat a few hundred
    /// kinds, and the policy's rules compare text without regard to case.
    private var requirementCache: [AllocationRequest: AllocationRequirement] = [:]

    private struct PoolKey: Hashable {
        var bcu: BCU
        var unit: AllocationUnitKind
        var specialism: Specialism?
    }

    private struct EligibleKey: Hashable {
        var bcu: BCU
        var unit: AllocationUnitKind
        var level: PIPLevel
        var specialism: Specialism?
    }

    static let allocator = "Crime Management Unit"

    public init(seed: UInt64, investigators: [DemoInvestigator], policy: AllocationPolicy = .metropolitanDefault) {
        self.policy = policy
        self.investigators = investigators
        rng = SeededGenerator(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 0xA110C)
        ends = Array(repeating: [], count: investigators.count)
        for (index, officer) in investigators.enumerated()
        where officer.status.takesNewWork && officer.level != .pip4 {
            pools[PoolKey(bcu: officer.bcu, unit: officer.unit, specialism: nil), default: []].append(index)
            for specialism in officer.specialisms.sorted() {
                pools[PoolKey(bcu: officer.bcu, unit: officer.unit, specialism: specialism), default: []].append(index)
            }
            // About one BCU PIP1 investigator in two hundred (at least one in the force) is the one who never says no.
            if officer.unit == .bcuInvestigation && officer.level == .pip1 && rng.chance(0.005) {
                goTo[index] = capOf(index) + Int.random(in: 4...9, using: &rng)
            }
        }
        if goTo.isEmpty,
            let first = investigators.indices.first(where: {
                investigators[$0].unit == .bcuInvestigation && investigators[$0].level == .pip1
                    && investigators[$0].status.takesNewWork
            })
        {
            goTo[first] = capOf(first) + 6
        }
    }

    /// The investigators of a generated organisation (officers with a PIP level in investigation,
    /// safeguarding and force-wide teams), keyed by their index in `organisation.officers`; specialisms
    /// accredited until `today` or later.
    public static func investigators(of organisation: DemoOrganisation, today: Date) -> [DemoInvestigator] {
        let kinds = Dictionary(organisation.teams.map { ($0.key, $0.kind) }, uniquingKeysWith: { a, _ in a })
        return organisation.officers.enumerated().compactMap { index, officer in
            guard let level = officer.pipLevel, let kind = kinds[officer.teamKey],
                let unit = AllocationUnitKind.allCases.first(where: { $0.teamKind == kind })
            else { return nil }
            return DemoInvestigator(
                key: index,
                label:
                    "\(officer.rank.abbreviation) \(officer.givenName) \(officer.familyName) (\(officer.warrantNumber))",
                warrantNumber: officer.warrantNumber, bcu: officer.bcu, unit: unit, level: level,
                specialisms: Set(officer.specialisms.filter { $0.1 >= today }.map(\.0)), status: officer.status,
                capOverride: officer.caseloadCapOverride)
        }
    }

    // MARK: - When

    /// Hours from recording to allocation for a crime whose policy deadline is `within`, from one uniform
    /// draw in 0..<1: seven in eight within the deadline (most well within it, a median of about 45% of
    /// it), the rest up to two and a half times it.
    public static func hoursToAllocation(within: TimeInterval, draw u: Double) -> Double {
        let deadline = within / 3600
        if u < 0.875 {
            let x = u / 0.875
            return deadline * (0.04 + 0.9 * pow(x, 1.4))
        }
        let x = (u - 0.875) / 0.125
        return deadline * (1.02 + 1.5 * pow(x, 1.5))
    }

    // MARK: - Who

    /// Allocates the crimes (one month's, in recording order) that reached an investigator, and names the
    /// officer in each crime's allocation and investigation events.
    public mutating func allocate(_ crimes: inout [DemoCrime]) -> [DemoAllocation] {
        var allocations: [DemoAllocation] = []
        allocations.reserveCapacity(crimes.count / 2)
        for index in crimes.indices {
            guard let allocation = allocate(crimes[index]) else { continue }
            name(allocation, in: &crimes[index])
            allocations.append(allocation)
        }
        return allocations
    }

    private func capOf(_ index: Int) -> Int {
        policy.caseloadCap(level: investigators[index].level, override: investigators[index].capOverride)
    }

    /// Open crimes the officer holds at `time`, forgetting those that ended well before it.
    private mutating func load(_ index: Int, at time: Date) -> Int {
        let horizon = time.addingTimeInterval(-30 * 86_400)
        if ends[index].count > 40 { ends[index].removeAll { $0 < horizon } }
        return ends[index].reduce(0) { $0 + ($1 > time ? 1 : 0) }
    }

    private func eligible(_ index: Int, _ requirement: AllocationRequirement) -> Bool {
        let officer = investigators[index]
        return officer.level >= requirement.level
            && requirement.specialism.map { officer.specialisms.contains($0) } ?? true
    }

    /// The officers who could take the crime within policy: the unit's in the crime's BCU (or the force's,
    /// for a force-wide unit) holding the specialism; failing that, a force-wide unit that holds it.
    private func pool(_ requirement: AllocationRequirement, bcu: BCU) -> [Int] {
        let home = requirement.unit == .forceWide ? BCU.force : bcu
        if let pool = pools[PoolKey(bcu: home, unit: requirement.unit, specialism: requirement.specialism)],
            pool.contains(where: { eligible($0, requirement) })
        {
            return pool
        }
        if let specialism = requirement.specialism,
            let pool = pools[PoolKey(bcu: .force, unit: .forceWide, specialism: specialism)],
            pool.contains(where: { eligible($0, requirement) })
        {
            return pool
        }
        return []
    }

    /// Anyone in the unit, then the BCU's investigation team: where a supervisor looks when policy cannot be met.
    private func fallbackPool(_ requirement: AllocationRequirement, bcu: BCU) -> [Int] {
        let home = requirement.unit == .forceWide ? BCU.force : bcu
        if let pool = pools[PoolKey(bcu: home, unit: requirement.unit, specialism: nil)], !pool.isEmpty { return pool }
        if let pool = pools[PoolKey(bcu: bcu, unit: .bcuInvestigation, specialism: nil)], !pool.isEmpty { return pool }
        return pools.keys.sorted { ($0.bcu, $0.unit.rawValue) < ($1.bcu, $1.unit.rawValue) }
            .first { $0.specialism == nil && !(pools[$0]?.isEmpty ?? true) }.flatMap { pools[$0] } ?? []
    }

    private mutating func allocate(_ demo: DemoCrime) -> DemoAllocation? {
        let crime = demo.crime
        guard let recordedAt = crime.recordedAt, let bcu = crime.bcu,
            let allocatedAt = demo.timeline.first(where: { $0.toStatus == .allocated })?.at
        else { return nil }
        let closedAt = demo.timeline.first(where: { $0.toStatus == .closed })?.at
        let request = AllocationRequest(crime: crime)
        let requirement = requirementCache[request] ?? policy.requirement(for: request)
        requirementCache[request] = requirement

        let key = EligibleKey(
            bcu: bcu, unit: requirement.unit, level: requirement.level, specialism: requirement.specialism)
        if eligibleCache[key] == nil {
            let forceWide =
                requirement.unit == .forceWide
                ? [] : (pools[PoolKey(bcu: .force, unit: .forceWide, specialism: requirement.specialism)] ?? [])
            let home = pool(requirement, bcu: bcu).filter { eligible($0, requirement) }
            eligibleCache[key] = (home, forceWide.filter { eligible($0, requirement) }, home.filter { goTo[$0] != nil })
        }
        let (eligiblePool, forceWide, goToPool) = eligibleCache[key]!
        var chosen: Int?
        var kind = AllocationKind.accepted
        var reason: AllocationOverrideReason?
        var detail: String?
        var load = 0

        let r = Double.random(in: 0..<1, using: &rng)
        // A go-to investigator in the BCU, handed volume crime whatever their load.
        if requirement.level == .pip1 && requirement.specialism == nil && r < 0.35,
            let index = goToPool.min(by: { self.ends[$0].count < self.ends[$1].count })
        {
            let held = self.load(index, at: allocatedAt)
            if held < goTo[index]! {
                chosen = index
                load = held
                kind = .override
                reason = rng.chance(0.5) ? .continuity : .localKnowledge
                detail =
                    reason == .continuity
                    ? "knows the suspect from an earlier crime" : "knows the estate and the families on it"
            }
        }
        // A supervisor's flagged override: below the level, without the specialism or over the cap.
        if chosen == nil && r > 0.995 {
            let fallback = fallbackPool(requirement, bcu: bcu)
            let below = fallback.filter { investigators[$0].level < requirement.level }
            let without = fallback.filter { index in
                requirement.specialism.map { !investigators[index].specialisms.contains($0) } ?? false
            }
            let candidates = !below.isEmpty ? below : (!without.isEmpty ? without : eligiblePool)
            if !candidates.isEmpty {
                chosen = candidates[Int.random(in: 0..<candidates.count, using: &rng)]
                load = self.load(chosen!, at: allocatedAt)
                kind = .override
                reason = rng.chance(0.6) ? .noEligibleCapacity : .workload
                detail =
                    reason == .noEligibleCapacity
                    ? "every eligible officer at their cap and the victim could not wait"
                    : "the eligible officers are at court this week"
            }
        }
        // An override within policy, with a reason.
        if chosen == nil && r > 0.93 && !eligiblePool.isEmpty {
            let index = eligiblePool[Int.random(in: 0..<eligiblePool.count, using: &rng)]
            let held = self.load(index, at: allocatedAt)
            if held + 1 <= capOf(index) {
                chosen = index
                load = held
                kind = .override
                let reasons: [(AllocationOverrideReason, String)] = [
                    (.continuity, "already investigating a linked crime against the same victim"),
                    (.continuity, "dealt with the suspect last month"),
                    (.localKnowledge, "speaks the victim's language"),
                    (.localKnowledge, "knows the location from an earlier operation"),
                    (.victimRequest, "the victim asked for the officer who took the first account"),
                    (.workload, "the proposed officer is preparing a trial file"),
                    (.other, "the proposed officer starts leave next week"),
                ]
                let pick = reasons[Int.random(in: 0..<reasons.count, using: &rng)]
                reason = pick.0
                detail = pick.1
            }
        }
        // The allocator's proposal: the cheapest of a few eligible officers by the policy's cost model
        // (an officer's n-th open crime costs n; each level above the one required costs `overskillPerLevel`),
        // from the unit in the crime's BCU and the force-wide units, which the allocator may always use.
        if chosen == nil {
            var best: (index: Int, load: Int, cost: Int)?
            func consider(_ index: Int) {
                let held = self.load(index, at: allocatedAt)
                let cost =
                    held + 1 + Int(policy.costs.overskillPerLevel)
                    * (investigators[index].level.rawValue - requirement.level.rawValue)
                if held + 1 <= capOf(index), best.map({ cost < $0.cost }) ?? true { best = (index, held, cost) }
            }
            for _ in 0..<min(eligiblePool.count, 4) {
                consider(eligiblePool[Int.random(in: 0..<eligiblePool.count, using: &rng)])
            }
            for _ in 0..<min(forceWide.count, 3) {
                consider(forceWide[Int.random(in: 0..<forceWide.count, using: &rng)])
            }
            if best == nil {
                // Everyone sampled is full: look further (at them all in a small unit).
                let everyone = eligiblePool + forceWide
                if everyone.count <= 200 {
                    for index in everyone { consider(index) }
                } else {
                    for _ in 0..<200 { consider(everyone[Int.random(in: 0..<everyone.count, using: &rng)]) }
                }
            }
            if let best {
                chosen = best.index
                load = best.load
            } else if !eligiblePool.isEmpty {
                // Nobody eligible has room: a supervisor gives it to the least loaded anyway.
                let index = eligiblePool.prefix(200).min { self.ends[$0].count < self.ends[$1].count }!
                chosen = index
                load = self.load(index, at: allocatedAt)
                kind = .override
                reason = .noEligibleCapacity
                detail = "every eligible officer at their cap and the crime could not wait"
            }
        }
        if chosen == nil {
            // No eligible officer on duty at all (a small force's BCU without the specialism).
            let fallback = fallbackPool(requirement, bcu: bcu)
            guard !fallback.isEmpty else { return nil }
            chosen = fallback[Int.random(in: 0..<fallback.count, using: &rng)]
            load = self.load(chosen!, at: allocatedAt)
            kind = .override
            reason = .noEligibleCapacity
            detail = "no accredited officer on duty"
        }
        let index = chosen!
        let officer = investigators[index]
        let cap = capOf(index)
        let meetsLevel = officer.level >= requirement.level
        let meetsSpecialism = requirement.specialism.map { officer.specialisms.contains($0) } ?? true
        let flagged = kind == .override && (!meetsLevel || !meetsSpecialism || load + 1 > cap)
        ends[index].append(closedAt ?? .distantFuture)

        let required = requirement.level.label + (requirement.specialism.map { " with \($0.code)" } ?? "")
        let rule = requirement.rule.map { " (\($0))" } ?? ""
        var explanation: String
        if kind == .accepted {
            explanation =
                "\(crime.reference): allocated to \(officer.label), \(officer.level.label) in \(officer.bcu.code); "
                + "the policy requires \(required)\(rule); their open crimes \(load) → \(load + 1) of \(cap)."
        } else {
            explanation =
                "\(crime.reference): allocated by override to \(officer.label) "
                + "(\(reason!.shortLabel.lowercased())): \(detail!)."
            if flagged {
                var breaches: [String] = []
                if load + 1 > cap {
                    breaches.append("takes them to \(load + 1) open crimes, above their cap of \(cap)")
                }
                if !meetsLevel {
                    breaches.append("they are \(officer.level.label); the crime needs \(requirement.level.label)")
                }
                if !meetsSpecialism, let s = requirement.specialism {
                    breaches.append("they are not accredited in \(s.name) (\(s.code))")
                }
                explanation += " Flagged: " + breaches.joined(separator: "; ") + "."
            }
        }
        return DemoAllocation(
            crimeReference: crime.reference, crimeBCU: bcu, recordedAt: recordedAt, officerKey: officer.key,
            officerLabel: officer.label, officerWarrant: officer.warrantNumber, officerBCU: officer.bcu,
            officerLevel: officer.level, officerSpecialisms: officer.specialisms, kind: kind, allocatedAt: allocatedAt,
            allocatedBy: kind == .accepted
                ? Self.allocator : "Detective Sergeant, \(officer.bcu == .force ? "force-wide unit" : bcu.code)",
            requirement: requirement, meetsLevel: meetsLevel, meetsSpecialism: meetsSpecialism, loadBefore: load,
            cap: cap,
            flagged: flagged, overrideReason: reason, overrideDetail: detail, explanation: explanation,
            endedAt: closedAt)
    }

    /// The crime's timeline names the officer: the allocation entry, and who started the investigation.
    private func name(_ allocation: DemoAllocation, in demo: inout DemoCrime) {
        for index in demo.timeline.indices {
            if demo.timeline[index].toStatus == .allocated {
                demo.timeline[index].kind = .allocation
                demo.timeline[index].actor = allocation.allocatedBy
                let required =
                    allocation.requirement.level.label
                    + (allocation.requirement.specialism.map { " with \($0.code)" } ?? "")
                let load =
                    "their open crimes \(allocation.loadBefore) → \(allocation.loadBefore + 1) of \(allocation.cap)"
                demo.timeline[index].detail =
                    allocation.kind == .accepted
                    ? "Allocated to \(allocation.officerLabel), the allocator's proposal accepted; \(required) required; \(load)."
                    : "Allocated by override to \(allocation.officerLabel) "
                        + "(\(allocation.overrideReason!.shortLabel.lowercased()): \(allocation.overrideDetail!)); \(load)"
                        + (allocation.flagged ? "; flagged." : ".")
            } else if demo.timeline[index].actor == DemoCrimeGenerator.investigatingOfficer {
                demo.timeline[index].actor = allocation.officerLabel
            }
        }
    }
}
