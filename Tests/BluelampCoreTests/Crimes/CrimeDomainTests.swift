import BluelampCore
import Foundation
import Testing

@Suite struct CrimeCategoryTests {
    @Test func `police.uk publishes 14 types of which anti-social behaviour is the one incident`() {
        #expect(PoliceUKCrimeType.allCases.count == 14)
        #expect(CrimeCategory.allCases.count == 13)
        #expect(PoliceUKCrimeType(rawValue: "Anti-social behaviour") == .antiSocialBehaviour)
        #expect(PoliceUKCrimeType.antiSocialBehaviour.isIncident)
        #expect(PoliceUKCrimeType.antiSocialBehaviour.category == nil)
        #expect(CrimeCategory(rawValue: "Anti-social behaviour") == nil)
    }

    @Test func `categories keep police.uk's spelling`() {
        #expect(PoliceUKCrimeType(rawValue: "Violence and sexual offences") == .crime(.violenceAndSexualOffences))
        #expect(PoliceUKCrimeType(rawValue: "Criminal damage and arson") == .crime(.criminalDamageAndArson))
        #expect(PoliceUKCrimeType(rawValue: "Other crime") == .crime(.otherCrime))
        #expect(PoliceUKCrimeType(rawValue: "violence and sexual offences") == nil)
        #expect(CrimeCategory.theftFromThePerson.code == "theft-from-the-person")
        #expect(CrimeCategory(code: "possession-of-weapons") == .possessionOfWeapons)
    }
}

@Suite struct CrimeFlagsTests {
    @Test func `every flag has a stable code that round trips`() {
        #expect(
            CrimeFlags.all.compactMap(\.code) == [
                "domestic", "hate", "child_victim", "sexual", "weapon", "vulnerable_victim", "repeat_victim",
                "mental_health",
            ])
        let flags: CrimeFlags = [.weapon, .domestic]
        #expect(flags.codes == ["domestic", "weapon"])
        #expect(CrimeFlags(codes: ["weapon", "domestic"]) == flags)
        #expect(CrimeFlags(codes: ["unknown"]) == nil)
        #expect(flags.description == "domestic,weapon")
    }

    @Test func `flags keep their bits so stored values never change meaning`() {
        #expect(CrimeFlags.domestic.rawValue == 1)
        #expect(CrimeFlags.repeatVictim.rawValue == 64)
        #expect(CrimeFlags(rawValue: 0b101).codes == ["domestic", "child_victim"])
    }

    @Test func `flags encode as their codes`() throws {
        let data = try JSONEncoder().encode(CrimeFlags([.hate, .sexual]))
        #expect(String(decoding: data, as: UTF8.self) == #"["hate","sexual"]"#)
        #expect(try JSONDecoder().decode(CrimeFlags.self, from: data) == [.hate, .sexual])
    }
}

@Suite struct ThriveAssessmentTests {
    static func assessment(
        t: ThriveLevel = .low, h: ThriveLevel = .low, r: ThriveLevel = .low, i: ThriveLevel = .low,
        v: ThriveLevel = .low, e: ThriveLevel = .low
    ) -> ThriveAssessment {
        ThriveAssessment(threat: t, harm: h, risk: r, investigation: i, vulnerability: v, engagement: e)
    }

    static let cases: [(ThriveAssessment, CrimePriority)] = [
        (assessment(), .three),
        (assessment(t: .high), .one),
        (assessment(h: .high), .one),
        (assessment(r: .high), .one),
        (assessment(v: .high), .one),
        (assessment(t: .medium, h: .medium, r: .medium, v: .medium), .two),
        (assessment(h: .medium), .two),
        (assessment(i: .high), .two),
        (assessment(e: .high), .two),
        (assessment(i: .high, e: .high), .two),
        (assessment(i: .medium, e: .medium), .three),
        (assessment(t: .low, h: .high, i: .low), .one),
    ]

    @Test(arguments: cases)
    func `gives the overall priority by the documented rule`(assessment: ThriveAssessment, priority: CrimePriority) {
        #expect(assessment.priority == priority)
    }

    @Test func `explains which elements decided the priority`() {
        #expect(Self.assessment(t: .high, v: .high).priorityReasons == ["threat high", "vulnerability high"])
        #expect(Self.assessment(h: .medium, i: .high).priorityReasons == ["harm medium", "investigation high"])
        #expect(ThriveAssessment.allLow.priorityReasons.isEmpty)
    }
}

