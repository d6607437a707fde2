import BluelampCore
import Foundation
import Testing

/// The demo's organised crime register (issue 19): the same seed gives the same register, with the gaps the 2016
/// inspection found; and each of the five 2016 areas for improvement carries a live figure with a target.
@Suite struct DemoOrganisedCrimeTests {
    let today = CalendarDay("2026-06-01")!

    var candidates: [BCU: DemoOCGCandidates] {
        Dictionary(
            uniqueKeysWithValues: BCU.territorial.enumerated().map { i, bcu in
                (
                    bcu,
                    DemoOCGCandidates(
                        people: (0..<40).map { (personID: i * 1000 + $0, crimeIDs: [i * 1000 + $0]) },
                        leads: [(i * 10 + 1, true), (i * 10 + 2, true), (i * 10 + 3, false)],
                        constables: ["PC A \(bcu.code)", "PC B \(bcu.code)"])
                )
            })
    }

    @Test func `the register is deterministic and shows realistic gaps`() {
        let a = DemoOrganisedCrime.generate(seed: 7, scale: .small, today: today, candidates: candidates)
        let b = DemoOrganisedCrime.generate(seed: 7, scale: .small, today: today, candidates: candidates)
        #expect(a.map(\.group) == b.map(\.group))
        #expect(a.count == 12 * DemoOrganisedCrime.groupsPerBCU(.small))
        let policy = OCGPolicy.standard
        let active = a.filter { $0.group.status == .active }
        // Some groups mapped late or never, some plans pursuit-only, some active groups without a lead.
        #expect(a.contains { $0.scorings.first.map { $0.scoredOn > $0.dueOn } ?? false })
        #expect(a.contains { $0.scorings.isEmpty && today > $0.mappingDueOn })
        #expect(active.contains { !FourPPlan.isComplete($0.actions) })
        #expect(active.contains { FourPPlan.isComplete($0.actions) })
        #expect(active.contains { $0.group.leadOfficerID == nil })
        #expect(active.contains { $0.group.leadOfficerID != nil })
        // Every scoring is banded by the policy and keeps the day it was due.
        for demo in a {
            for s in demo.scorings {
                #expect(s.band == policy.band(total: s.score.total))
                #expect(s.nextDueOn == policy.reassessmentDue(lastScoredOn: s.scoredOn))
                #expect(s.scoredOn <= today)
            }
            #expect(demo.members.first?.role == .principal)
            #expect(Set(demo.members.map { $0.personID }).count == demo.members.count)
        }
        let meetings = DemoOrganisedCrime.meetings(seed: 7, today: today)
        #expect(meetings.contains { $0.seniority.isSenior } && meetings.contains { !$0.seniority.isSenior })
        let profiles = DemoOrganisedCrime.profiles(seed: 7, today: today)
        #expect(profiles.contains { !$0.meetsStandard(on: today) })
    }

    @Test func `each 2016 area for improvement on organised crime carries an indicator with a target`() throws {
        let history = try InspectionTestFiles.fixture()
        let now = inspectionDay(2025, 3, 1)
        let work = DemoInspectionWork.plan(history: history, owners: ["a"], seed: 1, now: now)
        let ids = Set(OrganisedCrimeIndicators.definitions(under: .standard).map(\.id))
        let organisedCrime = work.evidence.filter { ids.contains($0.target.indicatorID) }
        let findings = Set(organisedCrime.map(\.finding.findingID))
        #expect(findings == ["AFI7", "AFI8", "AFI9", "AFI10", "AFI11"])
        #expect(Set(organisedCrime.map(\.target.indicatorID)) == ids)
        // The Victims' Code indicators are evidence on the cause of concern about supporting victims (issue 16).
        let victims = work.evidence.filter { !ids.contains($0.target.indicatorID) }
        #expect(victims.map(\.finding.findingID) == ["COC1", "COC1", "COC1"])
        #expect(
            victims.map(\.target.indicatorID) == [
                VictimIndicators.ID.toldOnTime(enhanced: true), VictimIndicators.ID.needsAssessed,
                VictimIndicators.ID.statementOffered,
            ])
        for e in organisedCrime {
            #expect(OrganisedCrimeIndicators.evidences[e.target.indicatorID] == e.finding.findingID)
            #expect(e.finding.inspectionID == "metropolitan-peel-2016-effectiveness")
        }
    }
}
