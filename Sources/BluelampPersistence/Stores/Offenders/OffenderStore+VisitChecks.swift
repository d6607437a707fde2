import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// A visit interval set longer than the risk level's minimum (issue 15): who approved it, if anyone did.
public struct RSOIntervalException: Sendable, Hashable {
    public var offender: RSOSummary
    /// Nil for an interval set before approvals were recorded.
    public var approvedBy: String?
    public var approvedOn: Date?
}

/// A visit made with the offender told in advance.
public struct RSOAnnouncedVisit: Sendable, Hashable {
    public var offenderID: Int
    public var offenderName: String
    public var bcu: BCU
    public var risk: OffenderRiskLevel
    public var visitedOn: Date
    public var time: String
    public var outcome: VisitOutcome?
}

/// The records behind the visit indicators that a supervisor checks (issue 15): intervals longer than the
/// minimum, high and very high risk offenders with no unannounced visit in a year, and announced visits.
extension OffenderStore {
    /// Offenders (not under reactive management) whose visit interval is longer than their risk level's minimum.
    public static func intervalExceptions(bcus: [BCU]?, on database: any Database) async throws
        -> [RSOIntervalException]
    {
        let register = try await summaries(bcus: bcus, on: database)
            .filter { !$0.isReactive && $0.frequency.isLooserThanDefault(for: $0.risk) }
        guard !register.isEmpty else { return [] }
        let rows = try await RegisteredOffender.query(on: database).filter(\.$id ~~ register.map(\.id)).all()
        let approvals = Dictionary(
            uniqueKeysWithValues: rows.compactMap { row in
                row.id.map { ($0, (row.visitFrequencyApprovedBy, row.visitFrequencyApprovedOn)) }
            })
        return register.map { offender in
            RSOIntervalException(
                offender: offender, approvedBy: approvals[offender.id]?.0 ?? nil,
                approvedOn: approvals[offender.id]?.1 ?? nil)
        }
    }

    /// Each offender's last unannounced visit made (any outcome) on or before `day`, from the visit records.
    public static func lastUnannouncedVisits(onOrBefore day: Date, bcus: [BCU]?, on database: any Database) async throws
        -> [Int: Date]
    {
        if let bcus, bcus.isEmpty { return [:] }
        let sql = database as! any SQLDatabase
        let bcuFilter: SQLQueryString = bcus.map { " AND r.bcu_code IN (\(binds: $0.map(\.code)))" } ?? ""
        struct Row: Decodable {
            var offender_id: Int
            var last: Date?
        }
        // Half a day on, so PostgreSQL in any time zone compares a `date` with the bound as the same day.
        let rows = try await sql.raw(
            """
            SELECT v.offender_id, MAX(v.visited_on) AS last FROM rso_visits v
            JOIN registered_offenders r ON r.id = v.offender_id
            WHERE v.visited_on IS NOT NULL AND v.announced = \(bind: false)
              AND v.visited_on < \(bind: day.addingTimeInterval(12 * 3600))\(bcuFilter)
            GROUP BY v.offender_id
            """
        ).all(decoding: Row.self)
        return Dictionary(rows.compactMap { row in row.last.map { (row.offender_id, $0) } }, uniquingKeysWith: max)
    }

    /// High and very high risk offenders registered for a year or more (not under reactive management) with no
    /// unannounced visit in the 12 months to `today`: the force's target is at least one a year.
    public static func highRiskWithoutUnannouncedVisit(
        bcus: [BCU]?, today: Date, on database: any Database
    ) async throws -> [(offender: RSOSummary, lastUnannounced: Date?)] {
        let yearAgo = OffenderCalendar.adding(months: -12, to: today)
        let register = try await summaries(bcus: bcus, on: database)
            .filter { !$0.isReactive && $0.risk >= .high && $0.registeredOn <= yearAgo }
        guard !register.isEmpty else { return [] }
        let last = try await lastUnannouncedVisits(onOrBefore: today, bcus: bcus, on: database)
        return register.filter { offender in last[offender.id].map { $0 <= yearAgo } ?? true }
            .map { (offender: $0, lastUnannounced: last[$0.id]) }
    }

    /// Visits made from `from` to `to` (days, inclusive) that were announced, newest first, and how many visits
    /// were made in all.
    public static func announcedVisits(
        bcus: [BCU]?, from: Date, to: Date, limit: Int, on database: any Database
    ) async throws -> (visits: [RSOAnnouncedVisit], announced: Int, total: Int) {
        if let bcus, bcus.isEmpty { return ([], 0, 0) }
        let sql = database as! any SQLDatabase
        let bcuFilter: SQLQueryString = bcus.map { " AND r.bcu_code IN (\(binds: $0.map(\.code)))" } ?? ""
        let range: SQLQueryString = """
             v.visited_on IS NOT NULL AND v.visited_on > \(bind: from.addingTimeInterval(-12 * 3600))
              AND v.visited_on < \(bind: to.addingTimeInterval(12 * 3600))
            """
        struct Count: Decodable {
            var total: Int
            var announced: Int?
        }
        let count = try await sql.raw(
            """
            SELECT COUNT(*) AS total, SUM(CASE WHEN v.announced THEN 1 ELSE 0 END) AS announced FROM rso_visits v
            JOIN registered_offenders r ON r.id = v.offender_id WHERE\(range)\(bcuFilter)
            """
        ).first(decoding: Count.self)
        struct Row: Decodable {
            var offender_id: Int
            var given_name: String
            var family_name: String
            var bcu_code: String
            var risk_level: String
            var visited_on: Date
            var window_start: String
            var outcome: String?
        }
        let rows = try await sql.raw(
            """
            SELECT v.offender_id, r.given_name, r.family_name, r.bcu_code, r.risk_level, v.visited_on, v.window_start,
                   v.outcome
            FROM rso_visits v JOIN registered_offenders r ON r.id = v.offender_id
            WHERE\(range) AND v.announced = \(bind: true)\(bcuFilter)
            ORDER BY v.visited_on DESC, v.id DESC LIMIT \(literal: max(1, limit))
            """
        ).all(decoding: Row.self)
        let visits = rows.compactMap { row -> RSOAnnouncedVisit? in
            guard let bcu = BCU(rawValue: row.bcu_code), let risk = OffenderRiskLevel(rawValue: row.risk_level) else {
                return nil
            }
            return RSOAnnouncedVisit(
                offenderID: row.offender_id,
                offenderName: PersonName(given: row.given_name, family: row.family_name).description,
                bcu: bcu, risk: risk, visitedOn: row.visited_on, time: row.window_start,
                outcome: row.outcome.flatMap(VisitOutcome.init(rawValue:)))
        }
        return (visits, count?.announced ?? 0, count?.total ?? 0)
    }
}
