/// Explains an assignment crime by crime, on demand: the product asks for the few thousand crimes on an
/// allocator's screen, never for a whole national run.
///
/// Officers are looked at in classes of equal BCU, level and specialisms; within a class only the least
/// loaded with room, the least loaded without, and the least loaded of all can be the cheapest
/// alternative or the cheapest refusal, so explaining one crime costs one pass over the classes.
public struct AllocationExplainer: Sendable {
    public let instance: AllocationInstance
    public let assignment: AllocationAssignment
    /// Open crimes per officer after the assignment.
    private let finalLoad: [Int]
    /// Per allocated crime, the officer's open-crime number it becomes (load before + its rank among
    /// the officer's new crimes, in crime order).
    private let openCrimeNumber: [Int32]
    private let classes: [OfficerClass]

    private struct OfficerClass: Sendable {
        var representative: Int
        var size = 0
        /// Two least-loaded officers (after the assignment) with room, without room, and of all;
        /// two so that one remains when the other is the officer chosen.
        var withRoom = LeastLoaded()
        var full = LeastLoaded()
        var any = LeastLoaded()
        /// New crimes this run gave the class, by priority (index 0 unused).
        var newCrimesByPriority = [Int](repeating: 0, count: AllocationInstance.priorities.upperBound + 1)
    }

    private struct LeastLoaded: Sendable {
        var first: (officer: Int, load: Int)?
        var second: (officer: Int, load: Int)?

        mutating func offer(_ officer: Int, load: Int) {
            if first == nil || load < first!.load {
                second = first
                first = (officer, load)
            } else if second == nil || load < second!.load {
                second = (officer, load)
            }
        }

        func best(excluding officer: Int?) -> Int? {
            if let first, first.officer != officer { return first.officer }
            return second?.officer
        }
    }

    public init(instance: AllocationInstance, assignment: AllocationAssignment) {
        precondition(assignment.crimeCount == instance.crimes.count, "the assignment is for another instance")
        self.instance = instance
        self.assignment = assignment
        var finalLoad = instance.officers.map(\.load)
        var openCrimeNumber = [Int32](repeating: 0, count: instance.crimes.count)
        for crime in 0..<assignment.crimeCount {
            guard let officer = assignment[crime] else { continue }
            finalLoad[officer] += 1
            openCrimeNumber[crime] = Int32(finalLoad[officer])
        }
        self.finalLoad = finalLoad
        self.openCrimeNumber = openCrimeNumber

        struct Key: Hashable {
            var bcu: Int32
            var level: PIPLevel
            var specialisms: UInt64
        }
        var classIndex: [Key: Int] = [:]
        var classOf = [Int](repeating: 0, count: instance.officers.count)
        var classes: [OfficerClass] = []
        for (officer, record) in instance.officers.enumerated() {
            let key = Key(
                bcu: instance.officerBCU[officer], level: record.level,
                specialisms: instance.officerSpecialisms[officer])
            let index: Int
            if let found = classIndex[key] {
                index = found
            } else {
                index = classes.count
                classIndex[key] = index
                classes.append(OfficerClass(representative: officer))
            }
            classOf[officer] = index
            classes[index].size += 1
            classes[index].any.offer(officer, load: finalLoad[officer])
            if finalLoad[officer] < record.capacity {
                classes[index].withRoom.offer(officer, load: finalLoad[officer])
            } else {
                classes[index].full.offer(officer, load: finalLoad[officer])
            }
        }
        for crime in 0..<assignment.crimeCount {
            guard let officer = assignment[crime] else { continue }
            classes[classOf[officer]].newCrimesByPriority[instance.crimes[crime].priority] += 1
        }
        self.classes = classes
    }

    /// Explanations for these crimes (indexes into `instance.crimes`).
    public func explain(crimes: some Sequence<Int>) -> [AllocationExplanation] {
        crimes.map { explain(crime: $0) }
    }

