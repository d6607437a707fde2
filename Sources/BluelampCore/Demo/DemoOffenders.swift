import Foundation

// MARK: - What the generator makes

/// An officer as the offender generator needs them (read back from the database, so an existing demo
/// force gains offenders without being generated again).
public struct DemoOffenderOfficer: Sendable, Hashable {
    public var warrantNumber: String
    public var givenName: String
    public var familyName: String
    public var rank: Rank
    public var bcu: BCU
    public var teamKind: TeamKind?
    public var status: OfficerStatus

    public init(
        warrantNumber: String, givenName: String, familyName: String, rank: Rank, bcu: BCU, teamKind: TeamKind?,
        status: OfficerStatus
    ) {
        self.warrantNumber = warrantNumber
        self.givenName = givenName
        self.familyName = familyName
        self.rank = rank
        self.bcu = bcu
        self.teamKind = teamKind
        self.status = status
    }

    /// "PS Jo Smith".
    public var label: String { "\(rank.abbreviation) \(givenName) \(familyName)" }
}

public struct DemoRSOVisit: Sendable, Hashable {
    public var plannedOn: Date
    public var windowStart: VisitTimeOfDay
    public var windowEnd: VisitTimeOfDay
    public var announced: Bool
    /// Nil for a visit still planned (a re-attempt).
    public var visitedOn: Date?
    public var outcome: VisitOutcome?
    public var devicesFound: Bool
    public var breachFound: Bool
    public var concerns: String?
    public var reattemptDue: Date?
    public var officerWarrants: [String]

    public var attempt: VisitAttempt? {
        guard let visitedOn, let outcome else { return nil }
        return VisitAttempt(visitedOn: visitedOn, announced: announced, outcome: outcome)
    }
}

public struct DemoRSONotification: Sendable, Hashable {
    public var kind: RSONotificationKind
    public var triggeredOn: Date
    public var dueOn: Date
    public var notifiedOn: Date?
}

public struct DemoRSOEscalation: Sendable, Hashable {
    public var escalationDate: Date
    public var lastSeenOn: Date?
    public var decision: ArrestOrWarrantDecision?
    public var reason: String?
    public var decidedBy: String?
    public var decidedOn: Date?
}

public struct DemoReactiveDecision: Sendable, Hashable {
    public var since: Date
    public var decidedBy: String
    public var reason: String
}

public struct DemoRSO: Sendable, Hashable {
    public var reference: String
    public var bcu: BCU
    public var borough: String
    public var addressArea: String
    public var addressLine: String
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: DateOfBirth
    public var pncNumber: String
    public var mappaCategory: MAPPACategory
    public var mappaLevel: MAPPALevel
    public var registeredOn: Date
    public var managerWarrant: String?
    /// Oldest first; the last is the assessment in force.
    public var assessments: [OffenderRiskAssessment]
    public var frequency: VisitFrequency
    public var conditions: [RSOCondition]
    public var notifications: [DemoRSONotification]
    /// Oldest first.
    public var visits: [DemoRSOVisit]
    public var reactive: DemoReactiveDecision?
    public var escalations: [DemoRSOEscalation]

    public var risk: OffenderRiskLevel { assessments.last!.level }
}

public struct DemoIOMMember: Sendable, Hashable {
    /// Unique within the generated records, so wanted suspects can point at a member.
    public var key: Int
    public var bcu: BCU
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: DateOfBirth
    public var strand: IOMStrand
    public var leadWarrant: String?
    public var joinedOn: Date
    public var leftOn: Date?
}

public struct DemoWantedSuspect: Sendable, Hashable {
    public var bcu: BCU
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: DateOfBirth?
    /// The demo crime that names the suspect.
    public var crimeID: Int
    public var crimeReference: String
    public var offence: String
    public var wantedSince: Date
    public var circulated: Bool
    public var circulatedOn: Date?
    public var responsibleWarrant: String?
    public var iomMemberKey: Int?
    public var arrestedOn: Date?
}

public struct DemoOffenderRecords: Sendable {
    public var rsos: [DemoRSO]
    public var iomMembers: [DemoIOMMember]
    public var wanted: [DemoWantedSuspect]
}

extension DemoScale {
    /// Registered sex offenders per territorial BCU before each BCU's weighting. London holds about 6,500
    /// (MAPPA annual report 2023/24, category 1 in London), so about 540 per BCU at the Met's scale; the
    /// small force keeps the same ratio of offenders to offender managers instead, about 30 a BCU.
    public var rsosPerBCU: Int { self == .small ? 30 : 540 }
    /// Integrated offender management cohort per BCU.
    public var iomPerBCU: Int { self == .small ? 6 : 120 }
}

// MARK: - The generator

/// Registered sex offenders with their risk histories, conditions, notifications, visit histories and
/// escalations; an IOM cohort; and wanted suspects — for every territorial BCU of a demo force, from the
/// seed (issue 8, "Demo data").
///
/// The visit histories are built to show what the 2023–25 inspection found: most offenders are seen
/// within frequency, some are overdue, a few have gone past twice their frequency (each decided by a
/// supervisor within two weeks, except some of the last four weeks' cases, still awaiting it), and in each BCU one
/// high-risk offender has not been seen since 2017 despite attempts: a warrant found the address empty and a
/// supervisor had them circulated as wanted, but they have not been found. Offender managers are the constables
/// and detective constables of each BCU's offender management teams, about 45 offenders each (the
/// first on duty, by warrant order, always holds a caseload: the demo's offender manager signs in as them).
public struct DemoOffenderGenerator: Sendable {
    public var seed: UInt64
    public var scale: DemoScale
    /// The demo's "today", as an `OffenderCalendar` day.
    public var today: Date

