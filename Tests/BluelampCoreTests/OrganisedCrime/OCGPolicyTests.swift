import BluelampCore
import Foundation
import Testing

/// The organised crime group policy's rules: the mapping deadline, the re-assessment interval, the bands and who
/// may lead (PEEL 2016, Metropolitan, AFI9 and AFI11).
@Suite struct OCGPolicyTests {
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    struct DeadlineCase: CustomTestStringConvertible, Sendable {
        let mappingDays: Int
        let reassessmentDays: Int
        let identified: String
        let lastScored: String?
        let today: String
        let expected: OCGMappingState
        var testDescription: String { "\(identified) scored \(lastScored ?? "never") on \(today) → \(expected.label)" }
    }

    static let deadlines: [DeadlineCase] = [
        // Mapping: due 28 days after identification, the due day itself still on time.
        DeadlineCase(
            mappingDays: 28, reassessmentDays: 91, identified: "2026-01-01", lastScored: nil, today: "2026-01-29",
            expected: .awaitingMapping(due: day("2026-01-29"))),
        DeadlineCase(
            mappingDays: 28, reassessmentDays: 91, identified: "2026-01-01", lastScored: nil, today: "2026-01-30",
            expected: .mappingOverdue(due: day("2026-01-29"))),
        DeadlineCase(
            mappingDays: 28, reassessmentDays: 91, identified: "2024-02-01", lastScored: nil, today: "2024-02-29",
            expected: .awaitingMapping(due: day("2024-02-29"))),
        DeadlineCase(
            mappingDays: 28, reassessmentDays: 91, identified: "2025-12-20", lastScored: nil, today: "2026-01-18",
            expected: .mappingOverdue(due: day("2026-01-17"))),
        // A force that sets 14 days.
        DeadlineCase(
            mappingDays: 14, reassessmentDays: 91, identified: "2026-03-01", lastScored: nil, today: "2026-03-15",
            expected: .awaitingMapping(due: day("2026-03-15"))),
        // Re-assessment: 91 days after the last scoring.
        DeadlineCase(
            mappingDays: 28, reassessmentDays: 91, identified: "2025-01-01", lastScored: "2025-01-10",
            today: "2025-04-11", expected: .mapped(nextDue: day("2025-04-11"))),
        DeadlineCase(
            mappingDays: 28, reassessmentDays: 91, identified: "2025-01-01", lastScored: "2025-01-10",
            today: "2025-04-12", expected: .reassessmentOverdue(due: day("2025-04-11"))),
        DeadlineCase(
            mappingDays: 28, reassessmentDays: 182, identified: "2025-01-01", lastScored: "2025-10-01",
            today: "2026-03-31", expected: .mapped(nextDue: day("2026-04-01"))),
        // A mapping made late still starts the re-assessment clock from its own day.
        DeadlineCase(
            mappingDays: 28, reassessmentDays: 91, identified: "2025-01-01", lastScored: "2025-06-01",
            today: "2025-06-02", expected: .mapped(nextDue: day("2025-08-31"))),
    ]

    @Test(arguments: deadlines) func `mapping and re-assessment fall due at the policy's interval`(c: DeadlineCase) {
        var policy = OCGPolicy.standard
        policy.mappingDays = c.mappingDays
        policy.reassessmentDays = c.reassessmentDays
        let state = policy.mappingState(
            status: .active, identifiedOn: Self.day(c.identified), lastScoredOn: c.lastScored.map(Self.day),
            today: Self.day(c.today))
        #expect(state == c.expected)
        #expect(state.isOverdue == (c.expected.label.contains("overdue")))
    }

    @Test(arguments: [OCGStatus.archived, .dismantled])
    func `a group no longer managed has no deadline`(status: OCGStatus) {
        let state = OCGPolicy.standard.mappingState(
            status: status, identifiedOn: Self.day("2020-01-01"), lastScoredOn: nil, today: Self.day("2026-01-01"))
        #expect(state == .closed)
    }

    @Test func `a dormant group is still mapped and re-assessed`() {
        let state = OCGPolicy.standard.mappingState(
            status: .dormant, identifiedOn: Self.day("2020-01-01"), lastScoredOn: Self.day("2020-01-05"),
            today: Self.day("2026-01-01"))
        #expect(state == .reassessmentOverdue(due: Self.day("2020-04-05")))
    }

    struct BandCase: Sendable, CustomTestStringConvertible {
        let threat: Int, harm: Int, risk: Int
        let band: OCGBand
        var testDescription: String { "\(threat)+\(harm)+\(risk) → \(band.label)" }
    }

