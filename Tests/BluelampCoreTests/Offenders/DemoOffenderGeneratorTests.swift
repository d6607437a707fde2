import BluelampCore
import Foundation
import Testing

@Suite struct DemoOffenderGeneratorTests {
    private typealias F = OffenderFixtures

    private static let today = OffenderFixtures.day("2025-06-02")

    private static func officers(scale: DemoScale, seed: UInt64 = 2016) -> [DemoOffenderOfficer] {
        let organisation = DemoForceGenerator(seed: seed, scale: scale, today: today).organisation()
        return organisation.officers.map { officer in
            DemoOffenderOfficer(
                warrantNumber: officer.warrantNumber, givenName: officer.givenName, familyName: officer.familyName,
                rank: officer.rank, bcu: officer.bcu, teamKind: organisation.teams[officer.teamKey].kind,
                status: officer.status)
        }
    }

    @Test func `the same seed gives the same offenders and another seed others`() {
        let officers = Self.officers(scale: .small)
        let a = DemoOffenderGenerator(seed: 5, scale: .small, today: Self.today).generate(officers: officers)
        let b = DemoOffenderGenerator(seed: 5, scale: .small, today: Self.today).generate(officers: officers)
        let c = DemoOffenderGenerator(seed: 6, scale: .small, today: Self.today).generate(officers: officers)
        #expect(a.rsos == b.rsos && a.wanted == b.wanted && a.iomMembers == b.iomMembers)
        #expect(a.rsos != c.rsos)
    }

    @Test func `the Met's scale holds about 6,500 offenders, each BCU several hundred`() {
        let records = DemoOffenderGenerator(seed: 1, scale: .met, today: Self.today).generate(
            officers: Self.officers(scale: .met))
        #expect((6_000...7_000).contains(records.rsos.count))
        for bcu in BCU.territorial {
            #expect((400...700).contains(records.rsos.count { $0.bcu == bcu }), "\(bcu.code)")
        }
        // About 45 offenders per offender manager.
        let managers = Set(records.rsos.compactMap(\.managerWarrant))
        #expect((35...55).contains(records.rsos.count / managers.count))
    }

    @Test func `managers are offender management constables and the first on duty in each BCU holds a caseload`() {
        let officers = Self.officers(scale: .small)
        let records = DemoOffenderGenerator(seed: 2016, scale: .small, today: Self.today).generate(officers: officers)
        let byWarrant = Dictionary(uniqueKeysWithValues: officers.map { ($0.warrantNumber, $0) })
        for rso in records.rsos {
            let manager = try! #require(rso.managerWarrant.flatMap { byWarrant[$0] })
            #expect(manager.teamKind == .offenderManagement && manager.bcu == rso.bcu)
        }
        for bcu in BCU.territorial {
            let first = officers.first {
                $0.bcu == bcu && $0.teamKind == .offenderManagement
                    && [.constable, .detectiveConstable].contains($0.rank)
                    && $0.status == .onDuty
            }
            if let first { #expect(records.rsos.contains { $0.managerWarrant == first.warrantNumber }, "\(bcu.code)") }
        }
    }

    @Test
    func
        `histories show the inspection's findings: most within frequency, some overdue, one not seen since 2017 per BCU`()
    {
        let records = DemoOffenderGenerator(seed: 3, scale: .met, today: Self.today).generate(
            officers: Self.officers(scale: .met))
        let statuses = records.rsos.filter { $0.reactive == nil }.map { rso in
            RSOVisitStatus(
                registeredOn: rso.registeredOn, frequency: rso.frequency, visits: rso.visits.compactMap(\.attempt),
                today: Self.today)
        }
        let overdue = Double(statuses.count(where: \.isOverdue)) / Double(statuses.count)
        #expect((0.08...0.25).contains(overdue), "overdue share \(overdue)")
        let escalated = statuses.count(where: \.considerArrestOrWarrant)
        #expect(escalated > 12)
        for bcu in BCU.territorial {
            let lost = records.rsos.filter { rso in
                rso.bcu == bcu && rso.risk == .high
                    && rso.visits.compactMap(\.attempt).last(where: \.outcome.isSuccessful).map {
                        F.text($0.visitedOn).hasPrefix("2017")
                    } == true
            }
            #expect(lost.count == 1, "\(bcu.code)")
            // Bluelamp asked the question the inspection found nobody had: a supervisor had them circulated.
            let escalation = try! #require(lost.first?.escalations.first)
            #expect(escalation.decision == .arrest && escalation.decidedBy != nil, "\(bcu.code)")
            let waited = escalation.decidedOn.map { F.days(from: escalation.escalationDate, to: $0) }
            #expect(waited.map { (1...21).contains($0) } == true, "\(bcu.code): decided after \(waited ?? -1) days")
            #expect(lost.first.map { $0.visits.count > 5 } == true, "attempts were made")
        }
        // Every escalation is the rule's, and reactive management is only ever for three years at low risk.
        for rso in records.rsos {
            let status = RSOVisitStatus(
                registeredOn: rso.registeredOn, frequency: rso.frequency, visits: rso.visits.compactMap(\.attempt),
                today: Self.today)
            #expect(
                rso.escalations.map(\.escalationDate)
                    == (rso.reactive == nil ? [ArrestOrWarrantEscalation.due(status)].compactMap { $0 } : []))
            if let reactive = rso.reactive {
                let decision = ReactiveManagement.decide(
                    assessments: rso.assessments, decidedBy: .sergeant, reason: reactive.reason, today: reactive.since)
                #expect(decision.isApproved, "\(rso.reference)")
            }
        }
        // Most recent visits unannounced, as the force's target asks.
        let lastYear = records.rsos.flatMap(\.visits).compactMap(\.attempt).filter {
            F.days(from: $0.visitedOn, to: Self.today) < 365
        }
        #expect(Double(lastYear.count { !$0.announced }) / Double(lastYear.count) > 0.6)
    }