    public init(seed: UInt64, scale: DemoScale, today: Date) {
        self.seed = seed
        self.scale = scale
        self.today = OffenderCalendar.startOfDay(today)
    }

    /// Offenders per offender manager the generator aims at.
    static let caseloadPerManager = 45

    /// Each BCU's share of London's offenders, relative to an average BCU (more in the large outer BCUs).
    static let bcuWeight: [BCU: Double] = [
        .centralEast: 1.0, .centralNorth: 0.85, .centralSouth: 1.15, .centralWest: 0.8, .eastArea: 1.05,
        .northArea: 0.95, .northEast: 1.05, .northWest: 1.2, .southArea: 1.15, .southEast: 1.1, .southWest: 0.85,
        .westArea: 1.1,
    ]

    /// `suspects` are the demo crimes' named suspects (`OffenderStore.unlistedCrimeSuspects`): the wanted
    /// list is made from them, some since arrested, circulated or not, each with an officer responsible.
    public func generate(officers: [DemoOffenderOfficer], suspects: [NamedSuspect] = []) -> DemoOffenderRecords {
        let suspectsByBCU = Dictionary(grouping: suspects, by: \.bcu)
        var rng = SeededGenerator(seed: seed ^ 0x5253_4F5F_4445_4D4F)  // "RSO_DEMO"
        var rsos: [DemoRSO] = []
        var members: [DemoIOMMember] = []
        var wanted: [DemoWantedSuspect] = []
        for bcu in BCU.territorial {
            let local = officers.filter { $0.bcu == bcu }
            let offenderManagement = local.filter { $0.teamKind == .offenderManagement }
            let constables = offenderManagement.filter { [.constable, .detectiveConstable].contains($0.rank) }
            let onDuty = constables.filter { $0.status == .onDuty }
            let count = Int((Double(scale.rsosPerBCU) * (Self.bcuWeight[bcu] ?? 1)).rounded())
            // Managers are on duty if any can be; a BCU whose offender managers are all away still has its
            // offenders assigned to someone.
            let pool = !onDuty.isEmpty ? onDuty : (!constables.isEmpty ? constables : offenderManagement)
            let managerCount = max(1, min(pool.count, (count + Self.caseloadPerManager - 1) / Self.caseloadPerManager))
            let managers = Array(pool.prefix(managerCount))
            let others = constables.filter { c in !managers.contains { $0.warrantNumber == c.warrantNumber } }
            let sergeants = offenderManagement.filter { $0.rank.supervises }
            let investigators = local.filter { $0.teamKind == .investigation && !$0.rank.supervises }
            var context = BCUContext(
                bcu: bcu, managers: managers, colleagues: others.isEmpty ? managers : others,
                sergeants: sergeants.isEmpty ? Array(local.filter { $0.rank.supervises }.prefix(3)) : sergeants,
                investigators: investigators.isEmpty ? local : investigators)
            for index in 0..<count {
                rsos.append(makeRSO(index: index, context: &context, rng: &rng))
            }
            let memberStart = members.count
            let localSuspects = suspectsByBCU[bcu] ?? []
            // Each person once: a suspect named on several crimes is one person, and is taken into the cohort at
            // most once (issue 15: the cohort listed one person twice).
            var unclaimed: [NamedSuspect] = []
            var seenPeople = Set<String>()
            for suspect in localSuspects
            where seenPeople.insert(Self.personKey(suspect.name, suspect.dateOfBirth)).inserted {
                unclaimed.append(suspect)
            }
            var inCohort = Set<String>()
            for _ in 0..<scale.iomPerBCU {
                // Half the cohort are people the BCU's crimes name as suspects, so the wanted list links to them.
                var person: NamedSuspect?
                if !unclaimed.isEmpty && rng.chance(0.5) {
                    person = unclaimed.remove(at: Int.random(in: 0..<unclaimed.count, using: &rng))
                }
                var member = makeIOMMember(key: members.count, person: person, context: context, rng: &rng)
                while !inCohort.insert(
                    Self.personKey(PersonName(given: member.givenName, family: member.familyName), member.dateOfBirth)
                ).inserted {
                    member.givenName = rng.pick(DemoNames.given)
                    member.familyName = rng.pick(DemoNames.family)
                }
                members.append(member)
            }
            let localMembers = Array(members[memberStart...])
            for suspect in localSuspects {
                wanted.append(makeWanted(suspect, context: context, members: localMembers, rng: &rng))
            }
        }
        return DemoOffenderRecords(rsos: rsos, iomMembers: members, wanted: wanted)
    }

    /// One person: a name and a date of birth (an unknown date of birth counts as one more person only by name).
    static func personKey(_ name: PersonName, _ dateOfBirth: DateOfBirth?) -> String {
        "\(name.given.lowercased())|\(name.family.lowercased())|\(dateOfBirth?.text ?? "")"
    }

