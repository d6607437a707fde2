import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Computes the serious and organised crime indicators (`OrganisedCrimeIndicators`) from the register, each BCU
/// from one read per figure (`GROUP BY bcu_code`, a group counted for its owning BCU). Mappings keep the day they
/// were due and the day the next falls due, so deadlines are judged under the policy in force when they were set;
/// a deadline is late only once its day has passed.
public struct OrganisedCrimeIndicatorStore: IndicatorSource {
    public init() {}

    public typealias ID = OrganisedCrimeIndicators.ID

    public var definitions: [IndicatorDefinition] { OrganisedCrimeIndicators.definitions(under: .standard) }

    public func definitions(on database: any Database) async throws -> [IndicatorDefinition] {
        OrganisedCrimeIndicators.definitions(under: try await OrganisedCrimeStore.policy(on: database).policy)
    }

    public func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws
        -> Double?
    {
        try await computeOne(id: id, period: period, bcu: bcu, on: database)
    }

    public func history(of id: String) -> IndicatorHistory {
        // Lead officers, plans and the active groups are read as they stand now.
        [ID.activeWithLead, ID.plansWithFourPs, ID.intelligencePerGroup].contains(id) ? .currentOnly : .anyPeriod
    }

    public func computeAll(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        let sql = database as! any SQLDatabase
        let policy = try await OrganisedCrimeStore.policy(on: database).policy
        let now = Date()
        let startDay = IndicatorStore.dayString(period.start)
        let endDay = IndicatorStore.dayString(period.end)
        // A deadline is missed once its day has passed: only days before today (and before the period's end) count.
        let dueEndDay = IndicatorStore.dayString(min(period.end, now))
        let managed = [OCGStatus.active, .dormant].map(\.rawValue)
        var values: IndicatorValues = [:]
        func put(_ id: String, _ counts: ScopedCounts, always: Bool = false, _ value: ([Int]) -> Double?) {
            for bcu in scopes {
                let c = counts.counts(for: bcu)
                guard always || c[0] > 0, let v = value(c) else { continue }
                values[id, default: [:]][IndicatorStore.scopeCode(bcu)] = v
            }
        }
        let percent: ([Int]) -> Double? = { $0[0] > 0 ? 100 * Double($0[1]) / Double($0[0]) : nil }

        // First mappings due in the period, and those made by their day. A group closed before its mapping fell
        // due (and never mapped) is left out.
        let mapped = try await ScopedCounts.read(
            """
            SELECT g.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN EXISTS (SELECT 1 FROM ocg_mappings m WHERE m.group_id = g.id
                                    AND m.scored_on <= g.mapping_due_on) THEN 1 ELSE 0 END) AS c1
            FROM organised_crime_groups g
            WHERE g.mapping_due_on >= \(bind: startDay) AND g.mapping_due_on < \(bind: dueEndDay)
              AND (g.status IN (\(binds: managed)) OR g.status_changed_on > g.mapping_due_on
                   OR EXISTS (SELECT 1 FROM ocg_mappings m WHERE m.group_id = g.id))
            GROUP BY g.bcu_code
            """, width: 2, on: sql)
        put(ID.mappedInTime, mapped, percent)

        // Re-assessments due in the period (each scoring sets the next), and those made by their day.
        let reassessed = try await ScopedCounts.read(
            """
            SELECT g.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN EXISTS (SELECT 1 FROM ocg_mappings m2 WHERE m2.group_id = m.group_id
                                    AND m2.scored_on > m.scored_on AND m2.scored_on <= m.next_due_on)
                  THEN 1 ELSE 0 END) AS c1
            FROM ocg_mappings m JOIN organised_crime_groups g ON g.id = m.group_id
            WHERE m.next_due_on >= \(bind: startDay) AND m.next_due_on < \(bind: dueEndDay)
              AND (g.status IN (\(binds: managed)) OR g.status_changed_on > m.next_due_on)
            GROUP BY g.bcu_code
            """, width: 2, on: sql)
        put(ID.reassessedInTime, reassessed, percent)

        // Active groups now, with an eligible lead officer; and with all four Ps in their plan.
        let ranks = Rank.allCases.filter { $0 >= policy.leadMinimumRank }.map(\.rawValue)
        let leads = try await ScopedCounts.read(
            """
            SELECT g.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN o.id IS NOT NULL AND o.rank IN (\(binds: ranks))
                        AND o.pip_level >= \(bind: policy.leadMinimumPIP.rawValue) THEN 1 ELSE 0 END) AS c1
            FROM organised_crime_groups g LEFT JOIN officers o ON o.id = g.lead_officer_id
            WHERE g.status = 'active'
            GROUP BY g.bcu_code
            """, width: 2, on: sql)
        put(ID.activeWithLead, leads, percent)

        let plans = try await ScopedCounts.read(
            """
            SELECT g.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN (SELECT COUNT(DISTINCT a.p) FROM ocg_plan_actions a
                             WHERE a.group_id = g.id AND a.status <> 'cancelled') = 4 THEN 1 ELSE 0 END) AS c1
            FROM organised_crime_groups g
            WHERE g.status = 'active'
            GROUP BY g.bcu_code
            """, width: 2, on: sql)
        put(ID.plansWithFourPs, plans, percent)

        // Senior meetings in the quarter up to the period's end (a count: none is a figure, 0).
        let quarterStart = CalendarDay(containing: period.end).adding(days: -OrganisedCrimeIndicators.quarterDays)
        let meetings = try await ScopedCounts.read(
            """
            SELECT bcu_code AS scope, COUNT(*) AS c0, 0 AS c1
            FROM soc_partnership_meetings
            WHERE seniority = \(bind: MeetingSeniority.strategic.rawValue)
              AND held_on >= \(bind: quarterStart.text) AND held_on < \(bind: endDay)
            GROUP BY bcu_code
            """, width: 2, on: sql)
        put(ID.seniorMeetings, meetings, always: true) { Double($0[0]) }

        // Submissions in the period per group identified by its end and active now.
        let intelligence = try await ScopedCounts.read(
            """
            SELECT g.bcu_code AS scope, 0 AS c0, COUNT(*) AS c1
            FROM ocg_intelligence i JOIN organised_crime_groups g ON g.id = i.group_id
            WHERE i.submitted_at >= \(bind: period.start) AND i.submitted_at < \(bind: period.end)
            GROUP BY g.bcu_code
            """, width: 2, on: sql)
        var perGroup = try await ScopedCounts.read(
            """
            SELECT bcu_code AS scope, COUNT(*) AS c0, 0 AS c1
            FROM organised_crime_groups
            WHERE status = 'active' AND identified_on < \(bind: endDay)
            GROUP BY bcu_code
            """, width: 2, on: sql)
        perGroup.merge(intelligence)
        put(ID.intelligencePerGroup, perGroup) { Double($0[1]) / Double($0[0]) }

        // Local profiles: a BCU is covered on the period's last day by its own latest profile or the force's.
        let lastDay = CalendarDay(containing: min(period.end, now).addingTimeInterval(-1))
        let profiles = try await OrganisedCrimeStore.profiles(on: database).filter { $0.publishedOn <= lastDay }
        func latest(_ bcu: BCU) -> LocalProfile? {
            profiles.filter { $0.bcu == bcu }.max { $0.publishedOn < $1.publishedOn }
        }
        let forceWide = latest(.force)
        let covered = Dictionary(
            uniqueKeysWithValues: BCU.territorial.map { bcu in
                (bcu, [latest(bcu), forceWide].contains { $0?.meetsStandard(on: lastDay) ?? false })
            })
        for scope in scopes {
            let units = scope.map { $0 == .force ? BCU.territorial : [$0] } ?? BCU.territorial
            let hits = units.filter { covered[$0] ?? false }.count
            values[ID.localProfile, default: [:]][IndicatorStore.scopeCode(scope)] =
                100 * Double(hits) / Double(units.count)
        }
        return values
    }

    public func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink] {
        switch id {
        case ID.seniorMeetings, ID.localProfile:
            [
                IndicatorRecordsLink(
                    label: "Partnership meetings and local profiles", path: "/organised-crime/partnerships",
                    permission: .manageOrganisedCrime)
            ]
        default:
            [
                IndicatorRecordsLink(
                    label: "The organised crime group register" + (bcu.map { " (\($0.code))" } ?? ""),
                    path: "/organised-crime" + (bcu.map { "?bcu=\($0.code)" } ?? ""), permission: .viewOrganisedCrime)
            ]
        }
    }
}
