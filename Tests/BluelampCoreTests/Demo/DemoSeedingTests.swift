import BluelampCore
import Foundation
import Testing

/// The demo seeds each crime's investigation history and DASH from the crime's reference, never its database id:
/// PostgreSQL does not roll a sequence back, so a demo resumed after a crash numbers its crimes differently from an
/// uninterrupted run, and must still write the same histories (found by the crash trials, issue 21).
@Suite struct DemoSeedingTests {
    static let now = Date(timeIntervalSince1970: 1_764_000_000)

    static func investigation(id: Int, reference: String) -> DemoInvestigationCase {
        DemoInvestigationCase(
            crimeID: id, reference: reference, category: .burglary, flags: [],
            firstAllocatedAt: now.addingTimeInterval(-40 * 86_400), holderOfficerID: 5, holderName: "DC Ann Lee",
            outcomeAt: nil, closed: false, victims: [11])
    }

    static func history(_ crime: DemoInvestigationCase) throws -> String {
        let h = DemoInvestigations.history(
            of: crime, seed: 2016, now: now, policy: .standard,
            calendar: try BankHolidayCalendar(csv: "date,name\n2025-12-25,Christmas Day\n"),
            reviewer: "DS")
        return String(describing: (h.lines, h.actions, h.notes, h.reviews, h.care, h.keyEvents, h.contacts))
    }

    static func dash(id: Int, reference: String) -> String {
        let crime = DemoDashCase(
            crimeID: id, reference: reference, personID: 11, reportedAt: now.addingTimeInterval(-20 * 86_400),
            victimDADates: [])
        let d = DemoSafeguarding.dash(for: crime, seed: 2016, now: now, policy: .standard)
        return String(describing: d.map { ($0.completedAt, $0.answers, $0.score, $0.review, $0.marac) })
    }

    static let references = (1...200).map { String(format: "MET-2026-%06d", $0) }

    @Test func `an investigation history depends on the crime's reference, not its id`() throws {
        for (index, reference) in Self.references.enumerated() {
            let first = try Self.history(Self.investigation(id: index + 1, reference: reference))
            let renumbered = try Self.history(Self.investigation(id: index + 9_001, reference: reference))
            #expect(first == renumbered, "\(reference)")
        }
        // And the reference does seed it: 200 references do not all give one history.
        let distinct = try Set(Self.references.map { try Self.history(Self.investigation(id: 1, reference: $0)) })
        #expect(distinct.count > 100)
    }

    @Test func `a DASH depends on the crime's reference, not its id`() {
        for (index, reference) in Self.references.enumerated() {
            #expect(
                Self.dash(id: index + 1, reference: reference) == Self.dash(id: index + 9_001, reference: reference))
        }
        let distinct = Set(Self.references.map { Self.dash(id: 1, reference: $0) })
        #expect(distinct.count > 100)
    }

    @Test func `the stable hash is FNV-1a and the same on every run`() {
        #expect(SeededGenerator.stableHash("") == 0xCBF2_9CE4_8422_2325)
        #expect(SeededGenerator.stableHash("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(SeededGenerator.stableHash("MET-2026-000001") != SeededGenerator.stableHash("MET-2026-000002"))
    }
}