    private struct BCUContext {
        var bcu: BCU
        var managers: [DemoOffenderOfficer]
        var colleagues: [DemoOffenderOfficer]
        var sergeants: [DemoOffenderOfficer]
        var investigators: [DemoOffenderOfficer]
    }

    /// How an offender's visits have gone.
    private enum Course {
        case withinFrequency
        case overdue
        case pastEscalation
        /// The seed's case: high risk, not seen since 2017, circulated as wanted.
        case notSeenSince2017
    }

    // MARK: - Registered sex offenders

    private func makeRSO(index: Int, context: inout BCUContext, rng: inout SeededGenerator) -> DemoRSO {
        let bcu = context.bcu
        let borough = bcu.boroughs[Int.random(in: 0..<bcu.boroughs.count, using: &rng)]
        let areas = DemoPlaces.areas[borough] ?? [borough]
        let manager = context.managers.isEmpty ? nil : context.managers[index % context.managers.count]

        let course: Course
        let roll = Double.random(in: 0..<1, using: &rng)
        if index == 0 {
            course = .notSeenSince2017
        } else if roll < 0.86 {
            course = .withinFrequency
        } else if roll < 0.965 {
            course = .overdue
        } else {
            course = .pastEscalation
        }
        let risk: OffenderRiskLevel
        if course == .notSeenSince2017 {
            risk = .high
        } else {
            let r = Double.random(in: 0..<1, using: &rng)
            risk = r < 0.03 ? .veryHigh : (r < 0.20 ? .high : (r < 0.55 ? .medium : .low))
        }
        let yearsRegistered =
            course == .notSeenSince2017
            ? Double.random(in: 9.5...16, using: &rng) : 0.3 + pow(Double.random(in: 0..<1, using: &rng), 1.4) * 18
        let registeredOn = OffenderCalendar.adding(days: -Int(yearsRegistered * 365.25), to: today)

        // Risk assessments: at registration, then reviews every 6 (high, very high) or 12 months; some
        // offenders step down a level over the years. About one in twelve is past its review date.
        let cadence = risk >= .high ? 6 : 12
        let reactiveCandidate =
            risk == .low && course == .withinFrequency && yearsRegistered > 4.5 && rng.chance(0.35)
        var dates = [registeredOn]
        while true {
            let next = OffenderCalendar.adding(
                days: Int.random(in: -20...10, using: &rng),
                to: OffenderCalendar.adding(months: cadence, to: dates.last!))
            guard OffenderCalendar.days(from: next, to: today) >= 0 else { break }
            dates.append(next)
        }
        if rng.chance(0.08) {
            let lapse = Int.random(in: 10...220, using: &rng)
            let cutoff = OffenderCalendar.adding(days: -lapse, to: OffenderCalendar.adding(months: -cadence, to: today))
            let kept = dates.filter { $0 <= cutoff }
            if !kept.isEmpty { dates = kept }
        }
        if dates.count > 8 { dates = [dates[0]] + dates.suffix(7) }
        var assessments: [OffenderRiskAssessment] = []
        var level = risk
        for (position, day) in dates.enumerated().reversed() {
            assessments.insert(
                OffenderRiskAssessment(
                    assessedOn: day, level: level, reviewDue: OffenderCalendar.adding(months: cadence, to: day)),
                at: 0)
            // Earlier assessments were sometimes a level higher (risk falls with time in the community),
            // except for the offenders moved to reactive management, low risk throughout.
            // Only before the three years of visit history, so the visits shown follow the level in force.
            let yearsAgo = Double(OffenderCalendar.days(from: day, to: today)) / 365.25
            if position > 0, yearsAgo > 3, !(reactiveCandidate && yearsAgo < 6), level < .veryHigh, rng.chance(0.12) {
                level = OffenderRiskLevel.allCases[OffenderRiskLevel.allCases.firstIndex(of: level)! + 1]
            }
        }

        var frequency = VisitFrequency(defaultFor: risk)
        if risk >= .medium && rng.chance(0.04) {
            frequency = try! VisitFrequency(
                months: max(1, risk.defaultVisitFrequencyMonths / 2),
                overrideReason:
                    "MAPPA level 2 meeting asked for more frequent visits after intelligence of contact with children")
        }

        var reactive: DemoReactiveDecision?
        if reactiveCandidate, let lowSince = ReactiveManagement.lowRiskSince(assessments) {
            let eligible = OffenderCalendar.adding(months: 12 * ReactiveManagement.minimumYearsAtLowRisk, to: lowSince)
            let spare = OffenderCalendar.days(from: eligible, to: today)
            if spare > 30 {
                let since = OffenderCalendar.adding(days: Int.random(in: 0...spare, using: &rng), to: eligible)
                let sergeant = context.sergeants.isEmpty ? nil : rng.pick(context.sergeants)
                reactive = DemoReactiveDecision(
                    since: since, decidedBy: sergeant?.label ?? "Offender management supervisor",
                    reason: "Low risk on every ARMS assessment for over three years, compliant with notification, "
                        + "stable address and employment; reactive management agreed")
            }
        }

        let conditions = makeConditions(risk: risk, registeredOn: registeredOn, areas: areas, rng: &rng)
        let visits = makeVisits(
            course: course, frequency: frequency, registeredOn: registeredOn, reactiveSince: reactive?.since,
            manager: manager, colleagues: context.colleagues,
            hasDeviceCondition: conditions.contains { $0.kind == .deviceRestriction }, rng: &rng)

        // A review is made by someone who has seen the offender: reviews do not go on for years after the last
        // successful visit (issue 15: the demo held an offender not seen since 2017 reviewed every six months).
        // Those managed reactively are reviewed without routine visits, so keep theirs.
        if reactive == nil {
            assessments = Self.reviewsAfterVisits(assessments, visits: visits, risk: risk)
        }

        var escalations: [DemoRSOEscalation] = []
        if reactive == nil {
            let status = RSOVisitStatus(
                registeredOn: registeredOn, frequency: frequency, visits: visits.compactMap(\.attempt), today: today)
            if let date = ArrestOrWarrantEscalation.due(status) {
                escalations.append(
                    decide(
                        DemoRSOEscalation(escalationDate: date, lastSeenOn: status.lastSuccessfulVisit),
                        course: course, sergeants: context.sergeants, rng: &rng))
            }
        }

        let (given, family) = (rng.pick(DemoNames.given), rng.pick(DemoNames.family))
        let age = Int.random(in: 21...78, using: &rng)
        let birth = OffenderCalendar.adding(days: -(age * 365 + Int.random(in: 0..<365, using: &rng)), to: today)
        let parts = OffenderCalendar.format(birth).split(separator: "-").map { Int($0)! }
        let level2: Bool = risk >= .high && rng.chance(0.25)
        let level3: Bool = risk == .veryHigh && rng.chance(0.3)
        return DemoRSO(
            reference: "RSO-\(bcu.code)-\(OffenderCalendar.padded(index + 1, width: 5))", bcu: bcu, borough: borough,
            addressArea: rng.pick(areas),
            addressLine: "\(Int.random(in: 1...220, using: &rng)) \(rng.pick(DemoPlaces.streets))",
            givenName: given, familyName: family,
            dateOfBirth: DateOfBirth(year: parts[0], month: parts[1], day: parts[2])!,
            pncNumber: pnc(registeredOn: registeredOn, rng: &rng), mappaCategory: .registeredSexualOffender,
            mappaLevel: level3
                ? .multiAgencyManagementWithSeniorOversight
                : (level2 ? .multiAgencyManagement : .ordinaryAgencyManagement),
            registeredOn: registeredOn, managerWarrant: manager?.warrantNumber, assessments: assessments,
            frequency: frequency, conditions: conditions,
            notifications: makeNotifications(registeredOn: registeredOn, rng: &rng), visits: visits, reactive: reactive,
            escalations: escalations)
    }