    public func explain(crime: Int) -> AllocationExplanation {
        let record = instance.crimes[crime]
        let chosen = assignment[crime]
        // What the decision taken costs, for comparing alternatives with.
        let baseline: AllocationCost =
            chosen.map { officer in
                let pair = instance.pairCost(officer: officer, crime: crime)
                return AllocationCost(
                    overskill: pair.overskill, crossBCU: pair.crossBCU, workload: Int64(finalLoad[officer]))
            } ?? AllocationCost(unallocated: instance.unallocatedCost(crime: crime))

        var alternative: (officer: Int, cost: AllocationCost)?
        var refusal: (officer: Int, rule: AllocationRefusal.Rule, cost: AllocationCost)?
        var eligibleOfficers = 0
        var newCrimesByPriority: [Int: Int] = [:]
        func isBetter(_ cost: AllocationCost, _ officer: Int, than current: (officer: Int, cost: AllocationCost)?)
            -> Bool
        {
            guard let current else { return true }
            return (cost.total, officer) < (current.cost.total, current.officer)
        }
        for officerClass in classes {
            let representative = officerClass.representative
            let eligible = instance.isEligible(officer: representative, crime: crime)
            let pair = instance.pairCost(officer: representative, crime: crime)
            func cost(_ officer: Int) -> AllocationCost {
                AllocationCost(
                    overskill: max(0, pair.overskill), crossBCU: pair.crossBCU, workload: Int64(finalLoad[officer] + 1))
            }
            if eligible {
                eligibleOfficers += officerClass.size
                for priority in AllocationInstance.priorities where officerClass.newCrimesByPriority[priority] > 0 {
                    newCrimesByPriority[priority, default: 0] += officerClass.newCrimesByPriority[priority]
                }
                if let officer = officerClass.withRoom.best(excluding: chosen),
                    isBetter(cost(officer), officer, than: alternative)
                {
                    alternative = (officer, cost(officer))
                }
                if let officer = officerClass.full.best(excluding: chosen),
                    isBetter(cost(officer), officer, than: refusal.map { ($0.officer, $0.cost) })
                {
                    refusal = (officer, .atCapacity, cost(officer))
                }
            } else if let officer = officerClass.any.best(excluding: chosen),
                isBetter(cost(officer), officer, than: refusal.map { ($0.officer, $0.cost) })
            {
                let rule: AllocationRefusal.Rule =
                    instance.officers[representative].level < record.level
                    ? .levelBelow(required: record.level) : .lacksSpecialism(record.specialism ?? "")
                refusal = (officer, rule, cost(officer))
            }
        }

        let cheapest = alternative.map { alternative in
            AllocationAlternative(
                officer: candidate(alternative.officer), cost: alternative.cost,
                extraCost: alternative.cost.total - baseline.total,
                differences: chosen == nil ? [] : Self.differences(alternative.cost, baseline))
        }
        let refused = refusal.map {
            AllocationRefusal(officer: candidate($0.officer), rule: $0.rule, costIfAllowed: $0.cost)
        }
        let decision: AllocationExplanation.Decision
        if let officer = chosen {
            let pair = instance.pairCost(officer: officer, crime: crime)
            let number = Int(openCrimeNumber[crime])
            decision = .allocated(
                AllocationChoice(
                    officer: candidate(officer), loadBefore: instance.officers[officer].load,
                    loadAfter: finalLoad[officer], openCrimeNumber: number,
                    cost: AllocationCost(overskill: pair.overskill, crossBCU: pair.crossBCU, workload: Int64(number)),
                    releaseCost: baseline, cheapestAlternative: cheapest,
                    cheaperButRefused: refused.flatMap { $0.costIfAllowed.total < baseline.total ? $0 : nil }))
        } else if eligibleOfficers == 0 {
            decision = .unallocated(.noEligibleOfficer(nearest: refused))
        } else if let cheapest {
            decision = .unallocated(.cheaperToLeave(cheapest: cheapest, costToLeave: baseline.unallocated))
        } else {
            decision = .unallocated(
                .everyEligibleOfficerAtCapacity(
                    eligibleOfficers: eligibleOfficers, newCrimesByPriority: newCrimesByPriority))
        }
        return AllocationExplanation(
            crimeID: record.id, crimeType: record.crimeType, requiredLevel: record.level,
            requiredSpecialism: record.specialism, crimeBCU: record.bcu, priority: record.priority, decision: decision)
    }

    private func candidate(_ officer: Int) -> AllocationCandidate {
        let record = instance.officers[officer]
        return AllocationCandidate(
            id: record.id, bcu: record.bcu, level: record.level, specialisms: record.specialisms.sorted(),
            load: finalLoad[officer], capacity: record.capacity)
    }

    private static func differences(_ cost: AllocationCost, _ baseline: AllocationCost) -> [AllocationAlternative
        .Difference]
    {
        [
            ("overskill", cost.overskill - baseline.overskill),
            ("cross-BCU", cost.crossBCU - baseline.crossBCU),
            ("workload", cost.workload - baseline.workload),
        ]
        .filter { $0.1 != 0 }
        .map { AllocationAlternative.Difference(term: $0.0, amount: $0.1) }
    }
}

extension AllocationSolution {
    /// Explanations for the given crimes (indexes into `instance.crimes`) of the instance this solved.
    public func explanations(for instance: AllocationInstance, crimes: some Sequence<Int>) -> [AllocationExplanation] {
        AllocationExplainer(instance: instance, assignment: assignment).explain(crimes: crimes)
    }
}
