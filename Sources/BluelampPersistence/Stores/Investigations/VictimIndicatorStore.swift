import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Computes the Victims' Code indicators (`VictimIndicators`, defined in the core) from the records, every BCU from
/// one read per figure. Each clock keeps the time it fell due (`due_by`, `update_due_at`, `next_update_due_at`), so a
/// past period is computed as it was.
public struct VictimIndicatorStore: IndicatorSource {
    public init() {}

    public typealias ID = VictimIndicators.ID

    public let definitions = VictimIndicators.definitions

    public func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws
        -> Double?
    {
        try await computeOne(id: id, period: period, bcu: bcu, on: database)
    }

    public func computeAll(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        let sql = database as! any SQLDatabase
        let start = period.start
        let end = period.end
        // What has not fallen due cannot be late: a period running into the future stops at now.
        let dueEnd = min(end, Date())
        let held = AllocationStore.heldStatuses.map(\.rawValue)
        var values: IndicatorValues = [:]
        func put(_ id: String, _ counts: ScopedCounts) {
            for bcu in scopes {
                let c = counts.counts(for: bcu)
                guard c[0] > 0 else { continue }
                values[id, default: [:]][IndicatorStore.scopeCode(bcu)] = 100 * Double(c[1]) / Double(c[0])
            }
        }

        for enhanced in [true, false] {
            let told = try await ScopedCounts.read(
                """
                SELECT c.bcu_code AS scope, COUNT(*) AS c0,
                  SUM(CASE WHEN n.told_at IS NOT NULL AND n.told_at <= n.due_by THEN 1 ELSE 0 END) AS c1
                FROM victim_notifications n JOIN crimes c ON c.id = n.crime_id
                WHERE n.enhanced = \(bind: enhanced) AND n.opted_out = \(bind: false)
                  AND n.due_by >= \(bind: start) AND n.due_by < \(bind: dueEnd)
                GROUP BY c.bcu_code
                """, width: 2, on: sql)
            put(ID.toldOnTime(enhanced: enhanced), told)
        }

        // Updates that fell due: those made (on time when by their due time), and those not made by now on open
        // investigations — no contact yet (due 28 days after allocation) or the last contact's next one passed.
        var updates = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN v.contacted_at <= v.update_due_at THEN 1 ELSE 0 END) AS c1
            FROM victim_contacts v JOIN crimes c ON c.id = v.crime_id
            WHERE v.update_due_at >= \(bind: start) AND v.update_due_at < \(bind: dueEnd)
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        let lapsed = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0, 0 AS c1
            FROM victim_contacts v JOIN crimes c ON c.id = v.crime_id
            WHERE v.next_update_due_at >= \(bind: start) AND v.next_update_due_at < \(bind: dueEnd)
              AND c.status IN (\(binds: held))
              AND NOT EXISTS (SELECT 1 FROM victim_contacts v2 WHERE v2.crime_id = v.crime_id
                              AND v2.person_id = v.person_id AND v2.contacted_at > v.contacted_at)
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        let firstUpdate = Double(VictimsCode.routineUpdateDays) * 86_400
        let updateStarts = InvestigationStore.starts(
            firstFrom: start.addingTimeInterval(-firstUpdate), before: dueEnd.addingTimeInterval(-firstUpdate))
        let neverUpdated = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0, 0 AS c1
            FROM \(updateStarts) f
              JOIN crimes c ON c.id = f.crime_id
              JOIN crime_people p ON p.crime_id = f.crime_id AND p.role = \(bind: PersonRole.victim.rawValue)
              JOIN people pe ON pe.id = p.person_id
            WHERE f.first >= \(bind: start.addingTimeInterval(-firstUpdate))
              AND f.first < \(bind: dueEnd.addingTimeInterval(-firstUpdate))
              AND c.status IN (\(binds: held)) AND pe.contact_preference <> \(bind: ContactPreference.noContact.rawValue)
              AND NOT EXISTS (SELECT 1 FROM victim_contacts v WHERE v.crime_id = f.crime_id
                              AND v.person_id = p.person_id)
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        updates.merge(lapsed)
        updates.merge(neverUpdated)
        put(ID.updatesOnTime, updates)

        // Needs assessments: victims on crimes first allocated in the period, assessed by its end.
        let needs = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN vc.needs_assessed_at IS NOT NULL AND vc.needs_assessed_at < \(bind: end)
                  THEN 1 ELSE 0 END) AS c1
            FROM \(InvestigationStore.starts(firstFrom: start, before: end)) f
              JOIN crimes c ON c.id = f.crime_id
              JOIN crime_people p ON p.crime_id = f.crime_id AND p.role = \(bind: PersonRole.victim.rawValue)
              LEFT JOIN victim_care vc ON vc.crime_id = f.crime_id AND vc.person_id = p.person_id
            WHERE f.first >= \(bind: start) AND f.first < \(bind: end)
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        put(ID.needsAssessed, needs)

        // VPS: victims on crimes closed or charged in the period (a key event then), offered a statement by its end.
        // The crimes are an IN list and their victims read by crime: joined to the key events as a table, SQLite
        // 3.5x read every row of crime_people ever stored (3.4 s at ten years of the Met against 0.12 s this way).
        let statement = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN vc.vps_offered_at IS NOT NULL AND vc.vps_offered_at < \(bind: end) THEN 1 ELSE 0 END) AS c1
            FROM crime_people p JOIN crimes c ON c.id = p.crime_id
              LEFT JOIN victim_care vc ON vc.crime_id = p.crime_id AND vc.person_id = p.person_id
            WHERE p.role = \(bind: PersonRole.victim.rawValue)
              AND p.crime_id IN (
                SELECT crime_id FROM victim_key_events
                WHERE event IN (\(binds: [VictimKeyEvent.charged.rawValue, VictimKeyEvent.investigationClosed.rawValue]))
                  AND occurred_at >= \(bind: start) AND occurred_at < \(bind: end))
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        put(ID.statementOffered, statement)
        return values
    }

    public func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink] {
        [
            IndicatorRecordsLink(
                label: "Open investigations with their victims' overdue contacts",
                path: "/investigations/supervision", permission: .superviseInvestigations)
        ]
    }
}
