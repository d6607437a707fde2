import BluelampCore
import Foundation
import Testing

@Suite struct AllocationPolicyTests {
    let policy = AllocationPolicy.metropolitanDefault

    func requirement(
        _ category: CrimeCategory, offence: String = "", flags: CrimeFlags = [], priority: CrimePriority = .three
    ) -> AllocationRequirement {
        policy.requirement(
            for: AllocationRequest(category: category, offence: offence, flags: flags, priority: priority))
    }

    @Test func `sends sexual offences to a PIP2 sexual offences investigator in safeguarding`() {
        let rape = requirement(.violenceAndSexualOffences, flags: .sexual, priority: .two)
        #expect((rape.level, rape.specialism, rape.unit) == (.pip2, .sexualOffences, .safeguarding))
        #expect(rape.priority == .one)
        #expect(rape.rule == "Rape and serious sexual offences")
    }

    @Test func `sends a child victim to child abuse investigators before sexual offences`() {
        let abuse = requirement(.violenceAndSexualOffences, flags: [.sexual, .childVictim])
        #expect((abuse.level, abuse.specialism, abuse.unit) == (.pip2, .childAbuse, .safeguarding))
        // A child's stolen bicycle is volume crime.
        #expect(requirement(.bicycleTheft, flags: .childVictim).specialism == nil)
    }

    @Test func `sends domestic abuse to DA investigators, detectives when high priority`() {
        let routine = requirement(.violenceAndSexualOffences, flags: .domestic, priority: .two)
        #expect((routine.level, routine.specialism) == (.pip1, .domesticAbuse))
        let highRisk = requirement(.violenceAndSexualOffences, flags: .domestic, priority: .one)
        #expect((highRisk.level, highRisk.specialism, highRisk.unit) == (.pip2, .domesticAbuse, .safeguarding))
    }

