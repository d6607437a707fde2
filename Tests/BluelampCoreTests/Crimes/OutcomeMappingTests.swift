import BluelampCore
import Testing

@Suite struct OutcomeMappingTests {
    /// Home Office outcome type → the police.uk string it is published under.
    static let forward: [(Int, String)] = [
        (1, "Suspect charged"),
        (2, "Offender given a caution"),
        (3, "Offender given a caution"),
        (4, "Suspect charged as part of another case"),
        (5, "Unable to prosecute suspect"),
        (6, "Offender given penalty notice"),
        (7, "Offender given a drugs possession warning"),
        (8, "Local resolution"),
        (9, "Formal action is not in the public interest"),
        (10, "Formal action is not in the public interest"),
        (11, "Unable to prosecute suspect"),
        (12, "Unable to prosecute suspect"),
        (13, "Unable to prosecute suspect"),
        (14, "Investigation complete; no suspect identified"),
        (15, "Unable to prosecute suspect"),
        (16, "Unable to prosecute suspect"),
        (17, "Unable to prosecute suspect"),
        (18, "Investigation complete; no suspect identified"),
        (20, "Action to be taken by another organisation"),
        (21, "Further investigation is not in the public interest"),
        (22, "Further action is not in the public interest"),
    ]

    /// Every police.uk outcome string in shared/data → the Home Office outcome type it stands for on import
    /// (nil: not an outcome), and whether that is a pick among several.
    static let reverse: [(String, Int?, Bool)] = [
        ("Suspect charged", 1, false),
        ("Suspect charged as part of another case", 4, false),
        ("Offender given a caution", 3, true),
        ("Offender given penalty notice", 6, false),
        ("Offender given a drugs possession warning", 7, false),
        ("Local resolution", 8, false),
        ("Formal action is not in the public interest", 10, true),
        ("Unable to prosecute suspect", 16, true),
        ("Investigation complete; no suspect identified", 18, true),
        ("Action to be taken by another organisation", 20, false),
        ("Further investigation is not in the public interest", 21, false),
        ("Further action is not in the public interest", 22, false),
        ("Awaiting court outcome", 1, false),
        ("Court result unavailable", 1, false),
        ("Court case unable to proceed", 1, false),
        ("Defendant found not guilty", 1, false),
        ("Defendant sent to Crown Court", 1, false),
        ("Offender sent to prison", 1, false),
        ("Offender given suspended prison sentence", 1, false),
        ("Offender given community sentence", 1, false),
        ("Offender fined", 1, false),
        ("Offender given conditional discharge", 1, false),
        ("Offender given absolute discharge", 1, false),
        ("Offender ordered to pay compensation", 1, false),
        ("Offender deprived of property", 1, false),
        ("Offender otherwise dealt with", 1, false),
        ("Under investigation", nil, false),
        ("Status update unavailable", nil, false),
    ]

    @Test(arguments: forward)
    func `each Home Office outcome type maps to one police.uk string`(number: Int, string: String) throws {
        let type = try #require(OutcomeType(rawValue: number))
        #expect(type.policeUKOutcome.rawValue == string)
    }

    @Test(arguments: reverse)
    func `each police.uk string maps back to a Home Office outcome type`(string: String, number: Int?, inferred: Bool)
        throws
    {
        let outcome = try #require(PoliceUKOutcome(rawValue: string))
        #expect(outcome.homeOfficeOutcome?.rawValue == number)
        #expect(outcome.isHomeOfficeOutcomeInferred == inferred)
    }

    @Test func `the tables cover every case`() {
        #expect(Set(Self.forward.map(\.0)) == Set(OutcomeType.allCases.map(\.rawValue)))
        #expect(Set(Self.reverse.map(\.0)) == Set(PoliceUKOutcome.allCases.map(\.rawValue)))
    }

    @Test func `there is no outcome type 19`() {
        #expect(OutcomeType(rawValue: 19) == nil)
        #expect(OutcomeType.allCases.count == 21)
        #expect(OutcomeType.allCases.map(\.rawValue) == Array(1...18) + [20, 21, 22])
    }

    @Test func `going to police.uk and back lands on a type published under the same string`() {
        for type in OutcomeType.allCases {
            let string = type.policeUKOutcome
            let back = string.homeOfficeOutcome
            #expect(back != nil)
            #expect(back?.policeUKOutcome == string)
            #expect(string.homeOfficeCandidates.contains(type))
            // Where police.uk keeps the distinction, the round trip is exact.
            if !string.isHomeOfficeOutcomeInferred { #expect(back == type) }
        }
    }

    @Test func `each type is listed under exactly one string`() {
        for type in OutcomeType.allCases {
            #expect(PoliceUKOutcome.allCases.filter { $0.mapping.publishedFrom.contains(type) }.count == 1, "\(type)")
        }
    }

    @Test func `official names and groups`() {
        #expect(OutcomeType.chargedOrSummonsed.name == "Charged/Summonsed")
        #expect(OutcomeType.investigationCompleteNoSuspectIdentified.code == "Outcome 18")
        #expect(
            OutcomeType.evidentialDifficultiesVictimDoesNotSupport.group == .evidentialDifficultiesVictimDoesNotSupport)
        #expect(
            OutcomeType.evidentialDifficultiesSuspectNotIdentified.group == .evidentialDifficultiesVictimDoesNotSupport)
        #expect(OutcomeType.evidentialDifficultiesVictimSupports.group == .evidentialDifficultiesVictimSupports)
        #expect(OutcomeType.cautionYouth.group == .outOfCourtFormal)
        #expect(PoliceUKOutcome.offenderSentToPrison.stage == .courtResult)
        #expect(PoliceUKOutcome.underInvestigation.stage == .status)
    }
}
