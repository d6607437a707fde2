import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Computes the indicators of responding to the public (`CallIndicators`) from the calls table, every BCU in one
/// read (`GROUP BY bcu`), with the default standards (`CallStandards.standard`). A call counts in the period in which
/// it was received.
public struct CallIndicatorStore: IndicatorSource {
    public init() {}

    public var definitions: [IndicatorDefinition] { CallIndicators.definitions() }

    public func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws -> Double?
    {
        try await computeOne(id: id, period: period, bcu: bcu, on: database)
    }

    public func computeAll(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        let sql = database as! any SQLDatabase
        let standards = CallStandards.standard
        let scopeFilter: SQLQueryString =
            scopes.contains(where: { $0 == nil }) ? "" : " AND bcu IN (\(binds: scopes.compactMap { $0?.code }))"
        let query: SQLQueryString = """
            SELECT bcu AS scope,
              SUM(CASE WHEN channel = '999' AND answered_after_seconds IS NOT NULL THEN 1 ELSE 0 END) AS c0,
              SUM(CASE WHEN channel = '999' AND answered_after_seconds <= \(bind: standards.emergencyAnswerSeconds)
                THEN 1 ELSE 0 END) AS c1,
              SUM(CASE WHEN channel = '101' AND (answered_after_seconds IS NOT NULL
                OR abandoned_after_seconds IS NOT NULL) THEN 1 ELSE 0 END) AS c2,
              SUM(CASE WHEN channel = '101' AND answered_after_seconds IS NULL
                AND abandoned_after_seconds IS NOT NULL THEN 1 ELSE 0 END) AS c3,
              SUM(CASE WHEN grade = 'I' THEN 1 ELSE 0 END) AS c4,
              SUM(CASE WHEN grade = 'I' AND attended_after_seconds <= \(bind: standards.immediateAttendMinutes * 60)
                THEN 1 ELSE 0 END) AS c5,
              SUM(CASE WHEN grade = 'S' THEN 1 ELSE 0 END) AS c6,
              SUM(CASE WHEN grade = 'S' AND attended_after_seconds <= \(bind: standards.significantAttendMinutes * 60)
                THEN 1 ELSE 0 END) AS c7
            FROM calls WHERE received_at >= \(bind: period.start) AND received_at < \(bind: period.end)\(scopeFilter)
            GROUP BY bcu
            """
        let counts = try await ScopedCounts.read(query, width: 8, on: sql)
        func percent(_ hits: Int, _ total: Int) -> Double? { total == 0 ? nil : Double(hits) * 100 / Double(total) }
        var values: IndicatorValues = [:]
        for bcu in scopes {
            let code = IndicatorStore.scopeCode(bcu)
            let c = counts.counts(for: bcu)
            let scope: [String: Double?] = [
                CallIndicators.ID.emergencyAnsweredInTime: percent(c[1], c[0]),
                CallIndicators.ID.nonEmergencyAbandoned: percent(c[3], c[2]),
                CallIndicators.ID.immediateAttendedInTime: percent(c[5], c[4]),
                CallIndicators.ID.significantAttendedInTime: percent(c[7], c[6]),
            ]
            for (id, value) in scope { if let value { values[id, default: [:]][code] = value } }
        }
        return values
    }
}
