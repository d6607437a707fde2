import BluelampCore
import Foundation
import Testing

/// Hand-made registers whose plans are worked out in the comments.
@Suite struct VisitPlannerTests {
    private typealias F = OffenderFixtures

    /// Monday 6 January 2025. Weeks: 0 is 6–12 Jan, 1 is 13–19, 2 is 20–26, 3 is 27 Jan–2 Feb.
    private let start = F.day("2025-01-06")

    private func offender(
        _ id: String, _ risk: OffenderRiskLevel, lastVisit: String?, registered: String? = nil,
        manager: String = "OM-1",
        lastUnannounced: String? = nil
    ) -> VisitPlanner.Offender {
        VisitPlanner.Offender(
            id: id, managerID: manager, risk: risk, lastSuccessfulVisit: lastVisit.map(F.day),
            registeredOn: registered.map(F.day), lastUnannouncedVisit: lastUnannounced.map(F.day))
    }

    private func week(_ visit: PlannedVisit) -> Int { VisitPlanAudit.week(of: visit.date, start: start) }

    @Test func `plans an overdue offender in the first week and a due one in the week it falls due`() throws {
        // A is due 22 Jan (week 2); B is due 10 Feb, after the horizon; C, registered 2 Jan 2024 and never
        // seen, was due 2 Jan 2025 and is 4 days overdue at the start.
        let offenders = [
            offender("A", .veryHigh, lastVisit: "2024-12-22"),
            offender("B", .high, lastVisit: "2024-11-10"),
            offender("C", .low, lastVisit: nil, registered: "2024-01-02"),
        ]
        let plan = VisitPlanner().plan(
            offenders: offenders, managers: [.init(id: "OM-1", visitsPerWeek: 2)], start: start, weeks: 4, seed: 1)

        #expect(plan.visits.map(\.offenderID) == ["C", "A"])
        let c = plan.visits[0]
        let a = plan.visits[1]
        #expect(week(c) == 0)
        #expect(c.reason == .overdue)
        #expect(c.dueBy == F.day("2025-01-02"))
        #expect(week(a) == 2)
        #expect(a.reason == .due)
        #expect(a.date <= F.day("2025-01-22"))
        #expect(a.announced == false, "a very high risk offender's first planned visit is unannounced")

        let backlog = try #require(plan.backlog.only)
        #expect(backlog.offenderID == "C")
        #expect(backlog.daysOverdueAtStart == 4)
        #expect(backlog.firstOverdueOn == start)
        #expect(backlog.maxDaysOverdue == F.days(from: F.day("2025-01-02"), to: c.date))
        #expect(backlog.daysOverdueAtEnd == 0)
    }

    @Test func `a visit due on the first day of a week is planned for that day`() {
        let plan = VisitPlanner().plan(
            offenders: [offender("A", .veryHigh, lastVisit: "2024-12-13")],
            managers: [.init(id: "OM-1", visitsPerWeek: 3)], start: start, weeks: 3, seed: 99)
        #expect(plan.visits.map(\.date) == [F.day("2025-01-13")])
        #expect(plan.backlog.isEmpty)
    }

    /// Eight very high risk offenders all fall due in week 3 (27 Jan–2 Feb); the manager can make four
    /// visits a week.
    private var bunched: [VisitPlanner.Offender] {
        [
            "2024-12-27", "2024-12-27", "2024-12-28", "2024-12-29", "2024-12-30", "2024-12-31", "2025-01-01",
            "2025-01-02",
        ]
        .enumerated().map { offender("V\($0.offset + 1)", .veryHigh, lastVisit: $0.element) }
    }

    @Test func `brings visits forward when a later week is over capacity`() {
        // In week 2 only four of the eight fit in week 3, so the four due first (V1–V4) are brought forward.
        let plan = VisitPlanner().plan(
            offenders: bunched, managers: [.init(id: "OM-1", visitsPerWeek: 4)], start: start, weeks: 4, seed: 5)
        let byWeek = Dictionary(grouping: plan.visits, by: week)
        #expect(Set(byWeek[2, default: []].map(\.offenderID)) == ["V1", "V2", "V3", "V4"])
        #expect(byWeek[2, default: []].allSatisfy { $0.reason == .broughtForward })
        #expect(Set(byWeek[3, default: []].map(\.offenderID)) == ["V5", "V6", "V7", "V8"])
        #expect(byWeek[3, default: []].allSatisfy { $0.reason == .due && $0.date <= $0.dueBy })
        #expect(byWeek[0] == nil && byWeek[1] == nil)
        #expect(plan.backlog.isEmpty)
    }

    @Test func `without looking ahead the same register leaves three offenders overdue`() {
        // Week 3 must take V1–V4 (due first); V5–V7 are then 3, 2 and 1 days overdue on 2 February and
        // V8, due on 2 February itself, is not overdue.
        let planner = VisitPlanner(policy: .init(lookaheadWeeks: 0))
        let plan = planner.plan(
            offenders: bunched, managers: [.init(id: "OM-1", visitsPerWeek: 4)], start: start, weeks: 4, seed: 5)
        #expect(Set(plan.visits.map(\.offenderID)) == ["V1", "V2", "V3", "V4"])
        #expect(plan.backlog.map(\.offenderID) == ["V5", "V6", "V7"])
        #expect(plan.backlog.map(\.daysOverdueAtEnd) == [3, 2, 1])
        #expect(plan.backlog.map(\.firstOverdueOn) == ["2025-01-31", "2025-02-01", "2025-02-02"].map(F.day))
    }

