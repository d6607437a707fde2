import Foundation

/// Plans offender managers' home visits to registered sex offenders, week by week (issue 8, "Visit planner").
///
/// The planner answers the inspection's findings: visits kept within each offender's frequency as far as
/// the managers' capacity allows, overdue and very high risk offenders first, most visits unannounced and
/// spread over days and times (evenings and weekends included), and a forecast of who will fall overdue
/// when the capacity is not there. It is deterministic: the same input and seed give the same plan.
///
/// ## Algorithm
///
/// Each manager is planned on their own, over weeks `0..<weeks`; week `w` is the seven days from
/// `start + 7w` (a week starts on whatever weekday `start` is). Each offender has a *due day*: the last
/// day the next visit is within frequency, i.e. the last successful visit (else the registration date)
/// plus the frequency in calendar months (`VisitSchedule.nextVisitDue`). An offender never visited and
/// with no registration date is treated as due the day before `start`: overdue from the first day, with
/// every overdue figure a lower bound. For each week:
///
/// 1. **Due visits.** Every offender due on or before the week's last day must be seen this week. They are
///    ordered: those already overdue when the week begins first, then by risk (very high, high, medium,
///    low), then by due day, then by offender id; the first `visitsPerWeek` are planned. The rest wait for
///    next week, when they are overdue and so come first.
/// 2. **Bringing visits forward.** If capacity is left, the planner looks ahead `lookaheadWeeks` weeks
///    (never past the horizon). It places each offender due in that window, latest due first, in the
///    latest window week on or before their due week with a free place (each week holding
///    `visitsPerWeek`). Whoever finds no place would be overdue unless seen earlier, so the spare capacity
///    goes to them, earliest due first. When no future week is over capacity nothing is brought forward:
///    an offender is then visited in the week their visit falls due, and the plan is exactly the plan with
///    unlimited capacity.
/// 3. **Days.** Each planned visit may fall on any day of the week up to its due day (any day when
///    overdue or brought forward). Taking the tightest deadline first, each visit goes to the allowed day
///    with the fewest of the manager's visits so far, ties broken at random, so the visits spread over all
///    seven days, weekends included, and no visit lands after its due day.
/// 4. **Times.** The policy's visit times are grouped into morning (before 12:00), afternoon and evening
///    (from 17:00). The week's visits take the bands in turn from a random starting band, so about a third
///    fall in each, evenings included, and each takes a random time in its band not already used by the
///    manager that day.
/// 5. **Announced or not.** In date and time order, a high or very high risk visit (the policy's
///    `unannouncedYearlyFor`) is unannounced when the offender has had no unannounced visit in the
///    12 months before it (visits before the plan count only when given as `lastUnannouncedVisit`). Any
///    other visit may be announced, at random with chance `1 − unannouncedShareTarget`, but only if the
///    manager's unannounced share, counting it, stays at or above the target. So each manager's share, and
///    therefore the whole plan's, meets the target at every point.
/// 6. **Next due.** A planned visit is assumed to succeed: the offender's due day becomes the visit day
///    plus the frequency.
///
/// The **backlog forecast** then lists every offender overdue on any day of the horizon: overdue from the
/// day after a due day until the day of the visit (a visit on day `v` against due day `d < v` is `v − d`
/// days late), or until the last day of the horizon when no visit comes. Offenders whose manager is not
/// among `managers` get no visits and appear there once overdue.
///
/// Each manager's random choices come from their own SplitMix64 stream (`seed` mixed with the manager's
/// id), so the seed fixes the plan and one manager's caseload does not disturb another's.
public struct VisitPlanner: Sendable {
    /// An offender as the planner needs them.
    public struct Offender: Sendable, Hashable, Codable {
        public var id: String
        public var managerID: String
        public var risk: OffenderRiskLevel
        /// Nil when never visited successfully.
        public var lastSuccessfulVisit: Date?
        /// The risk management plan's frequency in months, when it is not the risk level's default.
        public var frequencyMonthsOverride: Int?
        /// When registered; the visit clock of an offender never seen runs from here.
        public var registeredOn: Date?
        /// The latest unannounced visit before the plan, if known; counts toward the yearly unannounced visit.
        public var lastUnannouncedVisit: Date?

        public init(
            id: String, managerID: String, risk: OffenderRiskLevel, lastSuccessfulVisit: Date?,
            frequencyMonthsOverride: Int? = nil, registeredOn: Date? = nil, lastUnannouncedVisit: Date? = nil
        ) {
            self.id = id
            self.managerID = managerID
            self.risk = risk
            self.lastSuccessfulVisit = lastSuccessfulVisit
            self.frequencyMonthsOverride = frequencyMonthsOverride
            self.registeredOn = registeredOn
            self.lastUnannouncedVisit = lastUnannouncedVisit
        }

