import BluelampCore
import Foundation

/// Dates for offender tests, built with Foundation's own Gregorian calendar so that the tests do not
/// check `OffenderCalendar` against itself.
enum OffenderFixtures {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar
    }()

    /// 00:00 UTC on a `YYYY-MM-DD` date.
    static func day(_ text: String) -> Date {
        let parts = text.split(separator: "-").map { Int($0)! }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
    }

    static func adding(months: Int, to date: Date) -> Date {
        calendar.date(byAdding: .month, value: months, to: date)!
    }

    static func adding(days: Int, to date: Date) -> Date {
        calendar.date(byAdding: .day, value: days, to: date)!
    }

    static func days(from start: Date, to end: Date) -> Int {
        calendar.dateComponents([.day], from: start, to: end).day!
    }

    static func text(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}

/// The tests' own generator (xorshift64*), deliberately not the planner's SplitMix64.
struct OffenderTestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed == 0 ? 0x2545_F491_4F6C_DD1D : seed }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }

    mutating func element<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Random registers for the planner's property tests.
enum RSORegisterGenerator {
    struct Register {
        var offenders: [VisitPlanner.Offender]
        var managerIDs: [String]
        var start: Date
        var weeks: Int
    }

    /// Offenders spread over a few managers, with risk mostly low and medium (as on a real register),
    /// last visits up to `lastVisitSpread` frequencies ago (above 1, some are overdue at the start), some
    /// never visited (with or without a registration date), and a few frequency overrides.
    static func register(
        seed: UInt64, weeks: ClosedRange<Int> = 8...30, maxOffenders: Int = 40, lastVisitSpread: Double = 1.5
    ) -> Register {
        var random = OffenderTestRandom(seed: seed &* 0x9E37_79B9 &+ 17)
        let start = OffenderFixtures.adding(days: random.int(0...3650), to: OffenderFixtures.day("2018-01-01"))
        let managerIDs = (1...random.int(1...4)).map { "OM-\($0)" }
        let risks: [OffenderRiskLevel] = [.low, .low, .low, .medium, .medium, .medium, .high, .high, .veryHigh]
        var offenders: [VisitPlanner.Offender] = []
        for number in 1...random.int(1...maxOffenders) {
            let risk = random.element(risks)
            let override: Int? = random.chance(0.1) ? random.int(1...24) : nil
            let months = override ?? risk.defaultVisitFrequencyMonths
            let spreadDays = Int(Double(months) * 30 * lastVisitSpread)
            var lastVisit: Date? = OffenderFixtures.adding(days: -random.int(0...spreadDays), to: start)
            var registered: Date? = nil
            if random.chance(0.1) {
                lastVisit = nil
                if random.chance(0.6) { registered = OffenderFixtures.adding(days: -random.int(0...400), to: start) }
            }
            offenders.append(
                VisitPlanner.Offender(
                    id: "RSO-\(String(format: "%03d", number))", managerID: random.element(managerIDs), risk: risk,
                    lastSuccessfulVisit: lastVisit, frequencyMonthsOverride: override, registeredOn: registered))
        }
        return Register(offenders: offenders, managerIDs: managerIDs, start: start, weeks: random.int(weeks))
    }
}

/// Replays a plan against the register with Foundation's calendar, independently of the planner,
/// to find who is overdue and by how much.
enum VisitPlanAudit {
    struct Finding: Equatable {
        var daysOverdueAtStart = 0
        var firstOverdueOn: Date?
        var maxDaysOverdue = 0
        var daysOverdueAtEnd = 0
        var lateVisits = 0
    }

    static func initialDue(_ offender: VisitPlanner.Offender, start: Date) -> Date {
        guard let anchor = offender.lastSuccessfulVisit ?? offender.registeredOn else {
            return OffenderFixtures.adding(days: -1, to: start)
        }
        return OffenderFixtures.adding(months: offender.frequencyMonths, to: anchor)
    }

    /// Findings for every offender (keyed by id), whether overdue or not.
    static func findings(offenders: [VisitPlanner.Offender], plan: VisitPlan, start: Date, weeks: Int) -> [String:
        Finding]
    {
        let lastDay = OffenderFixtures.adding(days: 7 * weeks - 1, to: start)
        let visitsByOffender = Dictionary(grouping: plan.visits, by: \.offenderID)
        var result: [String: Finding] = [:]
        for offender in offenders {
            var finding = Finding()
            var due = initialDue(offender, start: start)
            finding.daysOverdueAtStart = max(0, OffenderFixtures.days(from: due, to: start))
            func note(_ day: Date) {
                let late = OffenderFixtures.days(from: due, to: day)
                guard late > 0 else { return }
                if finding.firstOverdueOn == nil {
                    finding.firstOverdueOn = max(start, OffenderFixtures.adding(days: 1, to: due))
                }
                finding.maxDaysOverdue = max(finding.maxDaysOverdue, late)
            }
            for visit in (visitsByOffender[offender.id] ?? []).sorted(by: { $0.date < $1.date }) {
                if OffenderFixtures.days(from: due, to: visit.date) > 0 { finding.lateVisits += 1 }
                note(visit.date)
                due = OffenderFixtures.adding(months: offender.frequencyMonths, to: visit.date)
            }
            note(lastDay)
            finding.daysOverdueAtEnd = max(0, OffenderFixtures.days(from: due, to: lastDay))
            result[offender.id] = finding
        }
        return result
    }

    /// The week of the plan a day falls in.
    static func week(of day: Date, start: Date) -> Int { OffenderFixtures.days(from: start, to: day) / 7 }
}
