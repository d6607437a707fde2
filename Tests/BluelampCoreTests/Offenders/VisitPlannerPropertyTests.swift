import BluelampCore
import Foundation
import Testing

/// Properties of the planner over many seeded random registers (`RSORegisterGenerator`), each checked
/// against an independent replay of the plan (`VisitPlanAudit`).
@Suite struct VisitPlannerPropertyTests {
    private typealias F = OffenderFixtures

    private static let registerSeeds: [UInt64] = Array(1...150)

    /// Capacity no week can exceed: one visit a week for every offender of the manager.
    private func unlimited(_ register: RSORegisterGenerator.Register) -> [VisitPlanner.Manager] {
        register.managerIDs.map { .init(id: $0, visitsPerWeek: register.offenders.count + 1) }
    }

    /// The most visits the manager makes in any one week of `plan`.
    private func peakWeeklyVisits(_ plan: VisitPlan, register: RSORegisterGenerator.Register) -> [String: Int] {
        var counts: [String: [Int: Int]] = [:]
        for visit in plan.visits {
            counts[visit.managerID, default: [:]][
                VisitPlanAudit.week(of: visit.date, start: register.start), default: 0] += 1
        }
        return Dictionary(uniqueKeysWithValues: register.managerIDs.map { ($0, counts[$0]?.values.max() ?? 0) })
    }