        public var frequencyMonths: Int { max(1, frequencyMonthsOverride ?? risk.defaultVisitFrequencyMonths) }
    }

    /// An offender manager and how many home visits they can make in a week.
    public struct Manager: Sendable, Hashable, Codable {
        public var id: String
        public var visitsPerWeek: Int

        public init(id: String, visitsPerWeek: Int) {
            self.id = id
            self.visitsPerWeek = visitsPerWeek
        }
    }

    /// The force's visit policy (defaults from shared/DESIGN.md, "Registered sex offenders").
    public struct Policy: Sendable, Hashable, Codable {
        /// At least this share of all visits unannounced (0…1).
        public var unannouncedShareTarget: Double
        /// Risk levels that must have at least one unannounced visit every 12 months.
        public var unannouncedYearlyFor: Set<OffenderRiskLevel>
        /// The times a visit may start; spread over morning, afternoon and evening.
        public var visitTimes: [VisitTimeOfDay]
        /// How many weeks ahead the planner looks for weeks over capacity (step 2); 0 turns it off.
        public var lookaheadWeeks: Int

        /// Every half hour from 08:00 to 21:00.
        public static let defaultVisitTimes: [VisitTimeOfDay] =
            stride(from: 8 * 60, through: 21 * 60, by: 30).map { VisitTimeOfDay(hour: $0 / 60, minute: $0 % 60)! }

        public init(
            unannouncedShareTarget: Double = 0.5, unannouncedYearlyFor: Set<OffenderRiskLevel> = [.high, .veryHigh],
            visitTimes: [VisitTimeOfDay] = Policy.defaultVisitTimes, lookaheadWeeks: Int = 8
        ) {
            self.unannouncedShareTarget = min(1, max(0, unannouncedShareTarget))
            self.unannouncedYearlyFor = unannouncedYearlyFor
            self.visitTimes = visitTimes.isEmpty ? Policy.defaultVisitTimes : Array(Set(visitTimes)).sorted()
            self.lookaheadWeeks = max(0, lookaheadWeeks)
        }
    }

    public var policy: Policy

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// Plans `weeks` weeks of visits from the day of `start` (see the type's documentation).
    ///
    /// Offenders are planned in a fixed order (manager id, then offender id), so the order of the input
    /// arrays does not change the plan. When two managers share an id, the first is used.
    public func plan(offenders: [Offender], managers: [Manager], start: Date, weeks: Int, seed: UInt64) -> VisitPlan {
        let horizon = Horizon(startDay: CalendarDay.dayNumber(containing: start), weeks: max(0, weeks))
        var capacity: [String: Int] = [:]
        for manager in managers where capacity[manager.id] == nil {
            capacity[manager.id] = max(0, manager.visitsPerWeek)
        }
        var states = offenders.enumerated()
            .sorted {
                ($0.element.managerID, $0.element.id, $0.offset) < ($1.element.managerID, $1.element.id, $1.offset)
            }
            .map { OffenderState(offender: $0.element, startDay: horizon.startDay) }
        let byManager = Dictionary(grouping: states.indices, by: { states[$0].managerID })

        var visits: [PlannedVisit] = []
        for managerID in byManager.keys.sorted() {
            let members = byManager[managerID]!
            guard let visitsPerWeek = capacity[managerID] else {
                for index in members { states[index].managerMissing = true }
                continue
            }
            var manager = ManagerPlanning(
                members: members, visitsPerWeek: visitsPerWeek, policy: policy,
                random: VisitPlanRandom(seed: seed, stream: managerID))
            for week in 0..<horizon.weeks {
                visits += manager.planWeek(week, horizon: horizon, states: &states)
            }
        }

        visits.sort {
            ($0.date, $0.time, $0.offenderID, $0.managerID) < ($1.date, $1.time, $1.offenderID, $1.managerID)
        }
        let backlog = states.compactMap { $0.backlogEntry(horizon: horizon) }
            .sorted {
                ($1.risk, $1.maxDaysOverdue, $0.offenderID, $0.managerID)
                    < ($0.risk, $0.maxDaysOverdue, $1.offenderID, $1.managerID)
            }
        return VisitPlan(
            start: OffenderCalendar.startOfDay(start), weeks: horizon.weeks, visits: visits, backlog: backlog)
    }
}

// MARK: - Planning state

/// The horizon in day numbers (`OffenderCalendar`).
private struct Horizon {
    let startDay: Int
    let weeks: Int

