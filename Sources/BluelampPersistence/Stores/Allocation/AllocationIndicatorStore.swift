import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Indicators from allocation: how fast crimes reach an investigator against the policy's deadlines,
/// whether they reach the right one, caseloads against caps, and overrides.
///
/// PEEL 2023–25 graded investigating crime inadequate, finding complex crimes allocated to officers with
/// only "basic investigative training" and novices handling over 25 crimes at once
/// (`Citations.complexCrimesBasicTraining`, `Citations.novicesOver25Crimes`; the 2016 report had found crimes
/// allocated effectively). These figures show whether allocation has answered that. Allocations carry what the policy required and the officer as
/// they were at the time, so the figures for any past period read the records of that period.
///
/// The thresholds are Bluelamp's defaults, stated in each definition; a force sets its own in policy.
public struct AllocationIndicatorStore: IndicatorSource {
    public init() {}

    public enum ID {
        public static let withinDeadline = "allocation.within-deadline"
        public static func hoursToAllocation(_ priority: CrimePriority) -> String {
            "allocation.median-hours-to-allocation-p\(priority.rawValue)"
        }
        public static let atRequiredLevel = "allocation.at-required-level"
        public static let withRequiredSpecialism = "allocation.with-required-specialism"
        public static let officersOverCap = "allocation.investigators-over-cap"
        public static func caseload(_ statistic: CaseloadStatistic, _ level: PIPLevel) -> String {
            "allocation.caseload-\(statistic.rawValue)-pip\(level.rawValue)"
        }
        public static let overrides = "allocation.overrides"
        public static let flaggedOverrides = "allocation.overrides-flagged"
        public static func overrides(_ reason: AllocationOverrideReason) -> String {
            "allocation.overrides-\(reason.rawValue.replacingOccurrences(of: "_", with: "-"))"
        }
    }

    public enum CaseloadStatistic: String, CaseIterable, Sendable {
        case median
        case p90
        case max

        var label: String {
            switch self {
            case .median: "Median"
            case .p90: "90th percentile"
            case .max: "Largest"
            }
        }
    }

    static let levels: [PIPLevel] = [.pip1, .pip2, .pip3]
    static let area = "investigating-crime"

    /// The definitions under Bluelamp's default policy; `definitions(on:)` gives them under the policy in force.
    public let definitions: [IndicatorDefinition] = Self.definitions(under: .metropolitanDefault)

    /// The definitions as the policy in force sets them: the hours-to-allocation bands from its deadlines, the
    /// caseload bands from its caps and its call-out, so a force that changes its policy is banded against it.
    public func definitions(on database: any Database) async throws -> [IndicatorDefinition] {
        Self.definitions(under: try await AllocationPolicyStore.current(on: database).policy)
    }

