import BluelampCore
import Foundation
import Testing

/// Hand-built instances whose optimum can be worked out on paper (costs: overskill 10 a level,
/// cross-BCU 15, the n-th open crime costs n, leaving costs 1000 / 300 / 100 by priority).
@Suite struct AllocatorTests {
    typealias F = AllocationFixtures

    @Test func `gives a crime to the least loaded eligible officer`() throws {
        let instance = try F.instance([F.officer("busy", load: 5), F.officer("free", load: 2)], [F.crime("c1")])
        let solution = Allocator.solve(instance)
        #expect(F.officerIDs(solution, instance) == ["free"])
        #expect(solution.cost == AllocationCost(workload: 3))
    }

    @Test func `refuses an officer without the required specialism`() throws {
        let instance = try F.instance(
            [
                F.officer("detective", level: .pip2, load: 0, capacity: 14),
                F.officer("rasso", level: .pip2, ["SO"], load: 10, capacity: 14),
            ],
            [F.crime("rape", level: .pip2, specialism: "SO", priority: 1)])
        let solution = Allocator.solve(instance)
        #expect(F.officerIDs(solution, instance) == ["rasso"])
        #expect(solution.cost.total == 11)
    }

    @Test func `refuses an officer below the required level`() throws {
        let local = F.officer("pip1", "CE", level: .pip1, load: 0)
        let distant = F.officer("pip2", "CN", level: .pip2, load: 5, capacity: 14)
        let robbery = F.crime("robbery", "CE", level: .pip2)
        let solution = Allocator.solve(try F.instance([local, distant], [robbery]))
        #expect(solution.assignment[0] == 1)
        #expect(solution.cost == AllocationCost(crossBCU: 15, workload: 6))

        let onlyPIP1 = try F.instance([local], [robbery])
        #expect(Allocator.solve(onlyPIP1).assignment[0] == nil)
        #expect(Allocator.solve(onlyPIP1).cost == AllocationCost(unallocated: 300))
    }

    @Test func `never fills an officer beyond capacity and leaves the lowest priority crime`() throws {
        let instance = try F.instance(
            [F.officer("nearly full", load: 18, capacity: 20)],
            [F.crime("low", priority: 3), F.crime("high", priority: 1), F.crime("medium", priority: 2)])
        let solution = Allocator.solve(instance)
        #expect(F.officerIDs(solution, instance) == [nil, "nearly full", "nearly full"])
        #expect(solution.cost == AllocationCost(workload: 19 + 20, unallocated: 100))
    }

    @Test func `gives an officer already over capacity nothing`() throws {
        let instance = try F.instance([F.officer("novice", load: 25, capacity: 20)], [F.crime("c1", priority: 1)])
        let solution = Allocator.solve(instance)
        #expect(solution.assignment[0] == nil)
        #expect(solution.cost.total == 1000)
    }

    @Test func `charges no cross-BCU cost to a force-wide officer`() throws {
        let instance = try F.instance(
            [F.officer("force", "FORCE", load: 3), F.officer("north", "CN", load: 0)], [F.crime("c1", "CE")])
        let solution = Allocator.solve(instance)
        #expect(F.officerIDs(solution, instance) == ["force"])
        #expect(solution.cost == AllocationCost(workload: 4))
    }

