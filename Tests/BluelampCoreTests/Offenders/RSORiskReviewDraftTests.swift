import BluelampCore
import Foundation
import Testing

/// A risk review's visit interval (issue 15, "Tell the truth"): the risk level's frequencies are minimums, so a
/// longer interval needs a supervisor's approval as well as a reason.
@Suite struct RSORiskReviewDraftTests {
    let today = OffenderCalendar.parseDay("2025-06-02")!

    func draft(level: String, months: String, reason: String = "MAPPA meeting agreed stable and compliant")
        -> RSORiskReviewDraft
    {
        RSORiskReviewDraft(assessedOn: "2025-06-01", level: level, frequencyMonths: months, frequencyReason: reason)
    }

    @Test func `an interval longer than the minimum is refused at frequency_months without a supervisor's approval`() {
        guard
            case .failure(let problems) = draft(level: "high", months: "24").check(
                today: today, supervisorApproves: false)
        else {
            Issue.record("a two-year interval for high risk was accepted without approval")
            return
        }
        #expect(problems.errors.map(\.field) == ["frequency_months"])
        #expect(problems.errors.first?.message.contains("supervisor") == true)
    }

    @Test func `a supervisor may set a longer interval, with its reason`() throws {
        let checked = try draft(level: "high", months: "24").check(today: today, supervisorApproves: true).get()
        #expect(checked.frequency.months == 24)
        #expect(checked.frequency.isLooserThanDefault(for: .high))
    }

    @Test func `the minimum itself or a shorter interval needs no approval`() throws {
        #expect(try draft(level: "high", months: "3", reason: "").check(today: today).get().frequency.months == 3)
        #expect(try draft(level: "medium", months: "2").check(today: today).get().frequency.months == 2)
        #expect(
            try draft(level: "low", months: "12", reason: "").check(today: today).get().frequency.isOverridden == false)
    }

    @Test func `a longer interval still needs a reason from a supervisor`() {
        let refused = draft(level: "low", months: "18", reason: " ").check(today: today, supervisorApproves: true)
        guard case .failure(let problems) = refused else {
            Issue.record("accepted without a reason")
            return
        }
        #expect(problems.errors.map(\.field) == ["frequency_months"])
    }
}