    @Test(arguments: registerSeeds)
    func `with enough capacity nobody exceeds their visit frequency`(registerSeed: UInt64) {
        // "Enough" is the busiest week of the plan made with unlimited capacity: with that many visits a
        // week the plan must be the same one, and every offender stays within frequency.
        // Odd seeds start with many offenders overdue; even ones with only the never-visited.
        let register = RSORegisterGenerator.register(
            seed: registerSeed, lastVisitSpread: registerSeed.isMultiple(of: 2) ? 0.95 : 1.5)
        let planner = VisitPlanner()
        let free = planner.plan(
            offenders: register.offenders, managers: unlimited(register), start: register.start, weeks: register.weeks,
            seed: registerSeed)
        let peak = peakWeeklyVisits(free, register: register)
        let managers = register.managerIDs.map { VisitPlanner.Manager(id: $0, visitsPerWeek: peak[$0]!) }
        let plan = planner.plan(
            offenders: register.offenders, managers: managers, start: register.start, weeks: register.weeks,
            seed: registerSeed)

        #expect(plan.visits == free.visits)
        let findings = VisitPlanAudit.findings(
            offenders: register.offenders, plan: plan, start: register.start, weeks: register.weeks)
        let overdueAtStart = Set(findings.filter { $0.value.daysOverdueAtStart > 0 }.keys)
        for offender in register.offenders {
            let finding = findings[offender.id]!
            #expect(finding.daysOverdueAtEnd == 0, "\(offender.id) overdue at the end")
            let visits = plan.visits.filter { $0.offenderID == offender.id }
            if overdueAtStart.contains(offender.id) {
                // Already overdue: seen in the first week, and on time after that.
                #expect(
                    visits.first.map { VisitPlanAudit.week(of: $0.date, start: register.start) } == 0, "\(offender.id)")
                #expect(finding.lateVisits == 1, "\(offender.id)")
            } else {
                #expect(finding.lateVisits == 0, "\(offender.id) visited late")
                #expect(finding.maxDaysOverdue == 0, "\(offender.id) overdue")
            }
        }
        #expect(Set(plan.backlog.map(\.offenderID)) == overdueAtStart)
    }

    @Test(arguments: registerSeeds)
    func `with too little capacity the forecast names exactly those who fall overdue`(registerSeed: UInt64) {
        let register = RSORegisterGenerator.register(seed: registerSeed)
        var random = OffenderTestRandom(seed: registerSeed + 1000)
        let planner = VisitPlanner()
        let free = planner.plan(
            offenders: register.offenders, managers: unlimited(register), start: register.start, weeks: register.weeks,
            seed: registerSeed)
        let peak = peakWeeklyVisits(free, register: register)
        let managers = register.managerIDs.map {
            VisitPlanner.Manager(id: $0, visitsPerWeek: random.int(0...max(0, peak[$0]! - 1)))
        }
        let capacity = Dictionary(uniqueKeysWithValues: managers.map { ($0.id, $0.visitsPerWeek) })
        let plan = planner.plan(
            offenders: register.offenders, managers: managers, start: register.start, weeks: register.weeks,
            seed: registerSeed)

        let findings = VisitPlanAudit.findings(
            offenders: register.offenders, plan: plan, start: register.start, weeks: register.weeks)
        let overdue = findings.filter { $0.value.maxDaysOverdue > 0 }
        #expect(Set(plan.backlog.map(\.offenderID)) == Set(overdue.keys))
        for entry in plan.backlog {
            let finding = findings[entry.offenderID]!
            #expect(entry.maxDaysOverdue == finding.maxDaysOverdue, "\(entry.offenderID)")
            #expect(entry.daysOverdueAtEnd == finding.daysOverdueAtEnd, "\(entry.offenderID)")
            #expect(entry.daysOverdueAtStart == finding.daysOverdueAtStart, "\(entry.offenderID)")
            #expect(entry.firstOverdueOn == finding.firstOverdueOn, "\(entry.offenderID)")
        }
        // Never more visits in a week than the manager can make.
        let weekly = Dictionary(grouping: plan.visits) {
            "\($0.managerID) \(VisitPlanAudit.week(of: $0.date, start: register.start))"
        }
        for visits in weekly.values {
            #expect(visits.count <= capacity[visits[0].managerID]!)
        }
    }

    @Test func `too little capacity does leave someone overdue in most random registers`() {
        // Guards the property above against passing only because nobody ever fell overdue.
        var withBacklog = 0
        for seed in Self.registerSeeds {
            let register = RSORegisterGenerator.register(seed: seed)
            let managers = register.managerIDs.map { VisitPlanner.Manager(id: $0, visitsPerWeek: 1) }
            let plan = VisitPlanner().plan(
                offenders: register.offenders, managers: managers, start: register.start, weeks: register.weeks,
                seed: seed)
            if plan.backlog.contains(where: { $0.daysOverdueAtStart == 0 }) { withBacklog += 1 }
        }
        #expect(withBacklog > Self.registerSeeds.count / 2)
    }

    @Test(arguments: registerSeeds.prefix(60))
    func `when capacity is short an overdue offender waits only for others overdue and at least as risky`(
        registerSeed: UInt64
    ) {
        let register = RSORegisterGenerator.register(seed: registerSeed)
        let managers = register.managerIDs.map {
            VisitPlanner.Manager(id: $0, visitsPerWeek: 1 + Int(registerSeed % 3))
        }
        let plan = VisitPlanner().plan(
            offenders: register.offenders, managers: managers, start: register.start, weeks: register.weeks,
            seed: registerSeed)
        // Replay each offender's due day week by week.
        var due = Dictionary(
            uniqueKeysWithValues: register.offenders.map {
                ($0.id, VisitPlanAudit.initialDue($0, start: register.start))
            })
        let byWeek = Dictionary(grouping: plan.visits) { VisitPlanAudit.week(of: $0.date, start: register.start) }
        for week in 0..<register.weeks {
            let weekStart = F.adding(days: 7 * week, to: register.start)
            let visits = byWeek[week, default: []]
            let visited = Set(visits.map(\.offenderID))
            for manager in managers {
                let mine = visits.filter { $0.managerID == manager.id }
                let waiting = register.offenders.filter {
                    $0.managerID == manager.id && due[$0.id]! < weekStart && !visited.contains($0.id)
                }
                for offender in waiting {
                    #expect(mine.count == manager.visitsPerWeek)
                    for visit in mine {
                        #expect(
                            due[visit.offenderID]! < weekStart, "\(visit.offenderID) seen before overdue \(offender.id)"
                        )
                        #expect(visit.risk >= offender.risk, "\(visit.offenderID) seen before riskier \(offender.id)")
                    }
                }
            }
            for visit in visits {
                let offender = register.offenders.first { $0.id == visit.offenderID }!
                due[visit.offenderID] = F.adding(months: offender.frequencyMonths, to: visit.date)
            }
        }
    }

    @Test(arguments: registerSeeds.prefix(80))
    func `the unannounced target is met over a year or more`(registerSeed: UInt64) {
        let register = RSORegisterGenerator.register(seed: registerSeed, weeks: 52...104)
        let managers = register.managerIDs.map {
            VisitPlanner.Manager(id: $0, visitsPerWeek: 2 + Int(registerSeed % 7))
        }
        let plan = VisitPlanner().plan(
            offenders: register.offenders, managers: managers, start: register.start, weeks: register.weeks,
            seed: registerSeed)
        let unannounced = plan.visits.count { !$0.announced }
        #expect(2 * unannounced >= plan.visits.count)
        for manager in register.managerIDs {
            let mine = plan.visits.filter { $0.managerID == manager }
            #expect(2 * mine.count { !$0.announced } >= mine.count, "\(manager)")
        }
        // Every high and very high risk visit has an unannounced visit within the 12 months up to it,
        // and so every such offender visited in a year has at least one unannounced visit in it.
        for offender in register.offenders where offender.risk >= .high {
            let visits = plan.visits.filter { $0.offenderID == offender.id }
            for visit in visits {
                let yearBefore = F.adding(months: -12, to: visit.date)
                #expect(
                    visits.contains { !$0.announced && $0.date <= visit.date && $0.date > yearBefore },
                    "\(offender.id) on \(F.text(visit.date))")
            }
            if !visits.isEmpty { #expect(!visits[0].announced) }
        }
    }

    @Test func `the overall unannounced share meets a stricter target too`() {
        let register = RSORegisterGenerator.register(seed: 4242, weeks: 52...52, maxOffenders: 60)
        let planner = VisitPlanner(policy: .init(unannouncedShareTarget: 0.8))
        let plan = planner.plan(
            offenders: register.offenders, managers: register.managerIDs.map { .init(id: $0, visitsPerWeek: 10) },
            start: register.start, weeks: register.weeks, seed: 1)
        #expect(plan.unannouncedShare >= 0.8)
        #expect(plan.visits.contains { $0.announced })
    }

    @Test func `visits are spread over every day of the week and into the evening`() {
        var all: [PlannedVisit] = []
        for seed in Self.registerSeeds.prefix(40) {
            let register = RSORegisterGenerator.register(seed: seed, weeks: 26...52, maxOffenders: 60)
            all +=
                VisitPlanner().plan(
                    offenders: register.offenders,
                    managers: register.managerIDs.map { .init(id: $0, visitsPerWeek: 15) },
                    start: register.start, weeks: register.weeks, seed: seed
                ).visits
        }
        let weekdays = Dictionary(grouping: all) { F.calendar.component(.weekday, from: $0.date) }
        #expect(weekdays.keys.sorted() == Array(1...7))
        for (weekday, visits) in weekdays {
            #expect(Double(visits.count) > Double(all.count) / 7 * 0.7, "weekday \(weekday)")
        }
        let evening = all.count { $0.time.hour >= 17 }
        #expect(Double(evening) > Double(all.count) * 0.25)
        #expect(all.allSatisfy { VisitPlanner.Policy.defaultVisitTimes.contains($0.time) })
        #expect(all.contains { $0.time.text == "21:00" } && all.contains { $0.time.text == "08:00" })
    }

    @Test func `a manager never has two visits at the same time on the same day`() {
        for seed in Self.registerSeeds.prefix(40) {
            let register = RSORegisterGenerator.register(seed: seed)
            let plan = VisitPlanner().plan(
                offenders: register.offenders, managers: register.managerIDs.map { .init(id: $0, visitsPerWeek: 12) },
                start: register.start, weeks: register.weeks, seed: seed)
            let slots = plan.visits.map { "\($0.managerID) \(F.text($0.date)) \($0.time.text)" }
            #expect(Set(slots).count == slots.count)
        }
    }

    @Test func `the same seed gives the same plan and other seeds may differ`() {
        let register = RSORegisterGenerator.register(seed: 77, weeks: 20...20, maxOffenders: 40)
        let managers = register.managerIDs.map { VisitPlanner.Manager(id: $0, visitsPerWeek: 4) }
        func plan(_ seed: UInt64) -> VisitPlan {
            VisitPlanner().plan(
                offenders: register.offenders, managers: managers, start: register.start, weeks: register.weeks,
                seed: seed)
        }
        #expect(plan(12345) == plan(12345))
        let variants = Set((1...6).map { seed in plan(UInt64(seed)).visits.map { "\($0)" } })
        #expect(variants.count > 1)
    }

    @Test func `the order of the input does not change the plan`() {
        let register = RSORegisterGenerator.register(seed: 31, weeks: 20...20)
        let managers = register.managerIDs.map { VisitPlanner.Manager(id: $0, visitsPerWeek: 3) }
        let forward = VisitPlanner().plan(
            offenders: register.offenders, managers: managers, start: register.start, weeks: register.weeks, seed: 8)
        let reversed = VisitPlanner().plan(
            offenders: register.offenders.reversed(), managers: managers.reversed(), start: register.start,
            weeks: register.weeks, seed: 8)
        #expect(forward == reversed)
    }

    @Test func `adding a manager does not change another manager's plan`() {
        let register = RSORegisterGenerator.register(seed: 64, weeks: 12...12)
        let offenders = register.offenders.map { offender in
            var copy = offender
            copy.managerID = "OM-1"
            return copy
        }
        let alone = VisitPlanner().plan(
            offenders: offenders, managers: [.init(id: "OM-1", visitsPerWeek: 3)], start: register.start, weeks: 12,
            seed: 8)
        let extra = VisitPlanner.Offender(id: "ZZZ", managerID: "OM-2", risk: .high, lastSuccessfulVisit: nil)
        let together = VisitPlanner().plan(
            offenders: offenders + [extra],
            managers: [.init(id: "OM-1", visitsPerWeek: 3), .init(id: "OM-2", visitsPerWeek: 3)],
            start: register.start, weeks: 12, seed: 8)
        #expect(together.visits.filter { $0.managerID == "OM-1" } == alone.visits)
    }
}