@Suite struct SolvabilityScreeningTests {
    @Test func `a strong factor screens a crime in`() {
        let screening = SolvabilityScreening(factors: [.cctv])
        #expect(screening.proposal(priority: .three, flags: []) == .screenIn([.strongFactor(.cctv)]))
    }

    @Test func `one supporting factor alone allows screening out but two screen in`() {
        #expect(SolvabilityScreening(factors: [.witness]).proposal(priority: .three, flags: []) == .screenOutAllowed)
        #expect(
            SolvabilityScreening(factors: [.witness, .suspectDescribed]).proposal(priority: .three, flags: [])
                == .screenIn([.supportingFactors([.witness, .suspectDescribed])]))
    }

    @Test func `priority 1 is always screened in even with no lines of enquiry`() throws {
        let decision = try SolvabilityScreening().decide(priority: .one, flags: [], screenOutReason: nil)
        #expect(decision == .screenedIn([.priorityOne]))
    }

    @Test func `a flagged crime is always screened in`() {
        #expect(SolvabilityScreening().proposal(priority: .three, flags: .domestic) == .screenIn([.flagged(.domestic)]))
    }

    @Test func `screening out requires a reason`() throws {
        let screening = SolvabilityScreening()
        #expect(throws: SolvabilityScreeningError.screenOutReasonRequired) {
            try screening.decide(priority: .three, flags: [], screenOutReason: "  ")
        }
        let decision = try screening.decide(priority: .three, flags: [], screenOutReason: " No CCTV, no witnesses ")
        #expect(decision == .screenedOut(reason: "No CCTV, no witnesses"))
        #expect(!decision.isScreenedIn)
    }

    @Test func `an officer cannot screen out what the rule screens in`() {
        let screening = SolvabilityScreening(factors: [.suspectNamed])
        #expect(throws: SolvabilityScreeningError.cannotScreenOut([.strongFactor(.suspectNamed)])) {
            try screening.screenOut(priority: .three, flags: [], reason: "too busy")
        }
        #expect(
            SolvabilityScreeningError.cannotScreenOut([.strongFactor(.suspectNamed)]).description
                == "this crime cannot be screened out: suspect named")
    }

    @Test func `an officer may always choose to investigate`() {
        let decision = SolvabilityScreening().screenIn(priority: .three, flags: [], officerReason: "linked to an OCG")
        #expect(decision == .screenedIn([.officerDecision("linked to an OCG")]))
    }
}

@Suite struct CrimeStatusTests {
    typealias Code = CrimeStatus.Code

    static let allowed: [(Code, Code)] = [
        (.recorded, .awaitingAllocation), (.recorded, .screenedOut), (.recorded, .cancelled),
        (.awaitingAllocation, .allocated), (.awaitingAllocation, .screenedOut), (.awaitingAllocation, .cancelled),
        (.allocated, .underInvestigation), (.allocated, .awaitingAllocation), (.allocated, .cancelled),
        (.underInvestigation, .awaitingSupervisor), (.underInvestigation, .awaitingAllocation),
        (.underInvestigation, .cancelled),
        (.awaitingSupervisor, .closed), (.awaitingSupervisor, .underInvestigation),
        (.closed, .underInvestigation),
        (.screenedOut, .awaitingAllocation), (.screenedOut, .cancelled),
    ]

    static func status(_ code: Code) -> CrimeStatus {
        CrimeStatus(code: code, reason: code.needsReason ? "reason" : nil)!
    }

    @Test func `exactly the documented transitions are allowed`() {
        for from in Code.allCases {
            for to in Code.allCases {
                let expected = Self.allowed.contains { $0 == (from, to) }
                #expect(from.canMove(to: to) == expected, "\(from) → \(to)")
                let moved = (try? Self.status(from).transition(to: Self.status(to))) != nil
                #expect(moved == expected, "\(from) → \(to)")
            }
        }
    }

