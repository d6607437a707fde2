/// Why a crime went to the officer it did, or to nobody: the allocation policy says every allocation
/// carries an explanation a supervisor can check and override (shared/DESIGN.md, first table).
public struct AllocationExplanation: Sendable, Hashable {
    public let crimeID: String
    public let crimeType: String
    public let requiredLevel: PIPLevel
    public let requiredSpecialism: String?
    public let crimeBCU: String
    public let priority: Int
    public let decision: Decision

    public enum Decision: Sendable, Hashable {
        case allocated(AllocationChoice)
        case unallocated(UnallocatedReason)
    }

    /// One or two sentences for the allocator's screen.
    public var summary: String {
        let need = "needs \(requiredLevel.label)" + (requiredSpecialism.map { " with \($0)" } ?? "")
        switch decision {
        case .allocated(let choice):
            return "\(crimeID) (\(need)) → \(choice.summary)"
        case .unallocated(let reason):
            return "\(crimeID) (\(need), priority \(priority)) left unallocated: \(reason.summary)"
        }
    }
}

/// The officer chosen, what this crime costs with them, and the officers not chosen.
public struct AllocationChoice: Sendable, Hashable {
    public let officer: AllocationCandidate
    /// The officer's open crimes before this allocation run, and after all of it.
    public let loadBefore: Int
    public let loadAfter: Int
    /// This crime is the officer's n-th open crime; its workload cost is n.
    public let openCrimeNumber: Int
    /// This crime's share of the total: overskill, cross-BCU, and its workload (`openCrimeNumber`).
    public let cost: AllocationCost
    /// What taking any one of the officer's new crimes away would save: the cost of their last one.
    /// Alternatives are compared against this, since moving a crime frees the officer's last place.
    public let releaseCost: AllocationCost
    /// The cheapest other officer who could have taken it (eligible, with room).
    public let cheapestAlternative: AllocationAlternative?
    /// An officer who would have cost less, but whom a hard rule ruled out.
    public let cheaperButRefused: AllocationRefusal?

    public var summary: String {
        var text =
            "\(officer.label), load \(loadBefore) → \(loadAfter) of \(officer.capacity); as their open crime no. "
            + "\(openCrimeNumber) it costs \(cost.total) (overskill \(cost.overskill), cross-BCU \(cost.crossBCU), "
            + "workload \(cost.workload))."
        if releaseCost != cost { text += " Taking any one of their new crimes away saves \(releaseCost.total)." }
        if let cheapestAlternative {
            text += " Next best: \(cheapestAlternative.officer.label) \(cheapestAlternative.reason)."
        } else {
            text += " No other eligible officer has room."
        }
        if let cheaperButRefused {
            text +=
                " Not \(cheaperButRefused.officer.label): \(cheaperButRefused.reason), though they would cost "
                + "\(cheaperButRefused.costIfAllowed.total)."
        }
        return text
    }
}

/// An officer as an explanation shows them.
public struct AllocationCandidate: Sendable, Hashable {
    public let id: String
    public let bcu: String
    public let level: PIPLevel
    /// Sorted codes.
    public let specialisms: [String]
    /// Open crimes after this allocation run.
    public let load: Int
    public let capacity: Int

    /// `O000123 (PIP2 SO, CS)`
    public var label: String {
        let skills = ([level.label] + specialisms).joined(separator: " ")
        return "\(id) (\(skills), \(bcu))"
    }
}

/// An officer who could have taken the crime, and how much more it would have cost.
public struct AllocationAlternative: Sendable, Hashable {
    public let officer: AllocationCandidate
    /// Giving the crime to them: overskill, cross-BCU, and workload (their next open crime).
    public let cost: AllocationCost
    /// `cost` less what the decision taken costs (the chosen officer's release cost, or leaving it).
    public let extraCost: Int64
    /// Term-by-term differences behind `extraCost`, non-zero ones only: cross-BCU +15.
    public let differences: [Difference]

    public struct Difference: Sendable, Hashable {
        /// "overskill", "cross-BCU" or "workload".
        public let term: String
        public let amount: Int64
    }

    /// `costs 3 more: cross-BCU +15, workload −12`
    public var reason: String {
        let terms = differences.map { "\($0.term) \($0.amount > 0 ? "+" : "−")\(abs($0.amount))" }.joined(
            separator: ", ")
        let lead =
            extraCost > 0 ? "costs \(extraCost) more" : extraCost == 0 ? "costs the same" : "costs \(-extraCost) less"
        return terms.isEmpty ? lead : "\(lead): \(terms)"
    }
}

/// An officer ruled out by a hard rule (shared/bench/allocation/SPEC.md, "Hard rules").
public struct AllocationRefusal: Sendable, Hashable {
    public enum Rule: Sendable, Hashable {
        case atCapacity
        case levelBelow(required: PIPLevel)
        case lacksSpecialism(String)
    }

    public let officer: AllocationCandidate
    public let rule: Rule
    /// What the crime would have cost with them, were the rule waived (overskill counted from zero).
    public let costIfAllowed: AllocationCost

    /// `at capacity (14 of 14)`, `lacks SO`, `PIP1, needs PIP2`
    public var reason: String {
        switch rule {
        case .atCapacity: "at capacity (\(officer.load) of \(officer.capacity))"
        case .levelBelow(let required): "\(officer.level.label), needs \(required.label)"
        case .lacksSpecialism(let code): "lacks \(code)"
        }
    }
}

/// Why a crime was left waiting.
public enum UnallocatedReason: Sendable, Hashable {
    /// No officer at all holds the level and specialism; `nearest` is the cheapest of those who fall short.
    case noEligibleOfficer(nearest: AllocationRefusal?)
    /// Officers hold the level and specialism, but every one is full; `newCrimesByPriority` counts the
    /// crimes this run gave them, by priority, which were worth more to allocate.
    case everyEligibleOfficerAtCapacity(eligibleOfficers: Int, newCrimesByPriority: [Int: Int])
    /// An eligible officer had room, but giving it to them costs more than leaving it (`costToLeave`).
    case cheaperToLeave(cheapest: AllocationAlternative, costToLeave: Int64)

    public var summary: String {
        switch self {
        case .noEligibleOfficer(let nearest):
            return "no officer holds the level and specialism it needs"
                + (nearest.map { "; nearest: \($0.officer.label), \($0.reason)" } ?? "")
        case .everyEligibleOfficerAtCapacity(let count, let byPriority):
            let taken = byPriority.keys.sorted().map { "\(byPriority[$0]!) of priority \($0)" }.joined(separator: ", ")
            return "all \(count) eligible officers are at capacity"
                + (taken.isEmpty ? "" : "; this run gave them \(taken)")
        case .cheaperToLeave(let cheapest, let costToLeave):
            if cheapest.cost.total >= costToLeave {
                return
                    "cheaper to leave (\(costToLeave)) than to give it to \(cheapest.officer.label) (\(cheapest.cost.total): "
                    + "overskill \(cheapest.cost.overskill), cross-BCU \(cheapest.cost.crossBCU), workload \(cheapest.cost.workload))"
            }
            return
                "\(cheapest.officer.label) could take it for \(cheapest.cost.total), less than leaving it (\(costToLeave))"
        }
    }
}
