import BluelampCore
import Foundation
import Testing

@Suite struct AllocationExplainerTests {
    typealias F = AllocationFixtures

    static func explain(
        _ officers: [AllocationOfficer], _ crimes: [AllocationCrime], costs: AllocationCostPolicy = F.costs,
        crime: Int = 0
    )
        throws -> AllocationExplanation
    {
        let instance = try F.instance(officers, crimes, costs: costs)
        return Allocator.solve(instance).explanations(for: instance, crimes: [crime])[0]
    }

    static func choice(_ explanation: AllocationExplanation) -> AllocationChoice? {
        if case .allocated(let choice) = explanation.decision { return choice }
        return nil
    }

    static func reason(_ explanation: AllocationExplanation) -> UnallocatedReason? {
        if case .unallocated(let reason) = explanation.decision { return reason }
        return nil
    }

    @Test func `shows the officer chosen, their load against the cap and the cost term by term`() throws {
        let explanation = try Self.explain(
            [
                F.officer("local", "CE", load: 4), F.officer("neighbour", "CN", load: 0),
                F.officer("detective", "CE", level: .pip2, load: 0, capacity: 14),
            ],
            [F.crime("c1", "CE")])
        let choice = try #require(Self.choice(explanation))
        #expect(choice.officer.id == "local")
        #expect(choice.officer.bcu == "CE")
        #expect(choice.officer.level == .pip1)
        #expect((choice.loadBefore, choice.loadAfter, choice.officer.capacity) == (4, 5, 20))
        #expect(choice.openCrimeNumber == 5)
        #expect(choice.cost == AllocationCost(workload: 5))
        #expect(explanation.requiredLevel == .pip1)
        #expect(explanation.requiredSpecialism == nil)
    }

    @Test func `names the cheapest alternative officer and what they would have cost more`() throws {
        let explanation = try Self.explain(
            [
                F.officer("local", "CE", load: 4), F.officer("neighbour", "CN", load: 0),
                F.officer("detective", "CE", level: .pip2, load: 0, capacity: 14),
            ],
            [F.crime("c1", "CE")])
        let alternative = try #require(Self.choice(explanation)?.cheapestAlternative)
        // The detective: overskill 10 + workload 1 = 11, against 5.
        #expect(alternative.officer.id == "detective")
        #expect(alternative.extraCost == 6)
        #expect(alternative.reason == "costs 6 more: overskill +10, workload −4")
        #expect(explanation.summary.contains("Next best: detective (PIP2, CE) costs 6 more"))
    }

    @Test func `names a cheaper officer ruled out by a hard rule`() throws {
        let atCapacity = try Self.explain(
            [F.officer("full", "CE", load: 2, capacity: 2), F.officer("local", "CE", load: 4)], [F.crime("c1", "CE")])
        let refused = try #require(Self.choice(atCapacity)?.cheaperButRefused)
        #expect(refused.officer.id == "full")
        #expect(refused.rule == .atCapacity)
        #expect(refused.reason == "at capacity (2 of 2)")
        #expect(refused.costIfAllowed.total == 3)

        let lacksSpecialism = try Self.explain(
            [F.officer("plain", "CE", load: 0), F.officer("DA officer", "CN", ["DA"], load: 0)],
            [F.crime("c1", "CE", specialism: "DA", priority: 1)])
        #expect(Self.choice(lacksSpecialism)?.officer.id == "DA officer")
        #expect(Self.choice(lacksSpecialism)?.cheaperButRefused?.reason == "lacks DA")

        let belowLevel = try Self.explain(
            [
                F.officer("constable", "CE", level: .pip1, load: 0),
                F.officer("DC", "CN", level: .pip2, load: 0, capacity: 14),
            ],
            [F.crime("robbery", "CE", level: .pip2)])
        #expect(Self.choice(belowLevel)?.cheaperButRefused?.rule == .levelBelow(required: .pip2))
        #expect(Self.choice(belowLevel)?.cheaperButRefused?.reason == "PIP1, needs PIP2")
    }

    @Test func `explains a crime nobody is qualified to take`() throws {
        let explanation = try Self.explain(
            [F.officer("DC", "CE", level: .pip2, load: 0, capacity: 14)],
            [F.crime("rape", level: .pip2, specialism: "SO", priority: 1)])
        guard case .noEligibleOfficer(let nearest) = try #require(Self.reason(explanation)) else {
            Issue.record("expected no eligible officer, got \(explanation.decision)")
            return
        }
        #expect(nearest?.reason == "lacks SO")
        #expect(explanation.summary.contains("no officer holds the level and specialism it needs"))
    }

    @Test func `explains a crime left because every eligible officer is full of more urgent work`() throws {
        let explanation = try Self.explain(
            [F.officer("only", "CE", load: 19, capacity: 20)],
            [F.crime("urgent", priority: 1), F.crime("routine", priority: 3)], crime: 1)
        #expect(
            Self.reason(explanation)
                == .everyEligibleOfficerAtCapacity(eligibleOfficers: 1, newCrimesByPriority: [1: 1]))
        #expect(
            explanation.summary.contains("all 1 eligible officers are at capacity; this run gave them 1 of priority 1"))
    }

    @Test func `explains a crime left because allocating it costs more than leaving it`() throws {
        let costs = AllocationCostPolicy(overskillPerLevel: 10, crossBCU: 15, unallocated: [1: 1000, 2: 300, 3: 5])
        let explanation = try Self.explain(
            [F.officer("far", "CN", load: 0)], [F.crime("c1", "CE", priority: 3)], costs: costs)
        guard case .cheaperToLeave(let cheapest, let costToLeave) = try #require(Self.reason(explanation)) else {
            Issue.record("expected cheaper to leave, got \(explanation.decision)")
            return
        }
        #expect(cheapest.officer.id == "far")
        #expect(cheapest.cost == AllocationCost(crossBCU: 15, workload: 1))
        #expect(costToLeave == 5)
        #expect(explanation.summary.contains("cheaper to leave (5)"))
    }

    @Test func `never finds a cheaper alternative to an optimal allocation`() throws {
        for seed in UInt64(1)...60 {
            let instance = try F.randomInstance(seed: 30_000 + seed, maxOfficers: 20, maxCrimes: 40)
            let solution = Allocator.solve(instance)
            for explanation in solution.explanations(for: instance, crimes: instance.crimes.indices) {
                switch explanation.decision {
                case .allocated(let choice):
                    #expect((choice.cheapestAlternative?.extraCost ?? 0) >= 0, "seed \(seed) \(explanation.summary)")
                case .unallocated(.cheaperToLeave(let cheapest, let costToLeave)):
                    #expect(cheapest.cost.total >= costToLeave, "seed \(seed) \(explanation.summary)")
                case .unallocated:
                    break
                }
            }
        }
    }
}