    /// How often the demo reviews an offender at `risk`, in months.
    static func reviewCadence(_ risk: OffenderRiskLevel) -> Int { risk >= .high ? 6 : 12 }

    /// The assessments a force could hold given the visits: none more than one review cadence after the last
    /// successful visit (the registration assessment always stays), and the last kept at the level in force.
    static func reviewsAfterVisits(
        _ assessments: [OffenderRiskAssessment], visits: [DemoRSOVisit], risk: OffenderRiskLevel
    ) -> [OffenderRiskAssessment] {
        guard let lastSeen = visits.compactMap(\.attempt).last(where: { $0.outcome.isSuccessful })?.visitedOn else {
            return assessments
        }
        let limit = OffenderCalendar.adding(months: reviewCadence(risk), to: lastSeen)
        var kept = assessments.enumerated().filter { $0.offset == 0 || $0.element.assessedOn <= limit }.map(\.element)
        if let last = kept.last, last.level != risk {
            kept[kept.count - 1] = OffenderRiskAssessment(
                assessedOn: last.assessedOn, level: risk, reviewDue: last.reviewDue)
        }
        return kept
    }

    /// The longest an escalation waits for its decision in the demo. A supervisor decides within days; a
    /// case older than this is always decided (issue 15: the demo held an escalation undecided for nine years).
    static let longestUndecidedDays = 28

    /// `escalation` as a force could hold it today: one raised in the last four weeks may still await its
    /// decision; an older one was decided by a supervisor of the BCU within two weeks of being raised. The seed's
    /// case was decided too: Bluelamp puts the arrest-or-warrant question to a supervisor, which is what the
    /// inspection found nobody had asked (`Citations.noArrestConsidered`). A warrant found the address empty and
    /// the offender was circulated as wanted; still not found, they remain high risk and overdue for a visit,
    /// the finding the overdue pages show (`Citations.rsoNotSeenSince2017`).
    private func decide(
        _ escalation: DemoRSOEscalation, course: Course, sergeants: [DemoOffenderOfficer],
        rng: inout SeededGenerator
    ) -> DemoRSOEscalation {
        let gap = OffenderCalendar.days(from: escalation.escalationDate, to: today)
        guard gap > 1, !sergeants.isEmpty else { return escalation }
        var decided = escalation
        let decision: ArrestOrWarrantDecision
        if course == .notSeenSince2017 {
            decision = .arrest
            decided.reason = Self.wantedAfterWarrantReason
            decided.decidedOn = OffenderCalendar.adding(
                days: Int.random(in: 7...min(gap, 21), using: &rng), to: escalation.escalationDate)
        } else {
            if gap <= Self.longestUndecidedDays && rng.chance(0.6) { return escalation }
            // Further visits first only while the lapse is recent; an older case went to a warrant or arrest.
            decision = rng.pick(gap <= 56 ? [.furtherVisits, .furtherVisits, .warrant, .arrest] : [.warrant, .arrest])
            decided.reason = Self.decisionReasons[decision]!
            decided.decidedOn = OffenderCalendar.adding(
                days: Int.random(in: 1...min(gap, 14), using: &rng), to: escalation.escalationDate)
        }
        decided.decision = decision
        decided.decidedBy = rng.pick(sergeants).label
        return decided
    }

