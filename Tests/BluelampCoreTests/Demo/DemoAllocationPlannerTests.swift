import BluelampCore
import Foundation
import Testing

@Suite struct DemoAllocationPlannerTests {
    /// 1 March 2025, 10:00 UTC: the current month has a day and a bit of crimes.
    static let now = Date(timeIntervalSince1970: 1_740_823_200)

    /// A small force's year of crimes and their allocations, as the demo loader makes them.
    struct Year {
        var crimes: [DemoCrime] = []
        var allocations: [DemoAllocation] = []
        var investigators: [DemoInvestigator] = []
    }

    static func year(seed: UInt64 = 2016, scale: DemoScale = .small) -> Year {
        let organisation = DemoForceGenerator(seed: seed, scale: scale, today: now).organisation()
        let investigators = DemoAllocationPlanner.investigators(of: organisation, today: now)
        let generator = DemoCrimeGenerator(seed: seed, scale: scale, years: 1, now: now)
        var planner = DemoAllocationPlanner(seed: seed, investigators: investigators)
        var year = Year(investigators: investigators)
        var number = 1
        for index in generator.months.indices {
            var crimes = generator.month(index, firstNumber: number)
            number += generator.count(inMonth: index)
            year.allocations += planner.allocate(&crimes)
            year.crimes += crimes
        }
        return year
    }

    static let small = year()

    static func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : 100 * Double(part) / Double(whole) }

    @Test func `the same seed gives the same allocations`() {
        let again = Self.year()
        #expect(again.allocations == Self.small.allocations)
        #expect(again.crimes.map(\.timeline) == Self.small.crimes.map(\.timeline))
        let other = Self.year(seed: 7)
        #expect(other.allocations != Self.small.allocations)
    }

    @Test
    func `every crime that reached an investigator has one allocation, to an officer of its BCU or a force-wide unit`()
        throws
    {
        let y = Self.small
        let byReference = Dictionary(grouping: y.allocations, by: \.crimeReference)
        let officers = Dictionary(uniqueKeysWithValues: y.investigators.map { ($0.key, $0) })
        let reached: Set<CrimeStatus.Code> = [.allocated, .underInvestigation, .awaitingSupervisor, .closed]
        for demo in y.crimes {
            let allocations = byReference[demo.crime.reference] ?? []
            #expect(allocations.count == (reached.contains(demo.crime.status.code) ? 1 : 0), "\(demo.crime.reference)")
            guard let allocation = allocations.first else { continue }
            let officer = try #require(officers[allocation.officerKey])
            #expect(officer.bcu == demo.crime.bcu || officer.bcu == .force)
            #expect(officer.warrantNumber == allocation.officerWarrant && officer.level == allocation.officerLevel)
            #expect(allocation.crimeBCU == demo.crime.bcu)
        }
    }

    @Test
    func
        `no crime is allocated before it was recorded or after now, and closed crimes' allocations ended when they closed`()
    {
        let y = Self.small
        let crimes = Dictionary(uniqueKeysWithValues: y.crimes.map { ($0.crime.reference, $0) })
        for allocation in y.allocations {
            let demo = crimes[allocation.crimeReference]!
            #expect(allocation.allocatedAt >= demo.crime.recordedAt!)
            #expect(allocation.allocatedAt <= Self.now)
            let closed = demo.timeline.first { $0.toStatus == .closed }?.at
            #expect(allocation.endedAt == closed)
            #expect((allocation.endedAt != nil) == (demo.crime.status == .closed))
            if let ended = allocation.endedAt { #expect(ended > allocation.allocatedAt) }
        }
    }

    @Test func `the timeline names the officer the crime was allocated to`() {
        let y = Self.small
        let crimes = Dictionary(uniqueKeysWithValues: y.crimes.map { ($0.crime.reference, $0) })
        for allocation in y.allocations.prefix(2_000) {
            let entry = crimes[allocation.crimeReference]!.timeline.first { $0.toStatus == .allocated }
            #expect(entry?.kind == .allocation)
            #expect(entry?.at == allocation.allocatedAt)
            #expect(entry?.detail.contains(allocation.officerLabel) == true)
        }
    }

    @Test func `most allocations meet the policy, but not all`() {
        let a = Self.small.allocations
        let atLevel = Self.share(a.count(where: \.meetsLevel), a.count)
        let specialist = a.filter { $0.requirement.specialism != nil }
        let withSpecialism = Self.share(specialist.count(where: \.meetsSpecialism), specialist.count)
        let inTime = Self.share(a.count { !$0.isLate }, a.count)
        let overrides = Self.share(a.count { $0.kind == .override }, a.count)
        let flagged = Self.share(a.count(where: \.flagged), a.count)
        #expect((95..<100).contains(atLevel), "\(atLevel)")
        #expect((93..<100).contains(withSpecialism), "\(withSpecialism)")
        #expect((80..<95).contains(inTime), "\(inTime)")
        #expect((3..<15).contains(overrides), "\(overrides)")
        // Up to 5%: since homicide is matched on the offence, urgent armed violence stays with the BCUs' detectives,
        // whose caps the small demo's forced overrides meet a little more often (4.0% at seed 1).
        #expect((0.3..<5).contains(flagged), "\(flagged)")
        // Only a supervisor's override breaks the policy, and it is flagged.
        #expect(
            a.allSatisfy {
                ($0.meetsLevel && $0.meetsSpecialism && !$0.overCap) || ($0.kind == .override && $0.flagged)
            })
        #expect(a.allSatisfy { ($0.kind == .override) == ($0.overrideReason != nil) })
    }

    @Test func `open caseloads are mostly under the caps, with a few investigators over`() {
        let y = Self.small
        var loads: [Int: Int] = [:]
        for allocation in y.allocations where allocation.endedAt == nil {
            loads[allocation.officerKey, default: 0] += 1
        }
        let policy = AllocationPolicy.metropolitanDefault
        let investigators = y.investigators.filter { $0.level != .pip4 }
        let over = investigators.count {
            (loads[$0.key] ?? 0) > policy.caseloadCap(level: $0.level, override: $0.capOverride)
        }
        #expect(over >= 1)
        #expect(Self.share(over, investigators.count) < 5)
        #expect(loads.values.reduce(0, +) > investigators.count)
    }

    @Test func `the newest crimes wait for allocation`() {
        let waiting = Self.small.crimes.filter { $0.crime.status == .awaitingAllocation }
        #expect(waiting.count >= 20)
        #expect(waiting.contains { Self.now.timeIntervalSince($0.crime.recordedAt!) < 86_400 })
        #expect(waiting.allSatisfy { Self.now.timeIntervalSince($0.crime.recordedAt!) < 30 * 86_400 })
        #expect(waiting.allSatisfy { !$0.timeline.contains { $0.toStatus == .allocated } })
    }
}
