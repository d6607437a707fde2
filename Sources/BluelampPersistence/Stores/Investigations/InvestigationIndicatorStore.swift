import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Computes the investigation indicators (`InvestigationIndicators`, defined in the core) from the records, every
/// BCU from one read per figure (`GROUP BY bcu_code`). Reviews and actions keep the time they fell due
/// (`due_at`, `next_due_at`, `due_by`), so a past period is computed as it was, and a review or action not made
/// by its due time counts as late whether or not it has been made since.
public struct InvestigationIndicatorStore: IndicatorSource {
    public init() {}

    public typealias ID = InvestigationIndicators.ID

    public var definitions: [IndicatorDefinition] { InvestigationIndicators.definitions(under: .standard) }

    public func definitions(on database: any Database) async throws -> [IndicatorDefinition] {
        InvestigationIndicators.definitions(under: try await InvestigationStore.policy(on: database).policy)
    }

    public func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws
        -> Double?
    {
        try await computeOne(id: id, period: period, bcu: bcu, on: database)
    }

    public func computeAll(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        let sql = database as! any SQLDatabase
        let policy = try await InvestigationStore.policy(on: database).policy
        let start = period.start
        let end = period.end
        // Only what has fallen due can be late: a period running into the future stops at now.
        let now = Date()
        let dueEnd = min(end, now)
        let held = AllocationStore.heldStatuses.map(\.rawValue)
        var values: IndicatorValues = [:]
        func put(_ id: String, _ counts: ScopedCounts, total: Int, hits: Int) {
            for bcu in scopes {
                let c = counts.counts(for: bcu)
                guard c[total] > 0 else { continue }
                values[id, default: [:]][IndicatorStore.scopeCode(bcu)] = 100 * Double(c[hits]) / Double(c[total])
            }
        }

        // Reviews that fell due in the period: those made (on time when by their due time), and those not made
        // by now on investigations still open — never reviewed (due `firstReviewDays` after allocation) or whose
        // last review's next one has passed.
        var reviews = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0, SUM(CASE WHEN r.reviewed_at <= r.due_at THEN 1 ELSE 0 END) AS c1
            FROM supervisory_reviews r JOIN crimes c ON c.id = r.crime_id
            WHERE r.due_at >= \(bind: start) AND r.due_at < \(bind: dueEnd)
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        let firstDue = Double(policy.firstReviewDays) * 86_400
        // Investigations whose first review fell due in the period: those that started `firstDue` before it.
        let dueStarts = InvestigationStore.starts(
            firstFrom: start.addingTimeInterval(-firstDue), before: dueEnd.addingTimeInterval(-firstDue))
        let neverReviewed = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0, 0 AS c1
            FROM \(dueStarts) f
              JOIN crimes c ON c.id = f.crime_id
            WHERE f.first >= \(bind: start.addingTimeInterval(-firstDue))
              AND f.first < \(bind: dueEnd.addingTimeInterval(-firstDue))
              AND c.status IN (\(binds: held))
              AND NOT EXISTS (SELECT 1 FROM supervisory_reviews r WHERE r.crime_id = f.crime_id)
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        let lapsed = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0, 0 AS c1
            FROM supervisory_reviews r JOIN crimes c ON c.id = r.crime_id
            WHERE r.next_due_at >= \(bind: start) AND r.next_due_at < \(bind: dueEnd) AND c.status IN (\(binds: held))
              AND NOT EXISTS (SELECT 1 FROM supervisory_reviews r2 WHERE r2.crime_id = r.crime_id
                              AND r2.reviewed_at > r.reviewed_at)
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        reviews.merge(neverReviewed)
        reviews.merge(lapsed)
        put(ID.reviewsOnTime, reviews, total: 0, hits: 1)

        // First reviews: of investigations whose first review fell due in the period, those reviewed by then.
        let first = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN EXISTS (SELECT 1 FROM supervisory_reviews r WHERE r.crime_id = f.crime_id
                                    AND r.reviewed_at <= r.due_at
                                    AND r.reviewed_at = (SELECT MIN(r2.reviewed_at) FROM supervisory_reviews r2
                                                         WHERE r2.crime_id = f.crime_id))
                  THEN 1 ELSE 0 END) AS c1
            FROM \(dueStarts) f
              JOIN crimes c ON c.id = f.crime_id
            WHERE f.first >= \(bind: start.addingTimeInterval(-firstDue))
              AND f.first < \(bind: dueEnd.addingTimeInterval(-firstDue))
              AND (c.status IN (\(binds: held))
                   OR EXISTS (SELECT 1 FROM supervisory_reviews r WHERE r.crime_id = f.crime_id))
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        put(ID.firstReviewsOnTime, first, total: 0, hits: 1)

        // Lines of enquiry: crimes first allocated in the period, with a line recorded before its end.
        let lines = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN EXISTS (SELECT 1 FROM lines_of_enquiry l WHERE l.crime_id = f.crime_id
                                    AND l.created_at < \(bind: end)) THEN 1 ELSE 0 END) AS c1
            FROM \(InvestigationStore.starts(firstFrom: start, before: end)) f
              JOIN crimes c ON c.id = f.crime_id
            WHERE f.first >= \(bind: start) AND f.first < \(bind: end)
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        put(ID.withLineOfEnquiry, lines, total: 0, hits: 1)

        // Actions due in the period (up to now), done by the end of their day.
        let actions = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN a.done_at IS NOT NULL AND a.done_at <= a.due_by THEN 1 ELSE 0 END) AS c1
            FROM investigation_actions a JOIN crimes c ON c.id = a.crime_id
            WHERE a.due_by >= \(bind: start) AND a.due_by < \(bind: dueEnd)
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        put(ID.actionsOnTime, actions, total: 0, hits: 1)

        // Flagged notes and contact summaries written in the period, and those a supervisor has reviewed.
        var flagged = try await ScopedCounts.read(
            """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN n.flag_reviewed_at IS NOT NULL THEN 1 ELSE 0 END) AS c1
            FROM investigation_notes n JOIN crimes c ON c.id = n.crime_id
            WHERE n.flagged_phrases <> '' AND n.written_at >= \(bind: start) AND n.written_at < \(bind: end)
            GROUP BY c.bcu_code
            """, width: 2, on: sql)
        flagged.merge(
            try await ScopedCounts.read(
                """
                SELECT c.bcu_code AS scope, COUNT(*) AS c0,
                  SUM(CASE WHEN v.flag_reviewed_at IS NOT NULL THEN 1 ELSE 0 END) AS c1
                FROM victim_contacts v JOIN crimes c ON c.id = v.crime_id
                WHERE v.flagged_phrases <> '' AND v.contacted_at >= \(bind: start) AND v.contacted_at < \(bind: end)
                GROUP BY c.bcu_code
                """, width: 2, on: sql))
        put(ID.flaggedNotesReviewed, flagged, total: 0, hits: 1)
        return values
    }

    public func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink] {
        [
            IndicatorRecordsLink(
                label: "Open investigations and their reviews"
                    + (bcu.map { " (your BCUs; this figure is \($0.code))" } ?? ""),
                path: "/investigations/supervision", permission: .superviseInvestigations)
        ]
    }
}