    /// The definitions with the bands that follow from `policy`.
    public static func definitions(under policy: AllocationPolicy) -> [IndicatorDefinition] {
        var definitions: [IndicatorDefinition] = [
            IndicatorDefinition(
                id: ID.withinDeadline, name: "Crimes allocated within the policy deadline",
                description: "Share of crimes allocated in the period (proposals accepted and overrides) whose allocation "
                    + "came before the allocation policy's deadline for the crime's priority (default 24 hours for "
                    + "priority 1, 72 hours for priority 2, 7 days for priority 3, from recording).",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 90, adequate: 80, requiresImprovement: 70),
                thresholdSource: "Bluelamp default: good at 90% or more, adequate from 80%, requires improvement from 70%"),
        ]
        for priority in CrimePriority.allCases {
            let deadline = Double(policy.deadlines.hours(priority: priority))
            definitions.append(
                IndicatorDefinition(
                    id: ID.hoursToAllocation(priority), name: "Median hours to allocation, priority \(priority.rawValue)",
                    description: "Median time from recording to allocation, in hours, of priority \(priority.rawValue) crimes "
                        + "allocated in the period; the allocation policy's deadline is \(Int(deadline)) hours.",
                    areaID: area, unit: .hours, direction: .lowerIsBetter,
                    thresholds: IndicatorThresholds(good: deadline / 2, adequate: deadline, requiresImprovement: deadline * 1.5),
                    thresholdSource: "Bluelamp default against the \(Int(deadline))-hour deadline: good within half of it, "
                        + "adequate within it, requires improvement within half as long again"))
        }
        definitions += [
            IndicatorDefinition(
                id: ID.atRequiredLevel, name: "Allocations at or above the required PIP level",
                description: "Share of crimes allocated in the period to an officer at or above the PIP level the "
                    + "allocation policy required (\(Citations.complexCrimesBasicTraining.short)).",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 99, adequate: 97, requiresImprovement: 94),
                thresholdSource: "Bluelamp default: good at 99% or more, adequate from 97%, requires improvement from 94%"),
            IndicatorDefinition(
                id: ID.withRequiredSpecialism, name: "Allocations with the required specialism",
                description: "Of crimes allocated in the period whose policy rule required a specialism (domestic abuse, "
                    + "sexual offences, child abuse, fraud, homicide), the share given to an officer accredited in it.",
                areaID: "protecting-vulnerable-people", unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 99, adequate: 97, requiresImprovement: 94),
                thresholdSource: "Bluelamp default: good at 99% or more, adequate from 97%, requires improvement from 94%"),
            IndicatorDefinition(
                id: ID.officersOverCap, name: "Investigators over their caseload cap",
                description: "Share of investigators (a PIP level, in an investigation, safeguarding or force-wide team) "
                    + "whose open crimes today exceed their cap (the policy's cap for the level, or their own).",
                areaID: area, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 1, adequate: 3, requiresImprovement: 6),
                thresholdSource: "Bluelamp default: good at 1% or less, adequate to 3%, requires improvement to 6%"),
        ]
        let caps = policy.caseloadCaps
        let callOut = Double(policy.callOutAbove)
        for level in levels {
            let cap = Double(caps.cap(for: level) ?? 0)
            for statistic in CaseloadStatistic.allCases {
                let thresholds: IndicatorThresholds =
                    switch statistic {
                    case .median: IndicatorThresholds(good: cap * 0.6, adequate: cap * 0.8, requiresImprovement: cap)
                    case .p90: IndicatorThresholds(good: cap * 0.9, adequate: cap, requiresImprovement: cap * 1.25)
                    case .max:
                        // Anyone over the call-out is named whatever their cap, so a largest caseload over it is
                        // inadequate; a policy whose call-out is below a quarter over the cap pulls the edges down to it.
                        IndicatorThresholds(
                            good: min(cap, callOut), adequate: min(cap * 1.25, callOut), requiresImprovement: callOut)
                    }
                definitions.append(
                    IndicatorDefinition(
                        id: ID.caseload(statistic, level), name: "\(statistic.label) caseload, \(level.label) investigators",
                        description: "\(statistic.label) of open crimes held today by \(level.label) investigators "
                            + "(the allocation policy caps PIP1 / PIP2 / PIP3 at \(caps.pip1) / \(caps.pip2) / \(caps.pip3)).",
                        areaID: area, unit: .count, direction: .lowerIsBetter, thresholds: thresholds,
                        thresholdSource: "Bluelamp default, against the policy's \(level.label) cap of \(Int(cap))"
                            + (statistic == .max
                                ? " and its call-out above \(policy.callOutAbove) crimes (\(Citations.novicesOver25Crimes.short))"
                                : "")))
            }
        }
        definitions += [
            IndicatorDefinition(
                id: ID.overrides, name: "Allocations made by override",
                description: "Share of crimes allocated in the period where a person chose the officer instead of "
                    + "accepting the allocator's proposal.",
                areaID: area, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 5, adequate: 10, requiresImprovement: 20),
                thresholdSource: "Bluelamp default: good at 5% or less, adequate to 10%, requires improvement to 20%"),
            IndicatorDefinition(
                id: ID.flaggedOverrides, name: "Overrides beyond the cap or below the required level",
                description: "Share of crimes allocated in the period by a supervisor's override that put the officer "
                    + "over their cap, below the required PIP level or without the required specialism.",
                areaID: area, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 0.5, adequate: 1, requiresImprovement: 2),
                thresholdSource: "Bluelamp default: good at 0.5% or less, adequate to 1%, requires improvement to 2%"),
        ]
        for reason in AllocationOverrideReason.allCases {
            definitions.append(
                IndicatorDefinition(
                    id: ID.overrides(reason), name: "Overrides: \(reason.shortLabel.lowercased())",
                    description: "Share of crimes allocated in the period by an override whose reason was: \(reason.label).",
                    areaID: area, unit: .percent, direction: .lowerIsBetter,
                    thresholds: IndicatorThresholds(good: 2, adequate: 4, requiresImprovement: 8),
                    thresholdSource: "Bluelamp default: good at 2% or less, adequate to 4%, requires improvement to 8%"))
        }
        return definitions
    }

    public func history(of id: String) -> IndicatorHistory {
        id == ID.officersOverCap || id.hasPrefix("allocation.caseload-") ? .currentOnly : .anyPeriod
    }

    public func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink] {
        let place = bcu.map { " in \($0.code)" } ?? ""
        if id == ID.withinDeadline || id.hasPrefix("allocation.median-hours") {
            return [
                IndicatorRecordsLink(
                    label: "Crimes awaiting allocation\(place)", path: "/allocation" + (bcu.map { "?bcu=\($0.code)" } ?? ""),
                    permission: .allocateCrimes)
            ]
        }
        if id == ID.officersOverCap || id.hasPrefix("allocation.caseload-") {
            return [
                IndicatorRecordsLink(
                    label: "Teams\(place) (each team's caseloads page)", path: bcu.map { "/bcus/\($0.code)" } ?? "/bcus",
                    permission: .viewCaseloads)
            ]
        }
        return []
    }

    public func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws -> Double? {
        try await computeOne(id: id, period: period, bcu: bcu, on: database)
    }

    /// Every allocation indicator for each scope: the shares from one grouped read of the allocations
    /// made in the period, the medians from one read of their times, the caseloads from one roster.
    public func computeAll(period: DateInterval, scopes: [BCU?], on database: any Database) async throws -> IndicatorValues {
        try await compute(period: period, scopes: scopes, current: true, on: database)
    }

    /// Without the caseload figures, so without the roster.
    public func computeHistory(period: DateInterval, scopes: [BCU?], on database: any Database) async throws -> IndicatorValues {
        try await compute(period: period, scopes: scopes, current: false, on: database)
    }

    private func compute(period: DateInterval, scopes: [BCU?], current: Bool, on database: any Database) async throws -> IndicatorValues {
        let sql = database as! any SQLDatabase
        let scopeFilter: SQLQueryString =
            scopes.contains(where: { $0 == nil }) ? "" : " AND c.bcu_code IN (\(binds: scopes.compactMap { $0?.code }))"
        // Allocations made in the period: accepted proposals and overrides (a reallocation moves a crime
        // that was allocated before, so it is not a new allocation).
        let made: SQLQueryString = """
            FROM crime_allocations a JOIN crimes c ON c.id = a.crime_id
            WHERE a.kind IN (\(binds: [AllocationKind.accepted.rawValue, AllocationKind.override.rawValue]))
              AND a.allocated_at >= \(bind: period.start) AND a.allocated_at < \(bind: period.end)\(scopeFilter)
            """
        let overrideKind = AllocationKind.override.rawValue
        var hits: [SQLQueryString] = [
            "a.allocated_at <= a.deadline_at",
            "a.meets_level = \(bind: true)",
            "a.required_specialism IS NOT NULL",
            "a.required_specialism IS NOT NULL AND a.meets_specialism = \(bind: true)",
            "a.kind = \(bind: overrideKind)",
            "a.kind = \(bind: overrideKind) AND a.flagged = \(bind: true)",
        ]
        hits += AllocationOverrideReason.allCases.map {
            "a.kind = \(bind: overrideKind) AND a.override_reason_code = \(bind: $0.rawValue)"
        }
        var query: SQLQueryString = "SELECT c.bcu_code AS scope, COUNT(*) AS c0"
        for (index, condition) in hits.enumerated() {
            query.appendInterpolation(unsafeRaw: ", SUM(CASE WHEN ")
            query.appendInterpolation(condition)
            query.appendInterpolation(unsafeRaw: " THEN 1 ELSE 0 END) AS c\(index + 1)")
        }
        query.appendInterpolation(unsafeRaw: " ")
        query.appendInterpolation(made)
        query.appendInterpolation(unsafeRaw: " GROUP BY c.bcu_code")
        let shares = try await ScopedCounts.read(query, width: hits.count + 1, on: sql)

        struct TimeRow: Decodable {
            var scope: String?
            var priority: Int
            var recorded_at: Date
            var allocated_at: Date
        }
        let times = try await sql.raw(
            "SELECT c.bcu_code AS scope, a.priority AS priority, c.recorded_at AS recorded_at, a.allocated_at AS allocated_at \(made)"
        ).all(decoding: TimeRow.self)

        let caseloads =
            current
            ? try await caseloads(bcus: scopes.contains(where: { $0 == nil }) ? nil : Set(scopes.compactMap { $0 }), asAt: period.end, on: database)
            : []

        func percent(_ hits: Int, _ total: Int) -> Double? { total == 0 ? nil : 100 * Double(hits) / Double(total) }
        var values: IndicatorValues = [:]
        for bcu in scopes {
            let code = IndicatorStore.scopeCode(bcu)
            let c = shares.counts(for: bcu)
            var scope: [String: Double?] = [
                ID.withinDeadline: percent(c[1], c[0]),
                ID.atRequiredLevel: percent(c[2], c[0]),
                ID.withRequiredSpecialism: percent(c[4], c[3]),
                ID.overrides: percent(c[5], c[0]),
                ID.flaggedOverrides: percent(c[6], c[0]),
            ]
            for (index, reason) in AllocationOverrideReason.allCases.enumerated() {
                scope[ID.overrides(reason)] = percent(c[7 + index], c[0])
            }
            let inScope = times.filter { row in bcu.map { row.scope == $0.code } ?? true }
            for priority in CrimePriority.allCases {
                let hours = inScope.filter { $0.priority == priority.rawValue }
                    .map { max(0, $0.allocated_at.timeIntervalSince($0.recorded_at)) / 3600 }.sorted()
                guard !hours.isEmpty else { continue }
                let middle = hours.count / 2
                scope[ID.hoursToAllocation(priority)] = hours.count % 2 == 1 ? hours[middle] : (hours[middle - 1] + hours[middle]) / 2
            }
            let members = caseloads.filter { member in bcu.map { member.bcu == $0 } ?? true }
            if !members.isEmpty {
                scope[ID.officersOverCap] = 100 * Double(members.filter { $0.load > $0.cap }.count) / Double(members.count)
            }
            for level in Self.levels {
                guard let distribution = CaseloadDistribution(loads: members.filter { $0.level == level }.map(\.load)) else { continue }
                scope[ID.caseload(.median, level)] = distribution.median
                scope[ID.caseload(.p90, level)] = Double(distribution.percentile90)
                scope[ID.caseload(.max, level)] = Double(distribution.maximum)
            }
            for (id, value) in scope { if let value, value.isFinite { values[id, default: [:]][code] = value } }
        }
        return values
    }

    /// Every investigator's open caseload and cap under the policy in force, in the BCUs given (nil:
    /// the whole force), each with their BCU. PIP4 officers lead strategically and hold no crimes, so they
    /// are left out; the force-wide units count only in the force's figures.
    private func caseloads(bcus: Set<BCU>?, asAt: Date, on database: any Database) async throws
        -> [(bcu: BCU, level: PIPLevel, load: Int, cap: Int)]
    {
        let policy = try await AllocationPolicyStore.current(on: database).policy
        let roster = try await AllocationStore.roster(bcus: bcus, now: asAt, on: database)
        return roster.compactMap { officer in
            officer.level.flatMap { $0 == .pip4 ? nil : (officer.bcu, $0, officer.openCrimes, officer.cap(under: policy)) }
        }
    }
}
