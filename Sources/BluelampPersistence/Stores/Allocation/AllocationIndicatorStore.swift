import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Computes the allocation indicators (`AllocationIndicators`, defined in the core) from the records. Allocations
/// carry what the policy required and the officer as they were at the time, so the figures for any past period
/// read the records of that period.
public struct AllocationIndicatorStore: IndicatorSource {
    public init() {}

    public typealias ID = AllocationIndicators.ID
    public typealias CaseloadStatistic = AllocationIndicators.CaseloadStatistic

    /// The definitions under Bluelamp's default policy; `definitions(on:)` gives them under the policy in force.
    public let definitions: [IndicatorDefinition] = AllocationIndicators.definitions(under: .metropolitanDefault)

    /// The definitions as the policy in force sets them: the hours-to-allocation bands from its deadlines, the
    /// caseload bands from its caps and its call-out, so a force that changes its policy is banded against it.
    public func definitions(on database: any Database) async throws -> [IndicatorDefinition] {
        AllocationIndicators.definitions(under: try await AllocationPolicyStore.current(on: database).policy)
    }

    public func history(of id: String) -> IndicatorHistory {
        id == ID.officersOverCap || id.hasPrefix("allocation.caseload-") ? .currentOnly : .anyPeriod
    }

    public func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink] {
        let place = bcu.map { " in \($0.code)" } ?? ""
        if id == ID.withinDeadline || id.hasPrefix("allocation.median-hours") {
            return [
                IndicatorRecordsLink(
                    label: "Crimes awaiting allocation\(place)",
                    path: "/allocation" + (bcu.map { "?bcu=\($0.code)" } ?? ""),
                    permission: .allocateCrimes)
            ]
        }
        if id == ID.officersOverCap || id.hasPrefix("allocation.caseload-") {
            return [
                IndicatorRecordsLink(
                    label: "Teams\(place) (each team's caseloads page)",
                    path: bcu.map { "/bcus/\($0.code)" } ?? "/bcus",
                    permission: .viewCaseloads)
            ]
        }
        return []
    }

    public func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws -> Double?
    {
        try await computeOne(id: id, period: period, bcu: bcu, on: database)
    }

    /// Every allocation indicator for each scope: the shares from one grouped read of the allocations
    /// made in the period, the medians from one read of their times, the caseloads from one roster.
    public func computeAll(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        try await compute(period: period, scopes: scopes, current: true, on: database)
    }

    /// Without the caseload figures, so without the roster.
    public func computeHistory(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        try await compute(period: period, scopes: scopes, current: false, on: database)
    }

    private func compute(period: DateInterval, scopes: [BCU?], current: Bool, on database: any Database) async throws
        -> IndicatorValues
    {
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
            ? try await caseloads(
                bcus: scopes.contains(where: { $0 == nil }) ? nil : Set(scopes.compactMap { $0 }), asAt: period.end,
                on: database)
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
                scope[ID.hoursToAllocation(priority)] =
                    hours.count % 2 == 1 ? hours[middle] : (hours[middle - 1] + hours[middle]) / 2
            }
            let members = caseloads.filter { member in bcu.map { member.bcu == $0 } ?? true }
            if !members.isEmpty {
                scope[ID.officersOverCap] =
                    100 * Double(members.filter { $0.load > $0.cap }.count) / Double(members.count)
            }
            for level in AllocationIndicators.levels {
                guard let distribution = CaseloadDistribution(loads: members.filter { $0.level == level }.map(\.load))
                else { continue }
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
            officer.level.flatMap {
                $0 == .pip4 ? nil : (officer.bcu, $0, officer.openCrimes, officer.cap(under: policy))
            }
        }
    }
}