    static let wantedAfterWarrantReason =
        "No answer at any visit since he was last seen and no notification of a move; s.96B warrant executed at the "
        + "registered address, found empty. Circulated on PNC as wanted for s.91 failure to notify; the address is "
        + "still checked at each visit round until he is found"

    static let decisionReasons: [ArrestOrWarrantDecision: String] = [
        .furtherVisits: "Two evening visits arranged this week with the neighbourhood team before a warrant is sought",
        .warrant: "No answer at five visits and neighbours report him living there: s.96B warrant to be sought",
        .arrest: "Intelligence he has moved without notifying: circulated on PNC as wanted for s.91 failure to notify",
        .noAction: "In hospital under s.3 Mental Health Act; ward confirms he is there; review on discharge",
    ]

    private func pnc(registeredOn: Date, rng: inout SeededGenerator) -> String {
        let year = OffenderCalendar.format(registeredOn).prefix(4).suffix(2)
        let letters = Array("ABCDEFGHJKLMNPQRTUVWXYZ")
        return
            "\(year)/\(OffenderCalendar.padded(Int.random(in: 1...9_999_999, using: &rng), width: 7))\(rng.pick(letters))"
    }

    private func makeConditions(
        risk: OffenderRiskLevel, registeredOn: Date, areas: [String], rng: inout SeededGenerator
    ) -> [RSOCondition] {
        var conditions: [RSOCondition] = []
        let boost = risk >= .high ? 0.2 : 0
        if rng.chance(0.35 + boost) {
            conditions.append(
                RSOCondition(
                    kind: .deviceRestriction,
                    detail: "Must not use any device able to access the internet unless it has been declared to the "
                        + "police within 3 days of acquiring it and is made available for inspection on request",
                    imposedOn: registeredOn))
        }
        if rng.chance(0.3 + boost) {
            conditions.append(
                RSOCondition(
                    kind: .noUnsupervisedContactWithChildren,
                    detail: "No unsupervised contact or communication of any kind with any person under 18, other than "
                        + "inadvertent contact that is not reasonably avoidable in the course of daily life",
                    imposedOn: registeredOn))
        }
        if rng.chance(0.1 + boost / 2) {
            conditions.append(
                RSOCondition(
                    kind: .exclusionZone,
                    detail:
                        "Must not enter \(rng.pick(areas)) Park or any children's play area, or loiter within 100 m of a school",
                    imposedOn: registeredOn))
        }
        if rng.chance(0.05) {
            let imposed = OffenderCalendar.adding(days: -Int.random(in: 30...500, using: &rng), to: today)
            conditions.append(
                RSOCondition(
                    kind: .curfew, detail: "Licence: at the home address between 19:00 and 07:00",
                    imposedOn: imposed, expiresOn: OffenderCalendar.adding(months: 24, to: imposed)))
        }
        if rng.chance(0.08) {
            conditions.append(
                RSOCondition(
                    kind: .residenceRequirement, detail: "Licence: reside at the approved premises and nowhere else",
                    imposedOn: OffenderCalendar.adding(days: -Int.random(in: 30...400, using: &rng), to: today)))
        }
        if rng.chance(0.04) {
            conditions.append(
                RSOCondition(
                    kind: .foreignTravelRestriction, detail: "SHPO: must not travel outside the United Kingdom",
                    imposedOn: registeredOn))
        }
        return conditions
    }

    /// Initial notification, an address change now and then, and annual re-notification ever since, as
    /// the Sexual Offences Act's rules date them (`RSONotificationRules`). About 3% have missed the annual
    /// one, and 1% a change.
    private func makeNotifications(registeredOn: Date, rng: inout SeededGenerator) -> [DemoRSONotification] {
        let initial = OffenderCalendar.adding(
            days: rng.chance(0.97) ? Int.random(in: 0...2, using: &rng) : 5, to: registeredOn)
        var changes: [RSONotifiableChange] = []
        if rng.chance(0.09) {
            let changed = OffenderCalendar.adding(days: -Int.random(in: 10...300, using: &rng), to: today)
            if changed > initial {
                changes.append(
                    RSONotifiableChange(
                        changedOn: changed,
                        notifiedOn: OffenderCalendar.adding(days: Int.random(in: 0...2, using: &rng), to: changed)))
            }
        } else if rng.chance(0.01) {
            let changed = OffenderCalendar.adding(days: -Int.random(in: 5...40, using: &rng), to: today)
            if changed > initial { changes.append(RSONotifiableChange(changedOn: changed, notifiedOn: nil)) }
        }
        let missesAnnual = rng.chance(0.03)
        var annual: [Date] = []
        var last = initial
        while true {
            let anchor =
                ([last]
                + changes.compactMap(\.notifiedOn).filter {
                    $0 <= OffenderCalendar.adding(months: 12, to: last) && $0 > last
                }).max()!
            let next = OffenderCalendar.adding(
                days: -Int.random(in: 0...25, using: &rng), to: OffenderCalendar.adding(months: 12, to: anchor))
            let stopBefore =
                missesAnnual ? OffenderCalendar.adding(days: -Int.random(in: 20...150, using: &rng), to: today) : today
            guard next <= stopBefore else { break }
            annual.append(next)
            last = next
        }
        let history = RSONotificationHistory(
            relevantDate: registeredOn, initialNotifiedOn: initial, changes: changes, annualNotifications: annual)
        return RSONotificationRules.requirements(history).map {
            DemoRSONotification(
                kind: $0.kind, triggeredOn: $0.triggeredOn, dueOn: $0.lastDay, notifiedOn: $0.notifiedOn)
        }
    }

