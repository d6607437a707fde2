import BluelampCore
import Foundation
import Testing

@Suite struct VisitScheduleTests {
    private typealias F = OffenderFixtures

    @Test func `the next visit is due the frequency in calendar months after the last successful visit`() {
        let high = VisitFrequency(defaultFor: .high)
        let due = VisitSchedule.nextVisitDue(
            lastSuccessfulVisit: F.day("2024-11-30"), registeredOn: F.day("2019-05-01"), frequency: high)
        #expect(due == F.day("2025-02-28"))
    }

    @Test func `a visit on the due date is in time and the day after is one day overdue`() {
        let due = F.day("2025-02-28")
        #expect(VisitSchedule.daysOverdue(nextVisitDue: due, today: due) == 0)
        #expect(VisitSchedule.daysOverdue(nextVisitDue: due, today: F.day("2025-03-01")) == 1)
        #expect(VisitSchedule.daysOverdue(nextVisitDue: due, today: F.day("2025-01-01")) == 0)
    }

    @Test func `escalates at twice the visit frequency and not a day before`() {
        let anchors = ["2017-03-14", "2024-01-31", "2024-02-29", "2023-08-31", "2025-12-31"].map(F.day)
        for risk in OffenderRiskLevel.allCases {
            let frequency = VisitFrequency(defaultFor: risk)
            for anchor in anchors {
                let twice = F.adding(months: 2 * frequency.months, to: anchor)
                let dayBefore = F.adding(days: -1, to: twice)
                #expect(
                    VisitSchedule.escalationDate(
                        lastSuccessfulVisit: anchor, registeredOn: anchor, frequency: frequency)
                        == twice)
                #expect(
                    !VisitSchedule.shouldConsiderArrestOrWarrant(
                        lastSuccessfulVisit: anchor, registeredOn: F.day("2010-01-01"), frequency: frequency,
                        today: dayBefore.addingTimeInterval(86_399)),
                    "\(risk) from \(F.text(anchor)) on \(F.text(dayBefore))")
                #expect(
                    VisitSchedule.shouldConsiderArrestOrWarrant(
                        lastSuccessfulVisit: anchor, registeredOn: F.day("2010-01-01"), frequency: frequency,
                        today: twice),
                    "\(risk) from \(F.text(anchor)) on \(F.text(twice))")
            }
        }
    }

    @Test func `escalation never fires on any day before twice the frequency`() {
        let frequency = VisitFrequency(defaultFor: .veryHigh)
        let last = F.day("2025-01-31")
        var today = last
        while today < F.day("2025-04-15") {
            let fires = VisitSchedule.shouldConsiderArrestOrWarrant(
                lastSuccessfulVisit: last, registeredOn: last, frequency: frequency, today: today)
            #expect(fires == (today >= F.day("2025-03-31")), "\(F.text(today))")
            today = F.adding(days: 1, to: today)
        }
    }

    @Test func `an offender never visited is counted from the date they were registered`() {
        let frequency = VisitFrequency(defaultFor: .medium)
        let registered = F.day("2024-03-10")
        #expect(
            VisitSchedule.nextVisitDue(lastSuccessfulVisit: nil, registeredOn: registered, frequency: frequency)
                == F.day("2024-09-10"))
        #expect(
            !VisitSchedule.shouldConsiderArrestOrWarrant(
                lastSuccessfulVisit: nil, registeredOn: registered, frequency: frequency, today: F.day("2025-03-09")))
        #expect(
            VisitSchedule.shouldConsiderArrestOrWarrant(
                lastSuccessfulVisit: nil, registeredOn: registered, frequency: frequency, today: F.day("2025-03-10")))
    }

    @Test func `a frequency other than the default needs a reason`() throws {
        #expect(throws: VisitFrequencyError.reasonMissing) { try VisitFrequency(months: 2, overrideReason: "  ") }
        #expect(throws: VisitFrequencyError.monthsOutOfRange(0)) { try VisitFrequency(months: 0, overrideReason: "x") }
        #expect(throws: VisitFrequencyError.monthsOutOfRange(25)) {
            try VisitFrequency(months: 25, overrideReason: "x")
        }
        let monthly = try VisitFrequency(months: 1, overrideReason: "SHPO breach suspected")
        #expect(monthly.isOverridden)
        #expect(monthly.overrideReason == "SHPO breach suspected")
        #expect(!monthly.isLooserThanDefault(for: .high))
        #expect(try VisitFrequency(months: 6, overrideReason: "stable").isLooserThanDefault(for: .high))
        #expect(!VisitFrequency(defaultFor: .low).isOverridden)
    }
}
