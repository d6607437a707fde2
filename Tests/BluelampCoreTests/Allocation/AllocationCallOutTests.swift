import BluelampCore
import Foundation
import Testing

/// The caseload call-out: the inspection found novices handling "over 25" crimes at once, so the policy
/// names officers holding more than 25, never exactly 25; and the number is the force's policy.
@Suite struct AllocationCallOutTests {
    @Test func `over 25 as the inspection wrote it: 26 is called out, 25 is not`() {
        let policy = AllocationPolicy.metropolitanDefault
        #expect(policy.callOutAbove == 25)
        #expect(!policy.isCalledOut(load: 25))
        #expect(policy.isCalledOut(load: 26))
        #expect(Citations.novicesOver25Crimes.quote?.contains("over 25") == true)
    }

    @Test func `a force sets its own call-out in the policy`() {
        var policy = AllocationPolicy.metropolitanDefault
        policy.callOutAbove = 18
        #expect(!policy.isCalledOut(load: 18))
        #expect(policy.isCalledOut(load: 19))
        #expect(policy.problems().isEmpty)
    }

    @Test func `a policy stored before the call-out existed reads the standard 25`() throws {
        var tree = try #require(
            try JSONSerialization.jsonObject(with: AllocationPolicy.metropolitanDefault.json()) as? [String: Any])
        #expect(tree["callOutAbove"] as? Int == 25)
        tree["callOutAbove"] = nil
        let old = try JSONSerialization.data(withJSONObject: tree)
        #expect(try JSONDecoder().decode(AllocationPolicy.self, from: old).callOutAbove == 25)
        #expect(try AllocationPolicy(reviewing: old).callOutAbove == 25)
    }

    @Test func `a call-out below 1 is refused with the field named`() throws {
        var tree = try #require(
            try JSONSerialization.jsonObject(with: AllocationPolicy.metropolitanDefault.json()) as? [String: Any])
        tree["callOutAbove"] = 0
        let json = try JSONSerialization.data(withJSONObject: tree)
        #expect(throws: AllocationPolicyProblems.self) { try AllocationPolicy(reviewing: json) }
        do {
            _ = try AllocationPolicy(reviewing: json)
        } catch {
            #expect(error.problems.map(\.path) == ["callOutAbove"])
        }
    }
}