    @Test func `very high risk comes before high when both are overdue and one visit fits`() {
        // X (very high) was due 1 Dec, Y (high) 15 Dec: X in week 0, Y in week 1.
        let plan = VisitPlanner().plan(
            offenders: [
                offender("Y", .high, lastVisit: "2024-09-15"), offender("X", .veryHigh, lastVisit: "2024-11-01"),
            ],
            managers: [.init(id: "OM-1", visitsPerWeek: 1)], start: start, weeks: 3, seed: 3)
        #expect(plan.visits.map(\.offenderID) == ["X", "Y"])
        #expect(plan.visits.map(week) == [0, 1])
        #expect(plan.backlog.map(\.offenderID) == ["X", "Y"])
        #expect(plan.backlog[1].maxDaysOverdue == F.days(from: F.day("2024-12-15"), to: plan.visits[1].date))
    }

    @Test func `an overdue low risk offender still comes before a very high risk one merely due`() {
        let plan = VisitPlanner().plan(
            offenders: [
                offender("L", .low, lastVisit: "2023-12-01"), offender("V", .veryHigh, lastVisit: "2024-12-08"),
            ],
            managers: [.init(id: "OM-1", visitsPerWeek: 1)], start: start, weeks: 1, seed: 3)
        #expect(plan.visits.map(\.offenderID) == ["L"])
        #expect(plan.backlog.map(\.offenderID) == ["V", "L"])
    }

    @Test func `every first visit to a high or very high risk offender is unannounced`() {
        let offenders = (1...30).map {
            offender("H\($0)", $0.isMultiple(of: 2) ? .high : .veryHigh, lastVisit: "2024-10-01")
        }
        let plan = VisitPlanner().plan(
            offenders: offenders, managers: [.init(id: "OM-1", visitsPerWeek: 40)], start: start, weeks: 1, seed: 11)
        #expect(plan.visits.count == 30)
        #expect(plan.visits.allSatisfy { !$0.announced })
    }

    @Test func `an unannounced visit in the last year lets a high risk visit be announced`() {
        let offenders = (1...40).map {
            offender("H\($0)", .high, lastVisit: "2024-10-01", lastUnannounced: "2024-10-01")
        }
        let plan = VisitPlanner().plan(
            offenders: offenders, managers: [.init(id: "OM-1", visitsPerWeek: 40)], start: start, weeks: 1, seed: 11)
        #expect(plan.visits.contains { $0.announced })
        #expect(plan.unannouncedShare >= 0.5)
    }

    @Test func `a manager with no capacity plans nothing and every offender of theirs who falls due is forecast`() {
        let plan = VisitPlanner().plan(
            offenders: [offender("A", .medium, lastVisit: "2024-08-01"), offender("B", .low, lastVisit: "2024-12-01")],
            managers: [.init(id: "OM-1", visitsPerWeek: 0)], start: start, weeks: 4, seed: 1)
        #expect(plan.visits.isEmpty)
        #expect(plan.backlog.map(\.offenderID) == ["A"])
        #expect(plan.backlog[0].daysOverdueAtEnd == F.days(from: F.day("2025-02-01"), to: F.day("2025-02-02")))
    }

    @Test func `an offender whose manager is not given is forecast as overdue`() {
        let plan = VisitPlanner().plan(
            offenders: [offender("A", .high, lastVisit: "2024-09-01", manager: "OM-9")],
            managers: [.init(id: "OM-1", visitsPerWeek: 5)], start: start, weeks: 2, seed: 1)
        #expect(plan.visits.isEmpty)
        #expect(plan.backlog.map(\.managerMissing) == [true])
    }

    @Test func `a never visited offender with no registration date is overdue from the first day`() throws {
        let plan = VisitPlanner().plan(
            offenders: [offender("N", .medium, lastVisit: nil)],
            managers: [.init(id: "OM-1", visitsPerWeek: 1)], start: start, weeks: 2, seed: 1)
        let entry = try #require(plan.backlog.only)
        #expect(entry.dueDateUnknown)
        #expect(entry.daysOverdueAtStart == 1)
        #expect(entry.firstOverdueOn == start)
        #expect(plan.visits.map(week) == [0])
    }

    @Test func `a registered offender never visited is due a frequency after registration`() {
        let plan = VisitPlanner().plan(
            offenders: [offender("R", .veryHigh, lastVisit: nil, registered: "2024-12-20")],
            managers: [.init(id: "OM-1", visitsPerWeek: 1)], start: start, weeks: 4, seed: 1)
        #expect(plan.visits.map(\.dueBy) == [F.day("2025-01-20")])
        #expect(plan.visits.map(week) == [2])
        #expect(plan.backlog.isEmpty)
    }

    @Test func `a plan of no weeks is empty`() {
        let plan = VisitPlanner().plan(
            offenders: [offender("N", .medium, lastVisit: nil)],
            managers: [.init(id: "OM-1", visitsPerWeek: 1)], start: start, weeks: 0, seed: 1)
        #expect(plan.visits.isEmpty && plan.backlog.isEmpty)
    }

    @Test func `a planned visit starts at its London wall-clock time`() throws {
        let visit = PlannedVisit(
            offenderID: "A", managerID: "OM-1", date: F.day("2025-07-01"), time: VisitTimeOfDay(hour: 19, minute: 30)!,
            announced: false, risk: .high, dueBy: F.day("2025-07-03"), reason: .due)
        let bst = try #require(TimeZone(secondsFromGMT: 3600))
        #expect(visit.starts(in: bst) == F.day("2025-07-01").addingTimeInterval(18.5 * 3600))
    }
}

extension Array {
    /// The single element, or nil when there are none or several.
    fileprivate var only: Element? { count == 1 ? self[0] : nil }
}