    var lastDay: Int { startDay + 7 * weeks - 1 }
    func firstDay(ofWeek week: Int) -> Int { startDay + 7 * week }
    func week(containing day: Int) -> Int { (day - startDay) / 7 }
}

/// One offender while the plan is built: the moving due day and what the backlog forecast needs.
private struct OffenderState {
    let id: String
    let managerID: String
    let risk: OffenderRiskLevel
    let frequencyMonths: Int
    let dueDateUnknown: Bool
    let initialDue: Int
    var due: Int
    var lastUnannounced: Int?
    var managerMissing = false
    var firstOverdue: Int?
    var maxDaysOverdue = 0

    init(offender: VisitPlanner.Offender, startDay: Int) {
        id = offender.id
        managerID = offender.managerID
        risk = offender.risk
        frequencyMonths = offender.frequencyMonths
        if let anchor = offender.lastSuccessfulVisit ?? offender.registeredOn {
            dueDateUnknown = false
            initialDue = CalendarDay(containing: anchor).adding(months: frequencyMonths).dayNumber
        } else {
            // Never visited and no registration date: overdue since before the start (documented above).
            dueDateUnknown = true
            initialDue = startDay - 1
        }
        due = initialDue
        lastUnannounced = offender.lastUnannouncedVisit.map(CalendarDay.dayNumber(containing:))
    }

    /// Records a (planned, assumed successful) visit on `day`.
    mutating func visit(on day: Int, unannounced: Bool, startDay: Int) {
        noteOverdue(until: day, startDay: startDay)
        due = CalendarDay(dayNumber: day).adding(months: frequencyMonths).dayNumber
        if unannounced { lastUnannounced = day }
    }

    /// Notes lateness if `day` is past the due day.
    mutating func noteOverdue(until day: Int, startDay: Int) {
        guard day > due else { return }
        if firstOverdue == nil { firstOverdue = max(startDay, due + 1) }
        maxDaysOverdue = max(maxDaysOverdue, day - due)
    }

    func needsUnannouncedVisit(on day: Int) -> Bool {
        guard let lastUnannounced else { return true }
        return CalendarDay(dayNumber: lastUnannounced).adding(months: 12).dayNumber <= day
    }

    func backlogEntry(horizon: Horizon) -> VisitBacklogEntry? {
        guard horizon.weeks > 0 else { return nil }
        var final = self
        final.noteOverdue(until: horizon.lastDay, startDay: horizon.startDay)
        guard let firstOverdue = final.firstOverdue else { return nil }
        return VisitBacklogEntry(
            offenderID: id, managerID: managerID, risk: risk, frequencyMonths: frequencyMonths,
            dueDateUnknown: dueDateUnknown, managerMissing: managerMissing,
            daysOverdueAtStart: max(0, horizon.startDay - initialDue),
            firstOverdueOn: CalendarDay.start(ofDayNumber: firstOverdue),
            maxDaysOverdue: final.maxDaysOverdue,
            daysOverdueAtEnd: max(0, horizon.lastDay - due))
    }
}

/// One manager's caseload, capacity, random stream and unannounced tally across the weeks.
private struct ManagerPlanning {
    let members: [Int]
    let visitsPerWeek: Int
    let policy: VisitPlanner.Policy
    var random: VisitPlanRandom
    var unannouncedCount = 0
    var visitCount = 0

    init(members: [Int], visitsPerWeek: Int, policy: VisitPlanner.Policy, random: VisitPlanRandom) {
        self.members = members
        self.visitsPerWeek = visitsPerWeek
        self.policy = policy
        self.random = random
    }

    private struct Choice {
        let member: Int
        let reason: PlannedVisit.Reason
        let dueBy: Int
        /// The last day of this week the visit may fall on.
        let latestDay: Int
        var day = 0
        var time = VisitTimeOfDay(hour: 0, minute: 0)!
    }