    static let bands: [BandCase] = [
        BandCase(threat: 1, harm: 1, risk: 1, band: .band3),
        BandCase(threat: 3, harm: 2, risk: 2, band: .band3),  // 7, one below band 2's edge
        BandCase(threat: 3, harm: 3, risk: 2, band: .band2),  // 8, band 2's edge
        BandCase(threat: 4, harm: 4, risk: 3, band: .band2),  // 11, one below band 1's edge
        BandCase(threat: 4, harm: 4, risk: 4, band: .band1),  // 12, band 1's edge
        BandCase(threat: 5, harm: 5, risk: 5, band: .band1),
    ]

    @Test(arguments: bands) func `totals are banded at the policy's edges`(c: BandCase) {
        let score = OCGScore(threat: c.threat, harm: c.harm, risk: c.risk)
        #expect(OCGPolicy.standard.band(total: score.total) == c.band)
    }

    @Test func `scores outside 1 to 5 are refused by field`() throws {
        let errors = try #require(OCGScore.check(threat: "0", harm: "6", risk: "x").failure)
        #expect(errors.errors.map(\.field) == ["threat", "harm", "risk"])
        #expect(try OCGScore.check(threat: "5", harm: " 1", risk: "3").get().total == 9)
    }

    struct LeadCase: Sendable, CustomTestStringConvertible {
        let rank: Rank
        let pip: PIPLevel?
        let eligible: Bool
        var testDescription: String { "\(rank.abbreviation) \(pip?.label ?? "no PIP") → \(eligible)" }
    }

    static let leads: [LeadCase] = [
        LeadCase(rank: .detectiveInspector, pip: .pip2, eligible: true),
        LeadCase(rank: .inspector, pip: .pip2, eligible: true),
        LeadCase(rank: .detectiveChiefInspector, pip: .pip3, eligible: true),
        LeadCase(rank: .detectiveSergeant, pip: .pip2, eligible: false),
        LeadCase(rank: .detectiveInspector, pip: .pip1, eligible: false),
        LeadCase(rank: .detectiveInspector, pip: nil, eligible: false),
        LeadCase(rank: .constable, pip: nil, eligible: false),
    ]

    @Test(arguments: leads) func `a lead responsible officer holds the policy's rank and accreditation`(c: LeadCase) {
        let result = OCGPolicy.standard.leadEligibility(rank: c.rank, pipLevel: c.pip)
        #expect(result.isEligible == c.eligible)
        if case .ineligible(let reasons) = result { #expect(!reasons.isEmpty) }
    }

    @Test func `a new policy version is checked field by field`() throws {
        let errors = try #require(
            OCGPolicy.check(
                mappingDays: "0", reassessmentDays: "400", band1From: "8", band2From: "9", leadMinimumRank: "X",
                leadMinimumPIP: "7", reason: " "
            ).failure)
        #expect(
            Set(errors.errors.map(\.field)) == [
                "mapping_days", "reassessment_days", "band2_from", "lead_minimum_rank", "lead_minimum_pip", "reason",
            ])
        let ok = try OCGPolicy.check(
            mappingDays: "14", reassessmentDays: "56", band1From: "13", band2From: "9", leadMinimumRank: "DI",
            leadMinimumPIP: "2", reason: "Align with the regional unit"
        ).get()
        #expect(ok.policy.mappingDays == 14 && ok.policy.leadMinimumRank == .detectiveInspector)
    }
}

extension Result {
    /// The failure, for tests that look at refused drafts.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// Where a group stands from the deadlines its records keep.
@Suite struct OCGMappingStateTests {
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    @Test func `the stored deadlines decide, the due day itself still in time`() {
        let due = Self.day("2026-02-01")
        #expect(
            OCGMappingState.of(status: .active, firstMappingDue: due, nextDue: nil, today: due)
                == .awaitingMapping(due: due))
        #expect(
            OCGMappingState.of(status: .active, firstMappingDue: due, nextDue: nil, today: Self.day("2026-02-02"))
                == .mappingOverdue(due: due))
        let next = Self.day("2026-05-01")
        #expect(
            OCGMappingState.of(status: .dormant, firstMappingDue: due, nextDue: next, today: next)
                == .mapped(nextDue: next))
        #expect(
            OCGMappingState.of(status: .active, firstMappingDue: due, nextDue: next, today: Self.day("2026-05-02"))
                == .reassessmentOverdue(due: next))
        #expect(OCGMappingState.of(status: .dismantled, firstMappingDue: due, nextDue: nil, today: next) == .closed)
    }
}