    /// Named suspects of crimes recorded 1 to 200 days ago, spread over the BCUs.
    private static func suspects(_ count: Int) -> [NamedSuspect] {
        (0..<count).map { i in
            NamedSuspect(
                crimeID: 1000 + i, crimeReference: "CE-D\(i)/25", bcu: BCU.territorial[i % BCU.territorial.count],
                offence: "Robbery of personal property",
                name: PersonName(given: "Given\(i % 40)", family: "Family\(i)"),
                dateOfBirth: DateOfBirth(year: 1990, month: 1, day: 1 + i % 28),
                recordedAt: OffenderCalendar.adding(days: -(1 + i % 200), to: today).addingTimeInterval(14 * 3600))
        }
    }

    @Test func `wanted suspects include some outstanding over 28 days, and IOM members have lead officers`() {
        let records = DemoOffenderGenerator(seed: 3, scale: .small, today: Self.today)
            .generate(officers: Self.officers(scale: .small), suspects: Self.suspects(600))
        let outstanding = records.wanted.filter { $0.arrestedOn == nil }
        #expect(outstanding.contains { WantedSuspectRule.isFlagged(since: $0.wantedSince, today: Self.today) })
        #expect(outstanding.contains { !WantedSuspectRule.isFlagged(since: $0.wantedSince, today: Self.today) })
        #expect(records.iomMembers.allSatisfy { $0.leadWarrant != nil })
        #expect(records.wanted.allSatisfy { $0.responsibleWarrant != nil })
    }

    @Test func `the wanted list is the crimes' named suspects, outstanding from the day each crime was recorded`() {
        let suspects = Self.suspects(600)
        let records = DemoOffenderGenerator(seed: 3, scale: .small, today: Self.today)
            .generate(officers: Self.officers(scale: .small), suspects: suspects)
        #expect(records.wanted.count == suspects.count)
        let byCrime = Dictionary(uniqueKeysWithValues: suspects.map { ($0.crimeID, $0) })
        for wanted in records.wanted {
            let suspect = try! #require(byCrime[wanted.crimeID])
            #expect(wanted.crimeReference == suspect.crimeReference && wanted.bcu == suspect.bcu)
            #expect(wanted.givenName == suspect.name.given && wanted.familyName == suspect.name.family)
            #expect(wanted.wantedSince == OffenderCalendar.startOfDay(suspect.recordedAt))
            if let arrested = wanted.arrestedOn { #expect(arrested >= wanted.wantedSince && arrested <= Self.today) }
        }
        #expect(records.wanted.contains { $0.arrestedOn != nil } && records.wanted.contains { $0.arrestedOn == nil })
        #expect(records.wanted.contains { $0.iomMemberKey != nil }, "some suspects are in the IOM cohort")
        #expect(
            DemoOffenderGenerator(seed: 3, scale: .small, today: Self.today).generate(
                officers: Self.officers(scale: .small)
            )
            .wanted.isEmpty, "no crimes, no wanted suspects")
    }

