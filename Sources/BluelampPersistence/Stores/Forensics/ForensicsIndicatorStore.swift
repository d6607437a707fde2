import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Computes the digital forensics indicators (`ForensicsIndicators`) from the device submissions and crimes, by the
/// BCU of each device's crime. Waits are read as whole seconds and put into a histogram of days (to the hundredth)
/// for the nearest-rank percentiles `CallFigures.percentile` computes.
public struct ForensicsIndicatorStore: IndicatorSource {
    public init() {}

    public var definitions: [IndicatorDefinition] { ForensicsIndicators.definitions }

    public func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws -> Double?
    {
        try await computeOne(id: id, period: period, bcu: bcu, on: database)
    }

    public func computeAll(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        let sql = database as! any SQLDatabase
        let end = period.end
        let childCutoff = end.addingTimeInterval(-Double(ForensicsIndicators.childRiskWaitDays) * 86_400)
        let waitingQuery: SQLQueryString = """
            SELECT bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN risk_to_children = \(bind: true) AND submitted_at < \(bind: childCutoff) THEN 1 ELSE 0 END) AS c1
            FROM forensic_submissions
            WHERE submitted_at < \(bind: end) AND (started_at IS NULL OR started_at >= \(bind: end))
            GROUP BY bcu_code
            """
        let waiting = try await ScopedCounts.read(waitingQuery, width: 2, on: sql)

        // Read from the submissions with a risk to children (thousands), not from every crime with an outcome.
        let nfa = ForensicsIndicators.noFurtherActionOutcomes.map { String($0.rawValue) }.joined(separator: ",")
        let iiocQuery: SQLQueryString = """
            SELECT c.bcu_code AS scope, COUNT(*) AS c0,
              SUM(CASE WHEN c.outcome_type IN (\(unsafeRaw: nfa)) THEN 1 ELSE 0 END) AS c1
            FROM crimes c
            WHERE c.id IN (SELECT s.crime_id FROM forensic_submissions s WHERE s.risk_to_children = \(bind: true))
              AND c.outcome_type IS NOT NULL AND c.outcome_date >= \(bind: period.start) AND c.outcome_date < \(bind: end)
            GROUP BY c.bcu_code
            """
        let iioc = try await ScopedCounts.read(iiocQuery, width: 2, on: sql)

        // Waits of devices started in the period, a histogram by scope (hundredths of a day).
        let startedRows = try await sql.raw(
            """
            SELECT bcu_code, submitted_at, started_at FROM forensic_submissions
            WHERE started_at >= \(bind: period.start) AND started_at < \(bind: end)
            """
        ).all()
        var histograms: [String: [Int: Int]] = [:]
        for row in startedRows {
            let code = try row.decode(column: "bcu_code", as: String?.self)
            let submitted = try row.decode(column: "submitted_at", as: Date.self)
            let started = try row.decode(column: "started_at", as: Date.self)
            let hundredths = Int((started.timeIntervalSince(submitted) / 864).rounded())
            histograms[IndicatorStore.scopeCode(nil), default: [:]][hundredths, default: 0] += 1
            if let code { histograms[code, default: [:]][hundredths, default: 0] += 1 }
        }

        func percent(_ hits: Int, _ total: Int) -> Double? { total == 0 ? nil : Double(hits) * 100 / Double(total) }
        var values: IndicatorValues = [:]
        for bcu in scopes {
            let code = IndicatorStore.scopeCode(bcu)
            let w = waiting.counts(for: bcu)
            let i = iioc.counts(for: bcu)
            let histogram = histograms[code] ?? [:]
            let scope: [String: Double?] = [
                ForensicsIndicators.ID.devicesWaiting: Double(w[0]),
                ForensicsIndicators.ID.childRiskWaitingOver2Days: Double(w[1]),
                ForensicsIndicators.ID.iiocNoFurtherAction: percent(i[1], i[0]),
                ForensicsIndicators.ID.medianWait: CallFigures.percentile(0.5, of: histogram).map { Double($0) / 100 },
                ForensicsIndicators.ID.p90Wait: CallFigures.percentile(0.9, of: histogram).map { Double($0) / 100 },
            ]
            for (id, value) in scope { if let value { values[id, default: [:]][code] = value } }
        }
        return values
    }
}