    @Test(arguments: ["Murder", "Attempted murder", "Manslaughter", "Homicide"])
    func `sends a homicide to a force-wide homicide team, whatever its flags and priority`(offence: String) {
        for (flags, priority) in [(CrimeFlags(), CrimePriority.three), (.weapon, .one), (.domestic, .two)] {
            let homicide = requirement(.violenceAndSexualOffences, offence: offence, flags: flags, priority: priority)
            #expect(
                (homicide.level, homicide.specialism, homicide.unit) == (.pip3, .homicide, .forceWide),
                "\(offence) \(flags)")
            #expect(homicide.rule == "Homicide and attempted murder")
        }
    }

    @Test func `a violent crime with a weapon at priority 1 that is not a homicide stays with detectives`() {
        let stabbing = requirement(
            .violenceAndSexualOffences, offence: "Wounding with intent (GBH)", flags: .weapon, priority: .one)
        #expect(stabbing.specialism != .homicide)
        #expect(stabbing.unit != .forceWide)
        #expect(stabbing.level == .pip2)
        let lesser = requirement(.violenceAndSexualOffences, flags: .weapon, priority: .two)
        #expect((lesser.level, lesser.specialism) == (.pip2, nil))
        // Threats to kill is not a homicide, however it is flagged.
        #expect(
            requirement(.violenceAndSexualOffences, offence: "Threats to kill", flags: .weapon, priority: .one)
                .specialism != .homicide)
    }

    @Test func `sends fraud to fraud investigators and volume crime to PIP1`() {
        let fraud = requirement(.otherCrime, offence: "Fraud by false representation")
        #expect((fraud.level, fraud.specialism, fraud.unit) == (.pip2, .fraud, .forceWide))
        for category in [CrimeCategory.bicycleTheft, .shoplifting, .vehicleCrime, .otherTheft, .criminalDamageAndArson]
        {
            let volume = requirement(category)
            #expect((volume.level, volume.specialism, volume.unit) == (.pip1, nil, .bcuInvestigation), "\(category)")
        }
        #expect(requirement(.robbery).level == .pip2)
    }

    @Test func `gives a category no rule names the fallback`() throws {
        let local = policy.requirement(for: try AllocationRequest(category: "Wildlife crime", priority: .three))
        #expect(local.rule == nil)
        #expect(local.level == .pip1)
    }

    @Test func `refuses anti-social behaviour, which is not a crime to allocate`() {
        #expect(throws: AllocationPolicyError.notACrime("Anti-social behaviour")) {
            try AllocationRequest(category: "Anti-social behaviour", priority: .three)
        }
    }

    @Test func `raises the priority of hate crime and vulnerable victims, never lowers it`() {
        #expect(requirement(.publicOrder, flags: .hate, priority: .three).priority == .two)
        #expect(requirement(.shoplifting, flags: .vulnerableVictim, priority: .three).priority == .two)
        #expect(requirement(.shoplifting, flags: .vulnerableVictim, priority: .one).priority == .one)
    }

    @Test func `sets the allocation deadline by priority`() {
        let recorded = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(
            requirement(.burglary, priority: .one).deadline(recordedAt: recorded)
                == recorded.addingTimeInterval(24 * 3600))
        #expect(requirement(.burglary, priority: .two).allocateWithin == 72 * 3600)
        #expect(requirement(.burglary, priority: .three).allocateWithin == 7 * 24 * 3600)
    }

    @Test func `caps caseloads by level unless an officer has their own cap`() {
        #expect(policy.caseloadCap(level: .pip1) == 20)
        #expect(policy.caseloadCap(level: .pip2) == 14)
        #expect(policy.caseloadCap(level: .pip3) == 8)
        #expect(policy.caseloadCap(level: .pip4) == 0)
        #expect(policy.caseloadCap(level: .pip1, override: 10) == 10)
    }

    @Test func `builds an allocation problem that gives officers on leave no new work`() throws {
        let queue = [
            AllocationQueueEntry(
                crimeID: "1/24", bcu: "CE",
                request: AllocationRequest(category: .violenceAndSexualOffences, flags: .sexual, priority: .two)
            ),
            AllocationQueueEntry(
                crimeID: "2/24", bcu: "CE", request: AllocationRequest(category: .shoplifting, priority: .three)),
        ]
        let roster = [
            AllocationRosterEntry(
                officerID: "DC Shah", bcu: "CE", level: .pip2, specialisms: [.sexualOffences], status: .leave,
                openCrimes: 3),
            AllocationRosterEntry(
                officerID: "PC Jones", bcu: "CE", level: .pip1, openCrimes: 10, caseloadCapOverride: 11),
        ]
        let instance = try policy.instance(queue: queue, roster: roster)
        #expect(instance.officers.map(\.id) == ["PC Jones"])
        #expect(instance.officers[0].capacity == 11)
        #expect(
            instance.crimes[0]
                == AllocationCrime(
                    id: "1/24", bcu: "CE", crimeType: "Violence and sexual offences", level: .pip2, specialism: "SO",
                    priority: 1))
        let solution = Allocator.solve(instance)
        #expect(solution.assignment[0] == nil)
        #expect(solution.assignment[1] == 0)
    }

    @Test func `stores as JSON and reads back the same policy`() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(policy)
        #expect(try JSONDecoder().decode(AllocationPolicy.self, from: json) == policy)
        try policy.validate()
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains(#""allFlags":["sexual"]"#))
    }

    @Test func `reads a short hand-written rule`() throws {
        let json =
            #"{"name": "Knife crime", "when": {"anyFlags": ["weapon"]}, "then": {"level": 2, "unit": "bcuInvestigation"}}"#
        let rule = try JSONDecoder().decode(AllocationRule.self, from: Data(json.utf8))
        #expect(rule.when == AllocationCondition(anyFlags: .weapon))
        #expect(rule.then == AllocationOutcome(level: .pip2))
    }
}