    /// Visits over the last three years (and, for the 2017 case, back to the last time the offender was
    /// seen). Successful visits fall before each due date; failed ones are re-attempted within 7 days
    /// when the offender is on track; overdue offenders have failed attempts since they were last seen.
    private func makeVisits(
        course: Course, frequency: VisitFrequency, registeredOn: Date, reactiveSince: Date?,
        manager: DemoOffenderOfficer?, colleagues: [DemoOffenderOfficer], hasDeviceCondition: Bool,
        rng: inout SeededGenerator
    ) -> [DemoRSOVisit] {
        let months = frequency.months
        let periodDays = max(28, months * 30)
        let end = reactiveSince ?? today
        // The day the offender was last seen.
        var lastSeen: Date
        switch course {
        case .withinFrequency:
            lastSeen = OffenderCalendar.adding(days: -Int.random(in: 0..<(periodDays * 8 / 10), using: &rng), to: end)
        case .overdue:
            let overdueBy = Int.random(in: 1...max(2, periodDays * 8 / 10), using: &rng)
            lastSeen = OffenderCalendar.adding(
                days: -overdueBy, to: OffenderCalendar.adding(months: -months, to: today))
        case .pastEscalation:
            lastSeen = OffenderCalendar.adding(
                days: -Int.random(in: 1...150, using: &rng), to: OffenderCalendar.adding(months: -2 * months, to: today)
            )
        case .notSeenSince2017:
            lastSeen = OffenderCalendar.day(
                year: 2017, month: Int.random(in: 2...10, using: &rng), day: Int.random(in: 1...28, using: &rng))!
        }
        if lastSeen < registeredOn {
            lastSeen = OffenderCalendar.adding(days: Int.random(in: 1...10, using: &rng), to: registeredOn)
        }

        let windowStart = OffenderCalendar.adding(months: -36, to: today)
        var seen: [Date] = [lastSeen]
        var cursor = lastSeen
        while true {
            let previous = OffenderCalendar.adding(
                days: Int.random(in: 3...max(4, periodDays / 4), using: &rng),
                to: OffenderCalendar.adding(months: -months, to: cursor))
            guard previous > windowStart, previous > registeredOn else { break }
            seen.insert(previous, at: 0)
            cursor = previous
        }

        var visits: [DemoRSOVisit] = []
        for day in seen {
            // One in ten successful visits came only at a re-attempt after a failed one.
            if rng.chance(0.1) {
                let failedOn = OffenderCalendar.adding(days: -Int.random(in: 1...7, using: &rng), to: day)
                if failedOn > registeredOn {
                    visits.append(
                        visit(
                            on: failedOn, outcome: rng.pick([.notAtHome, .notAtHome, .refusedEntry]), manager: manager,
                            colleagues: colleagues, hasDeviceCondition: hasDeviceCondition, rng: &rng))
                }
            }
            visits.append(
                visit(
                    on: day, outcome: .seen, manager: manager, colleagues: colleagues,
                    hasDeviceCondition: hasDeviceCondition, rng: &rng))
        }

        // Failed attempts since the last time the offender was seen.
        var failures: [Date] = []
        switch course {
        case .withinFrequency:
            break
        case .overdue, .pastEscalation:
            let due = OffenderCalendar.adding(months: months, to: lastSeen)
            let span = OffenderCalendar.days(from: due, to: today)
            if span > 1 {
                for _ in 0..<Int.random(in: (course == .overdue ? 0 : 1)...3, using: &rng) {
                    failures.append(OffenderCalendar.adding(days: Int.random(in: 1..<span, using: &rng), to: due))
                }
            }
        case .notSeenSince2017:
            // Attempts every few months, all failed, the last a few weeks ago.
            var day = OffenderCalendar.adding(months: 7, to: lastSeen)
            while OffenderCalendar.days(from: day, to: today) > 20 {
                failures.append(day)
                day = OffenderCalendar.adding(days: Int.random(in: 90...200, using: &rng), to: day)
            }
            failures.append(OffenderCalendar.adding(days: -Int.random(in: 3...6, using: &rng), to: today))
        }
        for day in failures.sorted() {
            let outcome: VisitOutcome = rng.pick([.notAtHome, .notAtHome, .notAtHome, .refusedEntry])
            visits.append(
                visit(
                    on: day, outcome: outcome, manager: manager, colleagues: colleagues,
                    hasDeviceCondition: hasDeviceCondition, rng: &rng))
        }
        visits.sort { ($0.visitedOn ?? $0.plannedOn) < ($1.visitedOn ?? $1.plannedOn) }

        // A failed visit in the last week still owes its re-attempt: planned, unannounced, in the evening.
        if let latest = visits.last, let visited = latest.visitedOn, let due = latest.reattemptDue,
            OffenderCalendar.days(from: today, to: due) >= 0
        {
            let planned = min(
                due, max(OffenderCalendar.adding(days: 1, to: today), OffenderCalendar.adding(days: 3, to: visited)))
            visits.append(
                DemoRSOVisit(
                    plannedOn: planned, windowStart: VisitTimeOfDay(hour: 18, minute: 30)!,
                    windowEnd: VisitTimeOfDay(hour: 20, minute: 30)!, announced: false, visitedOn: nil, outcome: nil,
                    devicesFound: false, breachFound: false, concerns: nil, reattemptDue: nil,
                    officerWarrants: latest.officerWarrants))
        }
        return visits
    }

