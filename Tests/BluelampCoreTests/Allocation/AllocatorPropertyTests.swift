import BluelampCore
import Foundation
import Testing

/// The allocator against seeded random instances: every answer keeps the hard rules, is never worse than
/// the greedy baseline, and on instances small enough to search exhaustively is the true optimum.
@Suite struct AllocatorPropertyTests {
    typealias F = AllocationFixtures

    @Test func `matches the exhaustive optimum on small random instances`() throws {
        for seed in UInt64(1)...400 {
            let instance = try F.randomInstance(seed: seed, maxOfficers: 3, maxCrimes: 6)
            let solution = Allocator.solve(instance)
            let optimum = F.bruteForceOptimum(instance)
            #expect(solution.cost.total == optimum, "seed \(seed)")
        }
    }

    @Test func `keeps every hard rule and never costs more than greedy`() throws {
        for seed in UInt64(1)...150 {
            let instance = try F.randomInstance(seed: 10_000 + seed, maxOfficers: 40, maxCrimes: 120)
            let solution = Allocator.solve(instance)
            // `evaluate` throws on a broken rule; its cost must be the solver's own.
            let checked = try AllocationCost.evaluate(instance, solution.assignment)
            #expect(checked == solution.cost, "seed \(seed)")
            let greedy = try AllocationCost.evaluate(instance, F.greedy(instance))
            #expect(solution.cost.total <= greedy.total, "seed \(seed)")
        }
    }

    @Test func `gives the same answer every time for the same instance`() throws {
        let instance = try F.randomInstance(seed: 42, maxOfficers: 30, maxCrimes: 80)
        let first = Allocator.solve(instance)
        for _ in 0..<3 {
            #expect(Allocator.solve(instance).assignment == first.assignment)
        }
    }

    @Test func `never costs more when an officer gains capacity`() throws {
        for seed in UInt64(1)...60 {
            let instance = try F.randomInstance(seed: 20_000 + seed, maxOfficers: 12, maxCrimes: 30)
            guard !instance.officers.isEmpty else { continue }
            var officers = instance.officers
            officers[0].capacity += 2
            let roomier = try AllocationInstance(officers: officers, crimes: instance.crimes, costs: instance.costs)
            #expect(Allocator.solve(roomier).cost.total <= Allocator.solve(instance).cost.total, "seed \(seed)")
        }
    }
}