    @Test func `refuses an illegal move with a clear error`() {
        #expect(throws: CrimeStatusError.self) { try CrimeStatus.recorded.transition(to: .closed) }
        do {
            _ = try CrimeStatus.recorded.transition(to: .closed)
        } catch {
            #expect(
                error.description
                    == "a crime that is recorded cannot become closed; it can become awaiting allocation, screened out, cancelled"
            )
        }
        do {
            _ = try CrimeStatus.cancelled(reason: "duplicate").transition(to: .recorded)
        } catch {
            #expect(error.description == "a crime that is cancelled cannot become recorded; it cannot change status")
        }
    }

    @Test func `cancelling and screening out need a reason`() throws {
        #expect(throws: CrimeStatusError.reasonRequired(.cancelled)) {
            try CrimeStatus.recorded.transition(to: .cancelled(reason: " "))
        }
        #expect(
            CrimeStatusError.reasonRequired(.cancelled).description == "a reason is required to mark a crime cancelled")
        let cancelled = try CrimeStatus.recorded.transition(to: .cancelled(reason: " AVI: no crime occurred "))
        #expect(cancelled == .cancelled(reason: "AVI: no crime occurred"))
        #expect(CrimeStatus(code: .cancelled) == nil)
        #expect(CrimeStatus(code: .closed, reason: "x") == nil)
    }

    @Test func `a crime walks the whole lifecycle`() throws {
        var crime = Crime(reference: "5212345/24", reportedAt: Date(timeIntervalSince1970: 0), category: .burglary)
        for next: CrimeStatus in [.awaitingAllocation, .allocated, .underInvestigation, .awaitingSupervisor, .closed] {
            try crime.transition(to: next)
        }
        #expect(crime.status == .closed)
        #expect(!crime.status.isOpen)
    }

    @Test func `status encodes its code and reason together`() throws {
        let data = try JSONEncoder().encode(CrimeStatus.screenedOut(reason: "no lines of enquiry"))
        #expect(try JSONDecoder().decode(CrimeStatus.self, from: data) == .screenedOut(reason: "no lines of enquiry"))
        let bad = Data(#"{"code":"cancelled"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CrimeStatus.self, from: bad) }
    }
}

@Suite struct CrimeRecordingClockTests {
    let reported = Date(timeIntervalSince1970: 1_700_000_000)
    let clock = CrimeRecordingClock()
    let hour: TimeInterval = 3600

    @Test func `the recording decision is due 24 hours after the report`() {
        #expect(clock.decisionDue(reportedAt: reported) == reported.addingTimeInterval(24 * hour))
    }

    @Test func `a decision at or before the deadline is in time and one after it is late`() {
        #expect(clock.isRecordedInTime(reportedAt: reported, decidedAt: reported.addingTimeInterval(23 * hour)))
        #expect(clock.isRecordedInTime(reportedAt: reported, decidedAt: reported.addingTimeInterval(24 * hour)))
        #expect(!clock.isRecordedInTime(reportedAt: reported, decidedAt: reported.addingTimeInterval(24 * hour + 1)))
    }

    @Test func `an undecided report goes overdue once the deadline passes`() {
        #expect(!clock.isOverdue(reportedAt: reported, decidedAt: nil, now: reported.addingTimeInterval(24 * hour)))
        #expect(clock.isOverdue(reportedAt: reported, decidedAt: nil, now: reported.addingTimeInterval(24 * hour + 1)))
        #expect(
            !clock.isOverdue(
                reportedAt: reported, decidedAt: reported.addingTimeInterval(30 * hour),
                now: reported.addingTimeInterval(40 * hour)))
        #expect(clock.timeRemaining(reportedAt: reported, now: reported.addingTimeInterval(20 * hour)) == 4 * hour)
    }

    @Test func `states for the dashboard`() {
        let now = reported.addingTimeInterval(30 * hour)
        #expect(clock.state(reportedAt: reported, decidedAt: nil, now: reported) == .due)
        #expect(clock.state(reportedAt: reported, decidedAt: nil, now: now) == .overdue)
        #expect(
            clock.state(reportedAt: reported, decidedAt: reported.addingTimeInterval(hour), now: now) == .decidedInTime)
        #expect(
            clock.state(reportedAt: reported, decidedAt: reported.addingTimeInterval(25 * hour), now: now)
                == .decidedLate)
        let crime = Crime(reference: "1", reportedAt: reported, category: .robbery)
        #expect(crime.recordingState(now: now) == .overdue)
    }

    @Test func `a crime recorded at a time nobody knows is neither in time nor late`() {
        // As imported from police.uk: reported and recorded on the first day of its month.
        let imported = Crime(
            reference: "PUK-1", reportedAt: reported, recordedAt: reported, category: .robbery,
            isRecordingDecisionTimeKnown: false)
        #expect(imported.recordingState(now: reported.addingTimeInterval(40 * hour)) == .decisionTimeNotKnown)
        #expect(imported.recordingState(now: reported).label.hasPrefix("Decision time not known"))
        let recordedHere = Crime(reference: "CE-1/24", reportedAt: reported, recordedAt: reported, category: .robbery)
        #expect(recordedHere.recordingState(now: reported) == .decidedInTime)
    }

    @Test func `a force may change the allowance`() {
        let strict = CrimeRecordingClock(allowance: 12 * hour)
        #expect(strict.isOverdue(reportedAt: reported, decidedAt: nil, now: reported.addingTimeInterval(13 * hour)))
    }
}