    @Test func `crosses a BCU boundary only when the workload saved is more than the cross-BCU cost`() throws {
        let officers = [F.officer("local", "CE", load: 10), F.officer("neighbour", "CN", load: 0)]
        // Local officer's 11th crime costs 11; the neighbour's first costs 1 + 15 = 16.
        #expect(
            F.officerIDs(
                Allocator.solve(try F.instance(officers, [F.crime("c1", "CE")])),
                try F.instance(officers, [F.crime("c1", "CE")]))
                == ["local"])
        let busier = [F.officer("local", "CE", load: 16), F.officer("neighbour", "CN", load: 0)]
        // Now 17 against 16.
        let instance = try F.instance(busier, [F.crime("c1", "CE")])
        #expect(F.officerIDs(Allocator.solve(instance), instance) == ["neighbour"])
    }

    @Test func `spends a detective on volume crime only when that is cheaper`() throws {
        let instance = try F.instance(
            [F.officer("pip1", level: .pip1, load: 15), F.officer("pip2", level: .pip2, load: 0, capacity: 14)],
            [F.crime("theft", level: .pip1)])
        // PIP1: 16; PIP2: overskill 10 + 1 = 11.
        let solution = Allocator.solve(instance)
        #expect(F.officerIDs(solution, instance) == ["pip2"])
        #expect(solution.cost == AllocationCost(overskill: 10, workload: 1))
    }

    @Test func `leaves a crime waiting when every officer would cost more than leaving it`() throws {
        let costs = AllocationCostPolicy(overskillPerLevel: 10, crossBCU: 15, unallocated: [1: 1000, 2: 300, 3: 5])
        let instance = try F.instance(
            [F.officer("far", "CN", load: 0)], [F.crime("c1", "CE", priority: 3)], costs: costs)
        let solution = Allocator.solve(instance)
        #expect(solution.assignment[0] == nil)
        #expect(solution.cost == AllocationCost(unallocated: 5))
    }

    @Test func `moves a crime to another officer to free a specialist for a crime only they can take`() throws {
        // Greedy gives the urgent robbery to the local SO detective, then has nobody for the rape.
        let instance = try F.instance(
            [
                F.officer("local SO", "CE", level: .pip2, ["SO"], load: 13, capacity: 14),
                F.officer("neighbour", "CN", level: .pip2, load: 13, capacity: 14),
            ],
            [
                F.crime("robbery", "CE", level: .pip2, priority: 1),
                F.crime("rape", "CE", level: .pip2, specialism: "SO", priority: 2),
            ])
        let solution = Allocator.solve(instance)
        #expect(F.officerIDs(solution, instance) == ["neighbour", "local SO"])
        #expect(solution.cost == AllocationCost(crossBCU: 15, workload: 28))
        #expect(try AllocationCost.evaluate(instance, F.greedy(instance)).total > solution.cost.total)
    }

    @Test func `spreads a group's work to the least loaded officers first`() throws {
        let instance = try F.instance(
            [F.officer("a", load: 0), F.officer("b", load: 2), F.officer("c", load: 9)],
            (1...4).map { F.crime("c\($0)") })
        let solution = Allocator.solve(instance)
        // Marginals on offer: a 1, 2, 3, 4…; b 3, 4…; c 10…. The four cheapest: 1, 2, 3, 3.
        #expect(solution.cost == AllocationCost(workload: 9))
        let added = solution.assignment.newCrimes(officerCount: 3)
        #expect(added == [3, 1, 0])
    }

    @Test func `solves an instance with no crimes or no officers`() throws {
        let noCrimes = try F.instance([F.officer("o")], [])
        #expect(Allocator.solve(noCrimes).cost.total == 0)
        let noOfficers = try F.instance([], [F.crime("c1", priority: 1), F.crime("c2", priority: 3)])
        let solution = Allocator.solve(noOfficers)
        #expect(solution.allocatedCount == 0)
        #expect(solution.cost == AllocationCost(unallocated: 1100))
    }

    @Test func `groups interchangeable crimes and officers into a small network`() throws {
        let officers = (0..<50).map { F.officer("o\($0)", $0 % 2 == 0 ? "CE" : "CN", load: $0 % 7) }
        let crimes = (0..<200).map { F.crime("c\($0)", $0 % 2 == 0 ? "CE" : "CN", priority: 1 + $0 % 3) }
        let solution = Allocator.solve(try F.instance(officers, crimes))
        #expect(solution.statistics.crimeGroups == 6)
        #expect(solution.statistics.officerGroups == 2)
    }
}
