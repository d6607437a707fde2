import BluelampCore
import Foundation
import Testing

@Suite struct AllocationAssignmentTests {
    typealias F = AllocationFixtures

    static func instance() throws -> AllocationInstance {
        try F.instance(
            [
                F.officer("O1", load: 19, capacity: 20),
                F.officer("O,2", "CN", level: .pip2, ["SO"], load: 0, capacity: 14),
            ],
            [F.crime("C1"), F.crime("C2", level: .pip2, specialism: "SO", priority: 1), F.crime("C3", priority: 3)])
    }

    @Test func `writes one row per crime with an empty officer when unallocated`() throws {
        let instance = try Self.instance()
        let assignment = AllocationAssignment([0, 1, nil])
        let text = String(decoding: assignment.csv(for: instance), as: UTF8.self)
        #expect(text == "crime_id,officer_id\nC1,O1\nC2,\"O,2\"\nC3,\n")
        #expect(try AllocationAssignment(csv: Data(text.utf8), for: instance) == assignment)
    }

    @Test func `reads an answer the way check.py does`() throws {
        let instance = try Self.instance()
        func error(_ text: String) -> FileProblem? {
            do {
                _ = try AllocationAssignment(csv: Data(text.utf8), for: instance)
                return nil
            } catch { return error as? FileProblem }
        }
        #expect(error("crime_id,officer_id\nC1,O1\nC2,\nC3\n") == nil)
        #expect(error("crime_id,officer_id\nC1,O1\nC1,\nC2,\nC3,\n")?.reason == "crime C1 appears twice")
        #expect(error("crime_id,officer_id\nC1,O1\nC2,\nC3,\nC4,\n")?.reason == "unknown crime C4")
        #expect(
            error("crime_id,officer_id\nC1,O9\nC2,\nC3,\n")
                == FileProblem(
                    file: "assignment.csv", line: 2, field: "officer_id", reason: "C1: unknown officer O9"))
        #expect(error("crime_id,officer_id\nC1,O1\n")?.reason == "2 crimes have no row, e.g. C2")
    }

    @Test func `prices an answer term by term`() throws {
        let instance = try Self.instance()
        // C1 and C2 to the PIP2 officer in another BCU: overskill 10 (C1 is PIP1 work), cross-BCU 15 each,
        // workload 1 + 2; C3 left at priority 3.
        let cost = try AllocationCost.evaluate(instance, AllocationAssignment([1, 1, nil]))
        #expect(cost == AllocationCost(overskill: 10, crossBCU: 30, workload: 3, unallocated: 100))
        #expect(cost.total == 143)
        #expect(AllocationCost.workload(load: 19, added: 1) == 20)
    }

    @Test func `rejects an answer that breaks a hard rule`() throws {
        let instance = try Self.instance()
        #expect(
            throws: AllocationRuleViolation.levelTooLow(crimeID: "C2", officerID: "O1", required: .pip2, held: .pip1)
        ) {
            try AllocationCost.evaluate(instance, AllocationAssignment([nil, 0, nil]))
        }
        let noSpecialism = try F.instance(
            [F.officer("D", level: .pip2, capacity: 14)], [F.crime("R", level: .pip2, specialism: "SO")])
        #expect(throws: AllocationRuleViolation.lacksSpecialism(crimeID: "R", officerID: "D", specialism: "SO")) {
            try AllocationCost.evaluate(noSpecialism, AllocationAssignment([0]))
        }
        #expect(throws: AllocationRuleViolation.overCapacity(officerID: "O1", load: 19, added: 2, capacity: 20)) {
            try AllocationCost.evaluate(instance, AllocationAssignment([0, nil, 0]))
        }
    }
}
