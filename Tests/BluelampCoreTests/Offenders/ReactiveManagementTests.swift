import BluelampCore
import Foundation
import Testing

@Suite struct ReactiveManagementTests {
    private typealias F = OffenderFixtures

    private func assessment(_ date: String, _ level: OffenderRiskLevel) -> OffenderRiskAssessment {
        OffenderRiskAssessment(assessedOn: F.day(date), level: level, reviewDue: F.adding(months: 12, to: F.day(date)))
    }

    private var lowSince2021: [OffenderRiskAssessment] {
        [
            assessment("2019-05-01", .medium), assessment("2021-03-10", .low), assessment("2022-03-01", .low),
            assessment("2023-02-20", .low),
        ]
    }

    @Test func `refuses reactive management a day short of three years at low risk`() {
        let decision = ReactiveManagement.decide(
            assessments: lowSince2021, decidedBy: .detectiveSergeant, reason: "stable", today: F.day("2024-03-09"))
        #expect(
            decision.refusal
                == .lowRiskUnderThreeYears(since: F.day("2021-03-10"), eligibleOn: F.day("2024-03-10")))
        #expect(decision.refusal?.description.contains("not before 2024-03-10") == true)
    }

    @Test func `allows reactive management after exactly three years at low risk by a supervisor's decision`() {
        let decision = ReactiveManagement.decide(
            assessments: lowSince2021, decidedBy: .sergeant, reason: "three years low, stable address",
            today: F.day("2024-03-10"))
        #expect(decision == .approved(lowRiskSince: F.day("2021-03-10")))
        #expect(decision.isApproved)
    }

    @Test func `refuses reactive management under three years however long the history`() {
        for monthsAtLow in [0, 1, 12, 24, 35] {
            let today = F.day("2025-06-15")
            let lowFrom = F.adding(months: -monthsAtLow, to: today)
            let history = [
                OffenderRiskAssessment(assessedOn: F.day("2005-01-01"), level: .high, reviewDue: F.day("2006-01-01")),
                OffenderRiskAssessment(assessedOn: lowFrom, level: .low, reviewDue: today),
            ]
            let decision = ReactiveManagement.decide(
                assessments: history, decidedBy: .inspector, reason: "review", today: today)
            #expect(!decision.isApproved, "\(monthsAtLow) months")
        }
    }

    @Test func `a higher risk assessment restarts the three years`() {
        let history = lowSince2021 + [assessment("2023-09-01", .medium), assessment("2024-01-05", .low)]
        #expect(ReactiveManagement.lowRiskSince(history) == F.day("2024-01-05"))
        let decision = ReactiveManagement.decide(
            assessments: history, decidedBy: .detectiveInspector, reason: "stable", today: F.day("2025-01-01"))
        #expect(
            decision.refusal == .lowRiskUnderThreeYears(since: F.day("2024-01-05"), eligibleOn: F.day("2027-01-05")))
    }

    @Test func `refuses an offender who is not low risk`() {
        let history = [assessment("2015-01-01", .low), assessment("2024-01-01", .medium)]
        let decision = ReactiveManagement.decide(
            assessments: history, decidedBy: .sergeant, reason: "x", today: F.day("2025-01-01"))
        #expect(decision.refusal == .notLowRisk(.medium))
    }

    @Test func `refuses a decision that is not a supervisor's or has no reason`() {
        let today = F.day("2025-01-01")
        #expect(
            ReactiveManagement.decide(assessments: lowSince2021, decidedBy: .constable, reason: "x", today: today)
                .refusal
                == .notASupervisor(.constable))
        #expect(
            ReactiveManagement.decide(assessments: lowSince2021, decidedBy: .policeStaff, reason: "x", today: today)
                .refusal == .notASupervisor(.policeStaff))
        #expect(
            ReactiveManagement.decide(assessments: lowSince2021, decidedBy: .sergeant, reason: " \n", today: today)
                .refusal
                == .reasonMissing)
        #expect(
            ReactiveManagement.decide(assessments: [], decidedBy: .sergeant, reason: "x", today: today).refusal
                == .noRiskAssessment)
    }

    @Test func `a risk assessment past its review date is overdue`() {
        let current = [assessment("2023-01-01", .high), assessment("2024-02-01", .medium)].current!
        #expect(current.level == .medium)
        #expect(!current.isReviewOverdue(today: F.day("2025-02-01")))
        #expect(current.isReviewOverdue(today: F.day("2025-02-02")))
        #expect(current.reviewDaysOverdue(today: F.day("2025-02-11")) == 10)
    }
}