    private func visit(
        on day: Date, outcome: VisitOutcome, manager: DemoOffenderOfficer?, colleagues: [DemoOffenderOfficer],
        hasDeviceCondition: Bool, rng: inout SeededGenerator
    ) -> DemoRSOVisit {
        // More visits were announced before the inspection; since, most are unannounced.
        let recent = OffenderCalendar.days(from: day, to: today) < 365
        let announced = rng.chance(recent ? 0.3 : 0.55)
        let times = VisitPlanner.Policy.defaultVisitTimes
        let start = announced ? times[Int.random(in: 2..<16, using: &rng)] : rng.pick(times)
        let end = VisitTimeOfDay(hour: min(22, start.hour + 1), minute: start.minute)!
        var officers = manager.map { [$0.warrantNumber] } ?? []
        if rng.chance(0.4), let second = colleagues.isEmpty ? nil : rng.pick(colleagues),
            !officers.contains(second.warrantNumber)
        {
            officers.append(second.warrantNumber)
        }
        let devices = outcome == .seen && hasDeviceCondition && rng.chance(0.04)
        let breach = outcome == .seen && rng.chance(0.015)
        var concerns: String?
        if devices { concerns = "Undeclared smartphone found in the bedroom; seized for examination" }
        if breach {
            concerns =
                (concerns.map { $0 + ". " } ?? "")
                + "Child's belongings at the address; referred to children's services"
        }
        return DemoRSOVisit(
            plannedOn: day, windowStart: start, windowEnd: end, announced: announced, visitedOn: day, outcome: outcome,
            devicesFound: devices, breachFound: breach, concerns: concerns,
            reattemptDue: outcome.reattemptDue(after: day),
            officerWarrants: officers)
    }

    // MARK: - IOM cohort and wanted suspects

    private func makeIOMMember(
        key: Int, person: NamedSuspect?, context: BCUContext, rng: inout SeededGenerator
    ) -> DemoIOMMember {
        let joined = OffenderCalendar.adding(days: -Int.random(in: 20...1_100, using: &rng), to: today)
        let age = Int.random(in: 18...55, using: &rng)
        let birth = OffenderCalendar.adding(days: -(age * 365 + Int.random(in: 0..<365, using: &rng)), to: today)
        let parts = OffenderCalendar.format(birth).split(separator: "-").map { Int($0)! }
        let r = Double.random(in: 0..<1, using: &rng)
        let leftOn: Date? =
            rng.chance(0.1)
            ? OffenderCalendar.adding(
                days: Int.random(in: 1...max(2, OffenderCalendar.days(from: joined, to: today)), using: &rng),
                to: joined) : nil
        let given = rng.pick(DemoNames.given)
        let family = rng.pick(DemoNames.family)
        return DemoIOMMember(
            key: key, bcu: context.bcu, givenName: person?.name.given ?? given,
            familyName: person?.name.family ?? family,
            dateOfBirth: person?.dateOfBirth ?? DateOfBirth(year: parts[0], month: parts[1], day: parts[2])!,
            strand: r < 0.3 ? .fixed : (r < 0.8 ? .flex : .free),
            leadWarrant: context.colleagues.isEmpty ? nil : rng.pick(context.colleagues).warrantNumber,
            joinedOn: joined, leftOn: leftOn.map { min($0, today) })
    }

    private func makeWanted(
        _ suspect: NamedSuspect, context: BCUContext, members: [DemoIOMMember], rng: inout SeededGenerator
    ) -> DemoWantedSuspect {
        let since = min(OffenderCalendar.startOfDay(suspect.recordedAt), today)
        let days = OffenderCalendar.days(from: since, to: today)
        // Most named suspects are arrested within days; the rest stay outstanding, a long tail past 28 days.
        let arrested: Date? =
            days > 1 && rng.chance(0.6)
            ? OffenderCalendar.adding(
                days: min(days - 1, Int(-log(1 - Double.random(in: 0..<0.99, using: &rng)) * 6)), to: since)
            : nil
        let circulated = rng.chance(days > 28 ? 0.7 : 0.35)
        // A prolific suspect may be in the IOM cohort: the one member of the BCU with the same name, if any.
        let member = members.first { $0.givenName == suspect.name.given && $0.familyName == suspect.name.family }
        return DemoWantedSuspect(
            bcu: suspect.bcu, givenName: suspect.name.given, familyName: suspect.name.family,
            dateOfBirth: suspect.dateOfBirth, crimeID: suspect.crimeID, crimeReference: suspect.crimeReference,
            offence: suspect.offence, wantedSince: since, circulated: circulated,
            circulatedOn: circulated
                ? OffenderCalendar.adding(days: min(days, Int.random(in: 0...10, using: &rng)), to: since) : nil,
            responsibleWarrant: context.investigators.isEmpty ? nil : rng.pick(context.investigators).warrantNumber,
            iomMemberKey: member?.key, arrestedOn: arrested)
    }
}

