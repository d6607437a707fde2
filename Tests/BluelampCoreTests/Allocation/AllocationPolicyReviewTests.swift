import BluelampCore
import Foundation
import Testing

@Suite struct AllocationPolicyReviewTests {
    func json(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var tree = try #require(
            try JSONSerialization.jsonObject(with: AllocationPolicy.metropolitanDefault.json()) as? [String: Any])
        edit(&tree)
        return try JSONSerialization.data(withJSONObject: tree)
    }

    func problems(_ data: Data) -> [String] {
        do {
            _ = try AllocationPolicy(reviewing: data)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func `reads back the default policy it writes`() throws {
        let policy = try AllocationPolicy(reviewing: AllocationPolicy.metropolitanDefault.json())
        #expect(policy == .metropolitanDefault)
        #expect(AllocationPolicy.metropolitanDefault.problems().isEmpty)
    }

    @Test func `names every problem in a bad policy, not only the first`() throws {
        let data = try json { tree in
            var caps = tree["caseloadCaps"] as! [String: Any]
            caps["pip1"] = "twenty"
            tree["caseloadCaps"] = caps
            var rules = tree["rules"] as! [[String: Any]]
            var then = rules[0]["then"] as! [String: Any]
            then["level"] = 7
            then["specialism"] = "KNIFE"
            rules[0]["then"] = then
            var when = rules[1]["when"] as! [String: Any]
            when["allFlags"] = ["child_victim", "stolen_bike"]
            rules[1]["when"] = when
            tree["rules"] = rules
            tree["colour"] = "blue"
            tree.removeValue(forKey: "deadlines")
        }
        let found = problems(data)
        #expect(found.contains("caseloadCaps.pip1: must be a whole number"))
        #expect(found.contains("rules[0].then.level: must be from 1 to 4, not 7"))
        #expect(found.contains { $0.hasPrefix("rules[0].then.specialism: \"KNIFE\" is not a specialism") })
        #expect(found.contains { $0.hasPrefix("rules[1].when.allFlags[1]: \"stolen_bike\" is not a crime flag") })
        #expect(found.contains { $0.hasPrefix("colour: is not a field of the policy here") })
        #expect(found.contains("deadlines: is missing"))
        #expect(found.count == 6)
    }

    @Test func `refuses JSON that is not JSON, saying so`() {
        let found = problems(Data("{\"name\": ".utf8))
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("is not valid JSON"))
    }

    @Test func `refuses caps and deadlines that make no sense, every one named`() {
        var policy = AllocationPolicy.metropolitanDefault
        policy.caseloadCaps = CaseloadCaps(pip1: -1, pip2: 14, pip3: 500)
        policy.deadlines = AllocationDeadlines(priority1Hours: 96, priority2Hours: 72, priority3Hours: 0)
        let found = policy.problems().map(\.description)
        #expect(found.contains("caseloadCaps.pip1: must be from 0 to 100 open crimes, not -1"))
        #expect(found.contains("caseloadCaps.pip3: must be from 0 to 100 open crimes, not 500"))
        #expect(found.contains("deadlines.priority3Hours: must be from 1 to 720 hours, not 0"))
        #expect(found.contains { $0.hasPrefix("deadlines: a more urgent priority cannot have a later deadline") })
    }

    @Test func `refuses a rule that catches every crime before others, and repeated or empty names`() {
        var policy = AllocationPolicy.metropolitanDefault
        policy.rules.insert(
            AllocationRule("Everything", when: AllocationCondition(), then: AllocationOutcome(level: .pip1)), at: 0)
        policy.rules[2].name = policy.rules[1].name
        policy.rules[3].name = " "
        let found = policy.problems().map(\.description)
        #expect(found.contains { $0.hasPrefix("rules[0].when: matches every crime") })
        #expect(
            found.contains { $0.hasPrefix("rules[2].name: \"\(policy.rules[1].name)\" is also the name of rules[1]") })
        #expect(found.contains { $0.hasPrefix("rules[3].name: must not be empty") })
    }

    @Test func `refuses a category Bluelamp does not record`() throws {
        var policy = AllocationPolicy.metropolitanDefault
        policy.rules[0].when.categories = ["Anti-social behaviour"]
        #expect(
            policy.problems().map(\.description).contains {
                $0.hasPrefix("rules[0].when.categories[0]: \"Anti-social behaviour\" is not a crime category")
            })
    }
}

@Suite struct AllocationOverrideAssessmentTests {
    let pip2SO = AllocationPolicy.metropolitanDefault.requirement(
        for: AllocationRequest(category: .violenceAndSexualOffences, flags: .sexual, priority: .two))

    @Test func `finds nothing wrong with an officer within policy`() {
        let a = AllocationOverrideAssessment(
            requirement: pip2SO, level: .pip2, specialisms: [.sexualOffences], status: .onDuty, load: 13, cap: 14)
        #expect(a.isWithinPolicy)
        #expect(!a.needsSupervisor)
    }

    @Test func `names every rule a choice would break`() {
        let a = AllocationOverrideAssessment(
            requirement: pip2SO, level: .pip1, specialisms: [], status: .onDuty, load: 20, cap: 20)
        #expect(a.isOverCap && a.isBelowLevel && a.lacksSpecialism)
        #expect(a.needsSupervisor)
        #expect(a.summary.contains("above their cap of 20"))
        #expect(a.summary.contains("the crime needs PIP2"))
    }

    @Test func `gives no new work to an officer on leave, whoever asks`() {
        let a = AllocationOverrideAssessment(
            requirement: pip2SO, level: .pip2, specialisms: [.sexualOffences], status: .leave, load: 0, cap: 14)
        #expect(!a.isWithinPolicy)
        #expect(a.unavailable == .leave)
    }

    @Test func `treats someone with no PIP level as below any level`() {
        let a = AllocationOverrideAssessment(
            requirement: AllocationPolicy.metropolitanDefault.requirement(
                for: AllocationRequest(category: .shoplifting, priority: .three)),
            level: nil, specialisms: [], status: .onDuty, load: 0, cap: 0)
        #expect(a.isBelowLevel && a.isOverCap)
    }
}

@Suite struct CaseloadDistributionTests {
    @Test func `gives the median, the nearest-rank 90th percentile and the largest`() throws {
        let d = try #require(CaseloadDistribution(loads: [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]))
        #expect(d.median == 3.5)
        #expect(d.percentile90 == 6)
        #expect(d.maximum == 9)
        #expect(try #require(CaseloadDistribution(loads: [7])).percentile90 == 7)
        #expect(CaseloadDistribution(loads: []) == nil)
    }
}
