import BluelampCore
import Foundation
import Testing

@Suite struct BCUTests {
    @Test func `there are twelve territorial BCUs and one force-wide`() {
        #expect(BCU.territorial.count == 12)
        #expect(BCU.allCases.count == 13)
        #expect(BCU.force.boroughs.isEmpty)
    }

    @Test func `every London borough but the City belongs to exactly one BCU`() {
        let boroughs = BCU.territorial.flatMap(\.boroughs)
        #expect(boroughs.count == 32)
        #expect(Set(boroughs).count == 32)
    }

    @Test(arguments: [
        ("Camden", BCU.centralNorth), ("Croydon", .southArea), ("Hounslow", .westArea), ("Tower Hamlets", .centralEast),
    ])
    func `a borough finds its BCU`(borough: String, bcu: BCU) {
        #expect(BCU(borough: borough) == bcu)
    }

    @Test func `a borough outside London has no BCU`() {
        #expect(BCU(borough: "Cambridge") == nil)
        #expect(BCU(borough: "City of London") == nil)
    }

    @Test func `the lookup file's BCU names are understood`() {
        #expect(BCU(name: "Central North") == .centralNorth)
        #expect(BCU(name: "South Area") == .southArea)
    }
}

@Suite struct PIPLevelTests {
    @Test func `labels parse back to levels`() {
        for level in PIPLevel.allCases { #expect(PIPLevel(label: level.label) == level) }
        #expect(PIPLevel(label: "pip2") == .pip2)
        #expect(PIPLevel(label: "PIP9") == nil)
    }

    @Test func `caseload caps default to 20, 14 and 8`() {
        #expect(CaseloadCaps.standard.cap(for: .pip1) == 20)
        #expect(CaseloadCaps.standard.cap(for: .pip2) == 14)
        #expect(CaseloadCaps.standard.cap(for: .pip3) == 8)
        #expect(CaseloadCaps.standard.cap(for: .pip4) == nil)
    }

    @Test func `officers on leave or restricted duties take no new work`() {
        #expect(OfficerStatus.onDuty.takesNewWork)
        #expect(!OfficerStatus.leave.takesNewWork)
        #expect(!OfficerStatus.restricted.takesNewWork)
    }

    @Test func `sergeants and above supervise`() {
        #expect(Rank.sergeant.supervises)
        #expect(Rank.detectiveSergeant.supervises)
        #expect(!Rank.detectiveConstable.supervises)
    }
}

@Suite struct DemoForceGeneratorTests {
    static let today = Date(timeIntervalSince1970: 1_764_000_000)

    @Test func `the same seed gives the same force`() {
        let a = DemoForceGenerator(seed: 7, scale: .small, today: Self.today).organisation()
        let b = DemoForceGenerator(seed: 7, scale: .small, today: Self.today).organisation()
        #expect(a.teams == b.teams)
        #expect(a.officers == b.officers)
    }

    @Test func `a different seed gives a different force`() {
        let a = DemoForceGenerator(seed: 7, scale: .small, today: Self.today).organisation()
        let b = DemoForceGenerator(seed: 8, scale: .small, today: Self.today).organisation()
        #expect(a.officers != b.officers)
    }

    @Test func `every BCU is staffed with investigators, supervisors and every kind of team`() {
        let org = DemoForceGenerator(seed: 2016, scale: .small, today: Self.today).organisation()
        for bcu in BCU.territorial {
            let officers = org.officers.filter { $0.bcu == bcu }
            #expect(officers.count >= 30, "\(bcu.code) has \(officers.count) officers")
            #expect(officers.contains { $0.pipLevel == .pip2 }, "\(bcu.code) has no detective")
            #expect(officers.contains { $0.rank.supervises }, "\(bcu.code) has no supervisor")
            #expect(
                officers.contains { $0.specialisms.contains { $0.0 == .domesticAbuse } },
                "\(bcu.code) has no DA specialist")
            let kinds = Set(org.teams.filter { $0.bcu == bcu }.map(\.kind))
            #expect(
                kinds == [
                    .response, .neighbourhood, .investigation, .safeguarding, .crimeManagement, .offenderManagement,
                ])
        }
        #expect(
            org.officers.contains {
                $0.bcu == .force && $0.pipLevel == .pip3 && $0.specialisms.contains { $0.0 == .homicide }
            })
    }

    @Test func `small scale is about 600 officers`() {
        let org = DemoForceGenerator(seed: 2016, scale: .small, today: Self.today).organisation()
        #expect((500...750).contains(org.officers.count), "\(org.officers.count)")
    }

    @Test func `met scale is about 33,000 officers with unique warrant numbers`() {
        let org = DemoForceGenerator(seed: 2016, scale: .met, today: Self.today).organisation()
        #expect((31_000...35_000).contains(org.officers.count), "\(org.officers.count)")
        #expect(Set(org.officers.map(\.warrantNumber)).count == org.officers.count)
        #expect(Set(org.teams.map { "\($0.bcu.code)|\($0.name)" }).count == org.teams.count)
    }
}
