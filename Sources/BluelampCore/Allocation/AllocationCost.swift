/// The cost of an allocation, term by term (shared/bench/allocation/SPEC.md, "Cost").
///
/// Also used for the marginal cost of one crime in an explanation, where `unallocated` is zero for an
/// allocated crime.
public struct AllocationCost: Sendable, Hashable, CustomStringConvertible {
    public var overskill: Int64 = 0
    public var crossBCU: Int64 = 0
    public var workload: Int64 = 0
    public var unallocated: Int64 = 0

    public init(overskill: Int64 = 0, crossBCU: Int64 = 0, workload: Int64 = 0, unallocated: Int64 = 0) {
        self.overskill = overskill
        self.crossBCU = crossBCU
        self.workload = workload
        self.unallocated = unallocated
    }

    public var total: Int64 { overskill + crossBCU + workload + unallocated }

    public var description: String {
        "\(total) (overskill \(overskill), cross-BCU \(crossBCU), workload \(workload), unallocated \(unallocated))"
    }

    public static func + (lhs: AllocationCost, rhs: AllocationCost) -> AllocationCost {
        AllocationCost(
            overskill: lhs.overskill + rhs.overskill, crossBCU: lhs.crossBCU + rhs.crossBCU,
            workload: lhs.workload + rhs.workload, unallocated: lhs.unallocated + rhs.unallocated)
    }

    /// Checks the hard rules and prices an assignment, as check.py does.
    ///
    /// Throws `AllocationRuleViolation` for the first broken rule found: the lowest-numbered crime given
    /// an ineligible officer, else the lowest-numbered officer pushed over capacity.
    public static func evaluate(_ instance: AllocationInstance, _ assignment: AllocationAssignment) throws
        -> AllocationCost
    {
        precondition(assignment.crimeCount == instance.crimes.count, "the assignment is for another instance")
        var cost = AllocationCost()
        var added = [Int](repeating: 0, count: instance.officers.count)
        for crime in 0..<assignment.crimeCount {
            guard let officer = assignment[crime] else {
                cost.unallocated += instance.unallocatedCost(crime: crime)
                continue
            }
            guard officer >= 0 && officer < instance.officers.count else {
                throw AllocationRuleViolation.unknownOfficer(crimeID: instance.crimes[crime].id, officerIndex: officer)
            }
            let o = instance.officers[officer]
            let c = instance.crimes[crime]
            if o.level < c.level {
                throw AllocationRuleViolation.levelTooLow(
                    crimeID: c.id, officerID: o.id, required: c.level, held: o.level)
            }
            if !instance.isEligible(officer: officer, crime: crime) {
                throw AllocationRuleViolation.lacksSpecialism(
                    crimeID: c.id, officerID: o.id, specialism: c.specialism ?? "")
            }
            let pair = instance.pairCost(officer: officer, crime: crime)
            cost.overskill += pair.overskill
            cost.crossBCU += pair.crossBCU
            added[officer] += 1
        }
        for (officer, count) in added.enumerated() where count > 0 {
            let o = instance.officers[officer]
            if o.load + count > o.capacity {
                throw AllocationRuleViolation.overCapacity(
                    officerID: o.id, load: o.load, added: count, capacity: o.capacity)
            }
            cost.workload += Self.workload(load: o.load, added: count)
        }
        return cost
    }

    /// Going from `load` to `load + added` open crimes costs (load+1) + … + (load+added).
    public static func workload(load: Int, added: Int) -> Int64 {
        Int64(added) * Int64(load) + Int64(added) * Int64(added + 1) / 2
    }
}

/// A broken hard rule (shared/bench/allocation/SPEC.md, "Hard rules").
public enum AllocationRuleViolation: Error, Sendable, Hashable, CustomStringConvertible {
    case levelTooLow(crimeID: String, officerID: String, required: PIPLevel, held: PIPLevel)
    case lacksSpecialism(crimeID: String, officerID: String, specialism: String)
    case overCapacity(officerID: String, load: Int, added: Int, capacity: Int)
    case unknownOfficer(crimeID: String, officerIndex: Int)

    public var description: String {
        switch self {
        case .levelTooLow(let crime, let officer, let required, let held):
            "\(crime): officer \(officer) is \(held.label), the crime needs \(required.label)"
        case .lacksSpecialism(let crime, let officer, let specialism):
            "\(crime): officer \(officer) does not hold \(specialism)"
        case .overCapacity(let officer, let load, let added, let capacity):
            "officer \(officer) over capacity: \(load) + \(added) > \(capacity)"
        case .unknownOfficer(let crime, let index):
            "\(crime): no officer number \(index)"
        }
    }
}