/// Neighbourhoods of each London borough, for the address area the frontline list shows, and street
/// names for the restricted address line. Places are real; the people at them are not.
enum DemoPlaces {
    static let areas: [String: [String]] = [
        "Hackney": ["Dalston", "Homerton", "Stoke Newington", "Clapton", "Hackney Wick", "Haggerston"],
        "Tower Hamlets": ["Bethnal Green", "Bow", "Poplar", "Stepney", "Whitechapel", "Isle of Dogs"],
        "Camden": ["Kentish Town", "Camden Town", "Kilburn", "Holborn", "Gospel Oak", "Somers Town"],
        "Islington": ["Holloway", "Archway", "Highbury", "Finsbury Park", "Canonbury", "Clerkenwell"],
        "Lambeth": ["Brixton", "Stockwell", "Streatham", "Kennington", "Norwood", "Vauxhall"],
        "Southwark": ["Peckham", "Camberwell", "Bermondsey", "Walworth", "Rotherhithe", "Dulwich"],
        "Westminster": ["Pimlico", "Paddington", "Maida Vale", "Soho", "Church Street", "Queen's Park"],
        "Kensington and Chelsea": ["North Kensington", "Notting Dale", "Earl's Court", "World's End", "Golborne"],
        "Hammersmith and Fulham": ["Shepherd's Bush", "White City", "Fulham", "Hammersmith", "Sands End"],
        "Barking and Dagenham": ["Barking", "Dagenham", "Becontree", "Chadwell Heath", "Thames View"],
        "Havering": ["Romford", "Harold Hill", "Hornchurch", "Rainham", "Collier Row"],
        "Redbridge": ["Ilford", "Seven Kings", "Goodmayes", "Woodford", "Barkingside"],
        "Enfield": ["Edmonton", "Ponders End", "Enfield Town", "Enfield Lock", "Palmers Green"],
        "Haringey": ["Tottenham", "Wood Green", "Northumberland Park", "Hornsey", "Seven Sisters"],
        "Newham": ["Stratford", "East Ham", "Canning Town", "Forest Gate", "Plaistow", "Beckton"],
        "Waltham Forest": ["Walthamstow", "Leyton", "Leytonstone", "Chingford", "Higham Hill"],
        "Barnet": ["Edgware", "Burnt Oak", "Colindale", "Finchley", "Hendon", "Barnet"],
        "Brent": ["Harlesden", "Wembley", "Kilburn", "Neasden", "Stonebridge", "Willesden"],
        "Harrow": ["Wealdstone", "South Harrow", "Rayners Lane", "Edgware", "Harrow Weald"],
        "Bromley": ["Penge", "Mottingham", "Orpington", "Cray Valley", "Bromley Town"],
        "Croydon": ["Thornton Heath", "New Addington", "Selhurst", "Norbury", "Broad Green", "Fieldway"],
        "Sutton": ["Sutton Central", "Rosehill", "Wallington", "Carshalton", "Beddington"],
        "Bexley": ["Erith", "Belvedere", "Thamesmead East", "Bexleyheath", "Slade Green"],
        "Greenwich": ["Woolwich", "Plumstead", "Abbey Wood", "Eltham", "Charlton", "Thamesmead"],
        "Lewisham": ["Deptford", "New Cross", "Catford", "Lewisham Central", "Downham", "Bellingham"],
        "Kingston upon Thames": ["Norbiton", "Kingston Town", "Chessington", "Tolworth", "Surbiton"],
        "Merton": ["Mitcham", "Morden", "Colliers Wood", "Pollards Hill", "Wimbledon"],
        "Richmond upon Thames": ["Hampton", "Twickenham", "Whitton", "Ham", "Richmond Town"],
        "Wandsworth": ["Battersea", "Tooting", "Roehampton", "Balham", "Wandsworth Town"],
        "Ealing": ["Southall", "Acton", "Northolt", "Greenford", "Hanwell", "Ealing Broadway"],
        "Hillingdon": ["Hayes", "Uxbridge", "Yiewsley", "West Drayton", "Ruislip"],
        "Hounslow": ["Hounslow West", "Feltham", "Brentford", "Cranford", "Bedfont"],
    ]

    static let streets = [
        "Church Road", "Station Road", "High Street", "Victoria Road", "Park Road", "Queens Road", "Green Lane",
        "Manor Road", "Albert Road", "Grove Road", "Kings Road", "Springfield Road", "Mill Lane", "New Road",
        "Chester Road", "Windsor Road", "Elm Grove", "Richmond Road", "Stanley Road", "Cromwell Road",
    ]
}
