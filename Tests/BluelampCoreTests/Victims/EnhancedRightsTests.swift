import BluelampCore
import Foundation
import Testing

/// Eligibility for enhanced rights (Victims' Code, Introduction, "Enhanced rights"): each route and its reason.
@Suite struct EnhancedRightsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        var category: CrimeCategory = .otherTheft
        var flags: CrimeFlags = []
        var circumstances = VictimCircumstances()
        let reasons: [EnhancedRightsReason]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a plain theft is standard", reasons: []),
        Case(
            name: "a weapon in a burglary is standard (not a crime of violence)", category: .burglary, flags: .weapon,
            reasons: []),
        Case(
            name: "a bereaved close relative", category: .violenceAndSexualOffences,
            circumstances: VictimCircumstances(bereavedCloseRelative: true), reasons: [.bereavedRelative]),
        Case(
            name: "another of the most serious crimes, recorded by the officer", category: .otherCrime,
            circumstances: VictimCircumstances(otherMostSeriousCrime: true), reasons: [.mostSeriousCrime]),
        Case(
            name: "domestic abuse", category: .violenceAndSexualOffences, flags: .domestic, reasons: [.domesticAbuse]),
        Case(name: "a sexual offence", category: .violenceAndSexualOffences, flags: .sexual, reasons: [.sexualOffence]),
        Case(name: "hate crime", category: .publicOrder, flags: .hate, reasons: [.hateCrime]),
        Case(
            name: "persistently targeted, as the officer records", category: .criminalDamageAndArson,
            circumstances: VictimCircumstances(persistentlyTargeted: true), reasons: [.persistentlyTargeted]),
        Case(name: "persistently targeted, by the crime flag", flags: .repeatVictim, reasons: [.persistentlyTargeted]),
        Case(name: "under 18, as recorded", circumstances: VictimCircumstances(under18: true), reasons: [.under18]),
        Case(name: "under 18, by the child victim flag", category: .robbery, flags: .childVictim, reasons: [.under18]),
        Case(
            name: "vulnerable, as recorded", circumstances: VictimCircumstances(vulnerable: true),
            reasons: [.vulnerable]),
        Case(name: "vulnerable, by the crime flag", flags: .vulnerableVictim, reasons: [.vulnerable]),
        Case(
            name: "intimidated", category: .publicOrder, circumstances: VictimCircumstances(intimidated: true),
            reasons: [.intimidated]),
        Case(
            name: "violence with a weapon", category: .violenceAndSexualOffences, flags: .weapon,
            reasons: [.weaponOffence]),
        Case(
            name: "several routes, in a fixed order", category: .violenceAndSexualOffences,
            flags: [.weapon, .hate, .domestic, .childVictim],
            circumstances: VictimCircumstances(intimidated: true),
            reasons: [.domesticAbuse, .hateCrime, .under18, .intimidated, .weaponOffence]),
    ]

    @Test(arguments: cases) func `each route gives its reason`(_ c: Case) {
        let reasons = EnhancedRights.reasons(category: c.category, flags: c.flags, circumstances: c.circumstances)
        #expect(reasons == c.reasons)
        #expect(
            EnhancedRights.isEnhanced(category: c.category, flags: c.flags, circumstances: c.circumstances)
                == !c.reasons.isEmpty)
    }

    @Test func `every reason says why in words, under a stable code`() {
        #expect(
            EnhancedRightsReason.allCases.map(\.rawValue) == [
                "most_serious_crime", "bereaved_relative", "domestic_abuse", "sexual_offence", "hate_crime",
                "persistently_targeted", "under_18", "vulnerable", "intimidated", "weapon_offence",
            ])
        for reason in EnhancedRightsReason.allCases {
            #expect(reason.label.count > 10)
        }
    }

    @Test func `circumstances stored before a field was added still decode`() throws {
        let json = Data(#"{"bereavedCloseRelative":true,"vulnerable":false}"#.utf8)
        let decoded = try JSONDecoder().decode(VictimCircumstances.self, from: json)
        #expect(decoded == VictimCircumstances(bereavedCloseRelative: true))
        let round = try JSONDecoder().decode(
            VictimCircumstances.self, from: JSONEncoder().encode(VictimCircumstances(under18: true)))
        #expect(round == VictimCircumstances(under18: true))
    }

    @Test func `key events keep their stored names and plain labels`() {
        #expect(
            VictimKeyEvent.allCases.map(\.rawValue) == [
                "arrested", "interviewed", "released_on_bail", "released_under_investigation", "charged",
                "no_further_action", "investigation_closed", "outcome_recorded",
            ])
        #expect(VictimKeyEvent.releasedUnderInvestigation.label == "Suspect released under investigation")
    }
}