    mutating func planWeek(_ week: Int, horizon: Horizon, states: inout [OffenderState]) -> [PlannedVisit] {
        let firstDay = horizon.firstDay(ofWeek: week)
        let lastDay = firstDay + 6

        // Step 1: due visits, overdue first, then by risk, due day and id.
        let due = members.filter { states[$0].due <= lastDay }.sorted { a, b in
            let (x, y) = (states[a], states[b])
            let (xOverdue, yOverdue) = (x.due < firstDay, y.due < firstDay)
            if xOverdue != yOverdue { return xOverdue }
            if x.risk != y.risk { return x.risk > y.risk }
            return (x.due, x.id, a) < (y.due, y.id, b)
        }
        var choices = due.prefix(visitsPerWeek).map { member in
            let dueDay = states[member].due
            return Choice(
                member: member, reason: dueDay < firstDay ? .overdue : .due, dueBy: dueDay,
                latestDay: dueDay < firstDay ? lastDay : min(lastDay, dueDay))
        }

        // Step 2: bring forward whoever a later, over-full week cannot hold.
        let spare = visitsPerWeek - choices.count
        let lastWindowWeek = min(week + policy.lookaheadWeeks, horizon.weeks - 1)
        if spare > 0, lastWindowWeek > week {
            let windowEnd = horizon.firstDay(ofWeek: lastWindowWeek) + 6
            let ahead = members.filter { states[$0].due > lastDay && states[$0].due <= windowEnd }
                .sorted { a, b in
                    let (x, y) = (states[a], states[b])
                    if x.due != y.due { return x.due > y.due }
                    if x.risk != y.risk { return x.risk < y.risk }
                    return (x.id, a) > (y.id, b)
                }
            var places = Array(repeating: visitsPerWeek, count: lastWindowWeek - week)  // index 0 is week + 1
            var unplaced: [Int] = []
            for member in ahead {
                var slot = horizon.week(containing: states[member].due) - week - 1
                while slot >= 0 && places[slot] == 0 { slot -= 1 }
                if slot >= 0 { places[slot] -= 1 } else { unplaced.append(member) }
            }
            unplaced.sort { a, b in
                let (x, y) = (states[a], states[b])
                if x.due != y.due { return x.due < y.due }
                if x.risk != y.risk { return x.risk > y.risk }
                return (x.id, a) < (y.id, b)
            }
            choices += unplaced.prefix(spare).map {
                Choice(member: $0, reason: .broughtForward, dueBy: states[$0].due, latestDay: lastDay)
            }
        }
        guard !choices.isEmpty else { return [] }

        // Step 3: days, tightest deadline first, to the least-loaded allowed day.
        var load = Array(repeating: 0, count: 7)
        for index in choices.indices.sorted(by: { (choices[$0].latestDay, $0) < (choices[$1].latestDay, $1) }) {
            let allowed = 0...(choices[index].latestDay - firstDay)
            let fewest = allowed.map { load[$0] }.min()!
            let candidates = allowed.filter { load[$0] == fewest }
            let offset = candidates[random.below(candidates.count)]
            load[offset] += 1
            choices[index].day = firstDay + offset
        }

        // Step 4: times, taking morning, afternoon and evening in turn.
        let bands = VisitTimeBand.allCases.map { band in policy.visitTimes.filter { $0.band == band } }
            .filter { !$0.isEmpty }
        var bandIndex = random.below(bands.count)
        var usedTimes: [Int: Set<VisitTimeOfDay>] = [:]
        for index in choices.indices.sorted(by: { (choices[$0].day, $0) < (choices[$1].day, $1) }) {
            let day = choices[index].day
            let used = usedTimes[day, default: []]
            let band = bands[bandIndex % bands.count]
            bandIndex += 1
            var candidates = band.filter { !used.contains($0) }
            if candidates.isEmpty { candidates = policy.visitTimes.filter { !used.contains($0) } }
            if candidates.isEmpty { candidates = band }
            let time = candidates[random.below(candidates.count)]
            usedTimes[day, default: []].insert(time)
            choices[index].time = time
        }

        // Steps 5 and 6: announced or not, in time order; then the next due day.
        choices.sort { a, b in
            (a.day, a.time, states[a.member].id, a.member) < (b.day, b.time, states[b.member].id, b.member)
        }
        var planned: [PlannedVisit] = []
        for choice in choices {
            let state = states[choice.member]
            let mustBeUnannounced =
                policy.unannouncedYearlyFor.contains(state.risk) && state.needsUnannouncedVisit(on: choice.day)
            var announced = false
            if !mustBeUnannounced,
                Double(unannouncedCount) >= policy.unannouncedShareTarget * Double(visitCount + 1),
                random.unit() < 1 - policy.unannouncedShareTarget
            {
                announced = true
            }
            visitCount += 1
            if !announced { unannouncedCount += 1 }
            states[choice.member].visit(on: choice.day, unannounced: !announced, startDay: horizon.startDay)
            planned.append(
                PlannedVisit(
                    offenderID: state.id, managerID: state.managerID,
                    date: CalendarDay.start(ofDayNumber: choice.day), time: choice.time, announced: announced,
                    risk: state.risk, dueBy: CalendarDay.start(ofDayNumber: choice.dueBy), reason: choice.reason))
        }
        return planned
    }
}
