import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// The force's own band thresholds (`IndicatorThresholdPolicy`), which replace an indicator's default
/// thresholds wherever a reading is banded: the dashboard, its suggested grades, the early warning
/// panel, the indicators page, the report and the API. Setting or clearing them is audited by the caller.
public enum IndicatorThresholdStore {
    static let table = "indicator_thresholds"

    /// Every indicator's force thresholds, by indicator id.
    public static func all(on database: any Database) async throws -> [String: IndicatorThresholdPolicy] {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var indicator_id: String
            var good: Double
            var adequate: Double
            var requires_improvement: Double
            var reason: String
            var set_by: String
            var set_at: Date
        }
        let rows = try await sql.raw("SELECT * FROM \(unsafeRaw: table)").all(decoding: Row.self)
        return Dictionary(
            rows.map { row in
                (
                    row.indicator_id,
                    IndicatorThresholdPolicy(
                        indicatorID: row.indicator_id,
                        thresholds: IndicatorThresholds(
                            good: row.good, adequate: row.adequate, requiresImprovement: row.requires_improvement),
                        reason: row.reason, setBy: row.set_by, setAt: row.set_at)
                )
            }, uniquingKeysWith: { a, _ in a })
    }

    /// Sets (or replaces) an indicator's force thresholds. The caller checks `policy.problems(for:)`.
    public static func set(_ policy: IndicatorThresholdPolicy, on database: any Database) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE indicator_id = \(bind: policy.indicatorID)").run()
            try await sql.raw(
                """
                INSERT INTO \(unsafeRaw: table) (indicator_id, good, adequate, requires_improvement, reason, set_by, set_at)
                VALUES (\(bind: policy.indicatorID), \(bind: policy.thresholds.good), \(bind: policy.thresholds.adequate),
                  \(bind: policy.thresholds.requiresImprovement), \(bind: policy.reason), \(bind: policy.setBy), \(bind: policy.setAt))
                """
            ).run()
        }
    }

    /// Returns an indicator to Bluelamp's default thresholds.
    public static func clear(indicatorID: String, on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE indicator_id = \(bind: indicatorID)").run()
    }
}
