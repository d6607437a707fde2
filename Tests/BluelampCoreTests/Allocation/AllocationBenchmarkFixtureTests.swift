import BluelampCore
import Foundation
import Testing

/// The benchmark's small instance, `gen.py --size small --seed 1` (shared/bench/allocation), committed
/// beside this file with the optimum Google OR-Tools finds for it (`reference.py --solver ortools`).
@Suite struct AllocationBenchmarkFixtureTests {
    static let orToolsOptimum: Int64 = 5701

    static func fixture() throws -> AllocationInstance {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/small-seed1")
        return try AllocationInstance(
            officersCSV: Data(contentsOf: folder.appendingPathComponent(AllocationInstance.officersFile)),
            crimesCSV: Data(contentsOf: folder.appendingPathComponent(AllocationInstance.crimesFile)),
            policyJSON: Data(contentsOf: folder.appendingPathComponent(AllocationInstance.policyFile)))
    }

    @Test func `finds the OR-Tools optimum on the small benchmark instance`() throws {
        let instance = try Self.fixture()
        #expect(instance.crimes.count == 300)
        #expect(instance.officers.count == 500)
        let solution = Allocator.solve(instance)
        #expect(solution.cost.total == Self.orToolsOptimum)
        #expect(try AllocationCost.evaluate(instance, solution.assignment) == solution.cost)
        #expect(
            solution.cost.total <= (try AllocationCost.evaluate(instance, AllocationFixtures.greedy(instance))).total)
    }

    @Test func `writes an answer that reads back to the same cost`() throws {
        let instance = try Self.fixture()
        let solution = Allocator.solve(instance)
        let csv = solution.assignment.csv(for: instance)
        let reread = try AllocationAssignment(csv: csv, for: instance)
        #expect(reread == solution.assignment)
        #expect(try AllocationCost.evaluate(instance, reread).total == Self.orToolsOptimum)
    }

    @Test func `explains every crime of the small instance`() throws {
        let instance = try Self.fixture()
        let explanations = Allocator.solve(instance).explanations(for: instance, crimes: instance.crimes.indices)
        #expect(explanations.count == 300)
        #expect(explanations.allSatisfy { !$0.summary.isEmpty })
    }
}