    // MARK: - Histories a force could have (issue 15, "Tell the truth")

    @Test func `no offender is reviewed for years after the last time anyone saw them`() {
        let records = DemoOffenderGenerator(seed: 3, scale: .met, today: Self.today).generate(
            officers: Self.officers(scale: .met))
        for rso in records.rsos where rso.reactive == nil {
            let lastSeen = rso.visits.compactMap(\.attempt).last { $0.outcome.isSuccessful }?.visitedOn
            guard let lastSeen else { continue }
            let latest = rso.assessments.last!.assessedOn
            let limit = OffenderCalendar.adding(months: rso.risk >= .high ? 6 : 12, to: lastSeen)
            #expect(
                latest <= limit,
                "\(rso.reference): reviewed \(OffenderCalendar.format(latest)), last seen \(OffenderCalendar.format(lastSeen))"
            )
        }
    }

    @Test func `only the seed's case has gone unseen for years, and since 2017 at most`() {
        let records = DemoOffenderGenerator(seed: 3, scale: .met, today: Self.today).generate(
            officers: Self.officers(scale: .met))
        let since2017 = OffenderCalendar.parseDay("2017-01-01")!
        for rso in records.rsos where rso.reactive == nil {
            let status = RSOVisitStatus(
                registeredOn: rso.registeredOn, frequency: rso.frequency, visits: rso.visits.compactMap(\.attempt),
                today: Self.today)
            let unseen = OffenderCalendar.days(from: status.lastSuccessfulVisit ?? rso.registeredOn, to: Self.today)
            // Past twice the frequency plus the 150 days the generator allows an escalated case, only the seed's case.
            let bound =
                OffenderCalendar.days(
                    from: OffenderCalendar.adding(months: -2 * rso.frequency.months, to: Self.today), to: Self.today)
                + 151
            if rso.reference.hasSuffix("-00001") {
                #expect((status.lastSuccessfulVisit ?? rso.registeredOn) >= since2017, "\(rso.reference)")
            } else {
                #expect(unseen <= bound, "\(rso.reference): not seen for \(unseen) days")
            }
        }
    }

    @Test func `no escalation has waited more than four weeks for its decision, and some recent ones wait`() {
        let records = DemoOffenderGenerator(seed: 3, scale: .met, today: Self.today).generate(
            officers: Self.officers(scale: .met))
        let escalations = records.rsos.flatMap(\.escalations)
        for escalation in escalations {
            let age = F.days(from: escalation.escalationDate, to: Self.today)
            if let decidedOn = escalation.decidedOn {
                #expect(escalation.decision != nil && escalation.decidedBy != nil && escalation.reason != nil)
                #expect(decidedOn > escalation.escalationDate && decidedOn <= Self.today)
                #expect(F.days(from: escalation.escalationDate, to: decidedOn) <= 21)
            } else {
                #expect(escalation.decision == nil)
                #expect(age <= 28, "raised \(F.text(escalation.escalationDate)), undecided for \(age) days")
            }
        }
        #expect(escalations.contains { $0.decision == nil }, "the escalation queue has recent cases")
        #expect(escalations.contains { $0.decision != nil && $0.decision != .arrest })
    }

    @Test func `the visits of the last three years follow one risk level`() {
        let records = DemoOffenderGenerator(seed: 3, scale: .small, today: Self.today).generate(
            officers: Self.officers(scale: .small))
        let threeYearsAgo = OffenderCalendar.adding(months: -36, to: Self.today)
        for rso in records.rsos {
            let recent = rso.assessments.filter { $0.assessedOn > threeYearsAgo }
            #expect(recent.allSatisfy { $0.level == rso.risk }, "\(rso.reference)")
        }
    }

    @Test func `the IOM cohort holds nobody twice`() {
        let records = DemoOffenderGenerator(seed: 4, scale: .small, today: Self.today)
            .generate(
                officers: Self.officers(scale: .small),
                suspects: Array(repeating: Self.suspects(24), count: 20).flatMap { $0 })
        let people = records.iomMembers.map { "\($0.bcu.code)|\($0.givenName)|\($0.familyName)|\($0.dateOfBirth.text)" }
        #expect(Set(people).count == people.count)
    }
}