@Suite struct DuplicatePersonRuleTests {
    static let dob = DateOfBirth(year: 1990, month: 2, day: 28)!

    static func person(_ given: String, _ family: String, _ dob: DateOfBirth? = dob) -> PersonRecord {
        PersonRecord(name: PersonName(given: given, family: family), dateOfBirth: dob)
    }

    @Test(arguments: [
        ("Siobhan", "O'Brien", "siobhan", "obrien"),
        ("SIOBHÁN", "O’Brien", "Siobhan", "OBrien"),
        ("Anne-Marie", "Smith", "Anne Marie", "smith"),
        ("Ali", "Khan", "Khan", "Ali"),
        ("  Zoë ", "Da  Silva", "zoe", "da silva"),
    ])
    func `matches the same person written differently`(given: String, family: String, given2: String, family2: String) {
        #expect(DuplicatePersonRule.isLikelyDuplicate(Self.person(given, family), Self.person(given2, family2)))
    }

    @Test func `different dates of birth or names are different people`() {
        let other = DateOfBirth(year: 1990, month: 2, day: 27)
        #expect(
            !DuplicatePersonRule.isLikelyDuplicate(Self.person("John", "Smith"), Self.person("John", "Smith", other)))
        #expect(!DuplicatePersonRule.isLikelyDuplicate(Self.person("John", "Smith"), Self.person("Jon", "Smith")))
    }

    @Test func `a name without a date of birth is never flagged`() {
        #expect(
            !DuplicatePersonRule.isLikelyDuplicate(Self.person("John", "Smith", nil), Self.person("John", "Smith", nil))
        )
    }

    @Test func `groups duplicates in a list`() {
        let people = [
            Self.person("John", "Smith"), Self.person("Mary", "Jones"), Self.person("JOHN", "SMITH"),
            Self.person("John", "Smith", nil), Self.person("mary", "jones"), Self.person("Ann", "Lee"),
        ]
        #expect(DuplicatePersonRule.duplicateGroups(in: people) == [[0, 2], [1, 4]])
        #expect(people[0].duplicateKey == "john smith|1990-02-28")
    }

    @Test func `dates of birth must exist`() {
        #expect(DateOfBirth(year: 2000, month: 2, day: 29) != nil)
        #expect(DateOfBirth(year: 1900, month: 2, day: 29) == nil)
        #expect(DateOfBirth("2001-04-31") == nil)
        #expect(DateOfBirth("2001-04-30")?.text == "2001-04-30")
        #expect(Self.dob.age(on: DateOfBirth(year: 2020, month: 2, day: 27)!) == 29)
        #expect(Self.dob.age(on: DateOfBirth(year: 2020, month: 2, day: 28)!) == 30)
    }
}

@Suite struct CrimeLocationTests {
    @Test(arguments: [
        ("Camden 001A", "Camden", BCU?.some(.centralNorth)),
        ("Kingston upon Thames 019C", "Kingston upon Thames", .southWest),
        ("City of London 001E", "City of London", nil),
        ("Ashford 001B", "Ashford", nil),
    ])
    func `finds the borough and BCU from the LSOA name`(name: String, borough: String, bcu: BCU?) {
        let location = CrimeLocation(place: "On or near X", lsoaCode: "E01000001", lsoaName: name)
        #expect(location.borough == borough)
        #expect(location.bcu == bcu)
    }

    @Test func `an LSOA name without its number has no borough`() {
        #expect(CrimeLocation.borough(fromLSOAName: "Camden") == nil)
        #expect(CrimeLocation.borough(fromLSOAName: "Camden 01A") == nil)
        #expect(CrimeLocation.borough(fromLSOAName: " 001A") == nil)
    }

    @Test func `a crime takes its BCU and borough from its location`() {
        let crime = Crime(
            reference: "1", reportedAt: Date(timeIntervalSince1970: 0), category: .burglary,
            location: CrimeLocation(place: "On or near High Street", lsoaCode: "E01000914", lsoaName: "Camden 028B"),
            flags: .domestic,
            thrive: ThriveAssessment(
                threat: .high, harm: .low, risk: .low, investigation: .low, vulnerability: .low, engagement: .low))
        #expect(crime.bcu == .centralNorth)
        #expect(crime.borough == "Camden")
        #expect(crime.priority == .one)
    }
}
