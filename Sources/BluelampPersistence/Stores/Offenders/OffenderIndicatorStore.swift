import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Computes the offender indicators (`OffenderIndicators`, defined in the core) from the records.
///
/// Figures that describe a state ("overdue", "outstanding", "without a decision") are taken as at the
/// last day of the period, from the dated records: the risk level in force on that day, the last
/// successful visit on or before it, the escalation decided after it still open then. So any past period
/// can be computed. The one approximation: a visit frequency set by a risk management plan is taken as
/// it stands now (the register keeps no history of overrides). Offenders under reactive management on
/// the day are left out of the visit figures, since they have no planned visits.
public struct OffenderIndicatorStore: IndicatorSource {
    public init() {}

    public typealias ID = OffenderIndicators.ID

    public let definitions: [IndicatorDefinition] = OffenderIndicators.definitions

    public func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink] {
        let query = bcu.map { "?bcu=\($0.code)" } ?? ""
        switch id {
        case ID.wantedOver28Days:
            return [
                IndicatorRecordsLink(
                    label: "Wanted suspects", path: "/offenders/wanted\(query)", permission: .viewOffenders)
            ]
        case ID.escalationsUndecided:
            return [
                IndicatorRecordsLink(
                    label: "Escalations", path: "/offenders/escalations\(query)", permission: .decideEscalations)
            ]
        case ID.visitsUnannounced:
            let from = OffenderCalendar.format(OffenderCalendar.day(containing: period.start, in: Self.london))
            let to = OffenderCalendar.format(Self.asAtDay(period))
            let bcuQuery = bcu.map { "&bcu=\($0.code)" } ?? ""
            return [
                IndicatorRecordsLink(
                    label: "Announced visits",
                    path: "/offenders/visit-checks?from=\(from)&to=\(to)\(bcuQuery)#announced",
                    permission: .viewOffenders)
            ]
        case ID.highRiskUnannouncedYearly:
            return [
                IndicatorRecordsLink(
                    label: "High-risk offenders without an unannounced visit",
                    path: "/offenders/visit-checks\(query)#unannounced", permission: .viewOffenders)
            ]
        case ID.intervalsLongerThanMinimum:
            return [
                IndicatorRecordsLink(
                    label: "Visit intervals longer than the minimum", path: "/offenders/visit-checks\(query)#intervals",
                    permission: .viewOffenders)
            ]
        default:
            return [
                IndicatorRecordsLink(
                    label: "Overdue offenders", path: "/offenders/overdue\(query)", permission: .viewOffenders)
            ]
        }
    }

    static let london = TimeZone(identifier: "Europe/London")!

    /// The day the state figures are taken on: the London day holding the period's last instant.
    public static func asAtDay(_ period: DateInterval) -> Date {
        OffenderCalendar.day(containing: period.end.addingTimeInterval(-1), in: london)
    }

    public func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws -> Double?
    {
        try await computeOne(id: id, period: period, bcu: bcu, on: database)
    }

    /// Every offender indicator for each scope, reading each scope's register once for all the figures
    /// drawn from it.
    public func computeAll(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        let day = Self.asAtDay(period)
        var values: IndicatorValues = [:]
        for bcu in scopes {
            let register = try await Self.register(on: day, bcu: bcu, database: database)
            var scope: [String: Double?] = [
                ID.visitsUnannounced: try await unannouncedShare(period: period, bcu: bcu, on: database),
                ID.wantedOver28Days: try await wantedOver28Days(on: day, bcu: bcu, database: database),
                ID.escalationsUndecided: try await escalationsUndecided(
                    on: day, periodEnd: period.end, bcu: bcu, database: database),
                ID.riskReviewsOverdue: Self.percent(
                    register.count { $0.assessment.isReviewOverdue(today: day) }, of: register.count),
            ]
            for risk in OffenderRiskLevel.allCases {
                let managed = register.filter { !$0.reactive && $0.risk == risk }
                scope[ID.visitsOverdue(risk)] = Self.percent(
                    managed.count { $0.visitStatus(today: day).isOverdue }, of: managed.count)
            }
            let yearAgo = OffenderCalendar.adding(months: -12, to: day)
            let managed = register.filter { !$0.reactive && $0.registeredOn <= yearAgo }
            scope[ID.noSuccessfulVisit12Months] =
                Self.percent(managed.count { ($0.lastSeenOn.map { $0 <= yearAgo } ?? true) }, of: managed.count)
            scope[ID.intervalsLongerThanMinimum] = Double(
                register.count { !$0.reactive && $0.frequency.isLooserThanDefault(for: $0.risk) })
            let highRisk = managed.filter { $0.risk >= .high }
            let unannounced = try await OffenderStore.lastUnannouncedVisits(
                onOrBefore: day, bcus: bcu.map { [$0] }, on: database)
            scope[ID.highRiskUnannouncedYearly] = Self.percent(
                highRisk.count { unannounced[$0.id].map { $0 > yearAgo } ?? false }, of: highRisk.count)
            let code = IndicatorStore.scopeCode(bcu)
            for definition in definitions {
                if let value = scope[definition.id] ?? nil, value.isFinite {
                    values[definition.id, default: [:]][code] = value
                }
            }
        }
        return values
    }

    static func percent(_ hits: Int, of total: Int) -> Double? {
        total == 0 ? nil : Double(hits) * 100 / Double(total)
    }

    // MARK: - The register as it stood on a day

    /// One offender as on a past day.
    struct Standing {
        var id: Int
        var registeredOn: Date
        var reactive: Bool
        var risk: OffenderRiskLevel
        var assessment: OffenderRiskAssessment
        var frequency: VisitFrequency
        var lastSeenOn: Date?

        func visitStatus(today: Date) -> RSOVisitStatus {
            RSOVisitStatus(
                registeredOn: registeredOn, frequency: frequency,
                visits: lastSeenOn.map { [VisitAttempt(visitedOn: $0, announced: false, outcome: .seen)] } ?? [],
                today: today)
        }
    }

    /// Bound for "on or before `day`" against a date column: half a day on, so a PostgreSQL session in
    /// any time zone compares a `date` with the bound as the same calendar day.
    static func onOrBefore(_ day: Date) -> Date { day.addingTimeInterval(12 * 3600) }

    static func register(on day: Date, bcu: BCU?, database: any Database) async throws -> [Standing] {
        let sql = database as! any SQLDatabase
        let bound = onOrBefore(day)
        let bcuFilter: SQLQueryString = bcu.map { " AND r.bcu_code = \(bind: $0.code)" } ?? ""
        struct OffenderRow: Decodable {
            var id: Int
            var registered_on: Date
            var reactive_since: Date?
            var visit_frequency_months: Int?
            var visit_frequency_reason: String?
        }
        struct AssessmentRow: Decodable {
            var offender_id: Int
            var assessed_on: Date
            var level: String
            var review_due: Date
        }
        struct SeenRow: Decodable {
            var offender_id: Int
            var seen: Date?
        }
        let offenders = try await sql.raw(
            """
            SELECT r.id, r.registered_on, r.reactive_since, r.visit_frequency_months, r.visit_frequency_reason
            FROM registered_offenders r WHERE r.registered_on < \(bind: bound)\(bcuFilter)
            """
        ).all(decoding: OffenderRow.self)
        guard !offenders.isEmpty else { return [] }
        // Only each offender's latest assessment on or before the day (two on one day: the later recorded).
        let assessments = try await sql.raw(
            """
            SELECT a.offender_id, a.assessed_on, a.level, a.review_due FROM rso_risk_assessments a
            JOIN (SELECT x.offender_id, MAX(x.assessed_on) AS latest FROM rso_risk_assessments x
                  JOIN registered_offenders r ON r.id = x.offender_id
                  WHERE x.assessed_on < \(bind: bound)\(bcuFilter) GROUP BY x.offender_id) m
              ON m.offender_id = a.offender_id AND m.latest = a.assessed_on
            ORDER BY a.offender_id, a.id
            """
        ).all(decoding: AssessmentRow.self)
        let seen = try await sql.raw(
            """
            SELECT v.offender_id, MAX(v.visited_on) AS seen FROM rso_visits v
            JOIN registered_offenders r ON r.id = v.offender_id
            WHERE v.outcome = \(bind: VisitOutcome.seen.rawValue) AND v.visited_on < \(bind: bound)\(bcuFilter)
            GROUP BY v.offender_id
            """
        ).all(decoding: SeenRow.self)
        var current: [Int: OffenderRiskAssessment] = [:]
        for row in assessments {
            guard let level = OffenderRiskLevel(rawValue: row.level) else { continue }
            current[row.offender_id] = OffenderRiskAssessment(
                assessedOn: row.assessed_on, level: level, reviewDue: row.review_due)
        }
        let lastSeen = Dictionary(
            seen.compactMap { row in row.seen.map { (row.offender_id, $0) } }, uniquingKeysWith: max)
        return offenders.compactMap { row in
            guard let assessment = current[row.id] else { return nil }
            var frequency = VisitFrequency(defaultFor: assessment.level)
            if let months = row.visit_frequency_months, let reason = row.visit_frequency_reason,
                let set = try? VisitFrequency(months: months, overrideReason: reason)
            {
                frequency = set
            }
            return Standing(
                id: row.id, registeredOn: row.registered_on,
                reactive: row.reactive_since.map { $0 < bound } ?? false, risk: assessment.level,
                assessment: assessment, frequency: frequency, lastSeenOn: lastSeen[row.id])
        }
    }

    // MARK: - Flow and suspect figures

    func unannouncedShare(period: DateInterval, bcu: BCU?, on database: any Database) async throws -> Double? {
        let sql = database as! any SQLDatabase
        let from = OffenderCalendar.day(containing: period.start, in: Self.london)
        let to = Self.asAtDay(period)
        let bcuFilter: SQLQueryString = bcu.map { " AND r.bcu_code = \(bind: $0.code)" } ?? ""
        struct Row: Decodable {
            var total: Int
            var hits: Int?
        }
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS total, SUM(CASE WHEN v.announced THEN 0 ELSE 1 END) AS hits FROM rso_visits v
            JOIN registered_offenders r ON r.id = v.offender_id
            WHERE v.visited_on IS NOT NULL AND v.visited_on > \(bind: from.addingTimeInterval(-12 * 3600))
              AND v.visited_on < \(bind: Self.onOrBefore(to))\(bcuFilter)
            """
        ).first(decoding: Row.self)
        return Self.percent(row?.hits ?? 0, of: row?.total ?? 0)
    }

    func wantedOver28Days(on day: Date, bcu: BCU?, database: any Database) async throws -> Double? {
        let sql = database as! any SQLDatabase
        let bound = Self.onOrBefore(day)
        let bcuFilter: SQLQueryString = bcu.map { " AND w.bcu_code = \(bind: $0.code)" } ?? ""
        struct Row: Decodable { var wanted_since: Date }
        let rows = try await sql.raw(
            """
            SELECT w.wanted_since FROM wanted_suspects w
            WHERE w.wanted_since < \(bind: bound) AND (w.arrested_on IS NULL OR w.arrested_on > \(bind: bound))\(bcuFilter)
            """
        ).all(decoding: Row.self)
        return Self.percent(
            rows.count { WantedSuspectRule.isFlagged(since: $0.wanted_since, today: day) }, of: rows.count)
    }

    func escalationsUndecided(on day: Date, periodEnd: Date, bcu: BCU?, database: any Database) async throws -> Double?
    {
        let sql = database as! any SQLDatabase
        let bcuFilter: SQLQueryString = bcu.map { " AND e.bcu_code = \(bind: $0.code)" } ?? ""
        struct Row: Decodable { var n: Int }
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM rso_escalations e
            WHERE e.raised_on < \(bind: Self.onOrBefore(day))
              AND (e.decided_at IS NULL OR e.decided_at >= \(bind: periodEnd))\(bcuFilter)
            """
        ).first(decoding: Row.self)
        return Double(row?.n ?? 0)
    }
}
