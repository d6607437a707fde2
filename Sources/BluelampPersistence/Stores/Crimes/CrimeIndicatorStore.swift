import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Computes the crime indicators (`CrimeIndicators`) from the crime records: for a period (start
/// inclusive, end exclusive, by the date a crime was recorded) and one BCU, or the whole force.
public struct CrimeIndicatorStore: IndicatorSource {
    public init() {}

    public var definitions: [IndicatorDefinition] { CrimeIndicators.definitions }

    public func history(of id: String) -> IndicatorHistory {
        // Open investigations are counted by status as it stands now.
        id.hasPrefix("crimes.open-") ? .currentOnly : .anyPeriod
    }

    public func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink] {
        let bcuQuery = bcu.map { "&bcu=\($0.code)" } ?? ""
        let day = { (date: Date) -> String in
            let c = Calendar.bluelampUTC.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        }
        let range = "from=\(day(period.start))&to=\(day(period.end))"
        if let types = CrimeIndicators.outcomeTypes[id], let type = types.first {
            return [IndicatorRecordsLink(label: "Crimes with this outcome", path: "/crimes?\(range)&outcome=\(type.rawValue)\(bcuQuery)", permission: .viewCrimes)]
        }
        if id.hasPrefix("crimes.recorded.") {
            let code = String(id.dropFirst("crimes.recorded.".count))
            return [IndicatorRecordsLink(label: "These crimes", path: "/crimes?\(range)&type=\(code)\(bcuQuery)", permission: .viewCrimes)]
        }
        return [IndicatorRecordsLink(label: "Crimes", path: "/crimes?\(range)\(bcuQuery)", permission: .viewCrimes)]
    }

    public func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws -> Double? {
        try await Self.compute(id: id, period: period, bcu: bcu, on: database)
    }

    /// The value of indicator `id`, or nil when there is no figure (no crimes in the period).
    public static func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws -> Double? {
        let sql = database as! any SQLDatabase
        struct Counts: Decodable { var total: Int; var hits: Int? }
        func counts(_ hits: String, recordedIn: Bool = true, extra: String = "") async throws -> (Int, Int) {
            var query = SQLQueryString("SELECT COUNT(*) AS total, SUM(CASE WHEN \(unsafeRaw: hits) THEN 1 ELSE 0 END) AS hits FROM crimes WHERE ")
            if recordedIn {
                query.appendInterpolation(unsafeRaw: "status <> 'cancelled' AND recorded_at >= ")
                query.appendInterpolation(bind: period.start)
                query.appendInterpolation(unsafeRaw: " AND recorded_at < ")
                query.appendInterpolation(bind: period.end)
            } else {
                query.appendInterpolation(unsafeRaw: "recorded_at < ")
                query.appendInterpolation(bind: period.end)
            }
            if let bcu {
                query.appendInterpolation(unsafeRaw: " AND bcu_code = ")
                query.appendInterpolation(bind: bcu.code)
            }
            query.appendInterpolation(unsafeRaw: extra)
            let row = try await sql.raw(query).first(decoding: Counts.self)
            return (row?.total ?? 0, row?.hits ?? 0)
        }
        func percent(_ pair: (Int, Int)) -> Double? { pair.0 == 0 ? nil : Double(pair.1) * 100 / Double(pair.0) }
        let open = CrimeStatus.Code.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ",")
        let trueValue = sql.dialect.name == "postgresql" ? "true" : "1"

        switch id {
        case CrimeIndicators.ID.recordedWithin24Hours:
            return percent(try await counts("recorded_in_time = \(trueValue)"))
        case CrimeIndicators.ID.recorded:
            return Double(try await counts("1 = 1").0)
        case _ where id.hasPrefix("crimes.recorded."):
            guard let category = CrimeCategory(code: String(id.dropFirst("crimes.recorded.".count))) else { return nil }
            return Double(try await counts("category = '\(category.code)'").1)
        case CrimeIndicators.ID.openInvestigations:
            return Double(try await counts("1 = 1", recordedIn: false, extra: " AND status IN (\(open))").0)
        case CrimeIndicators.ID.openOver28Days, CrimeIndicators.ID.openOver90Days:
            let days = id == CrimeIndicators.ID.openOver28Days ? 28.0 : 90.0
            let cutoff = period.end.addingTimeInterval(-days * 86_400)
            // The cutoff goes in as a literal of the database's own date form.
            let literal = sql.dialect.name == "postgresql"
                ? "'\(BulkInserter.timestamp(cutoff))'::timestamptz" : cutoff.timeIntervalSince1970.description
            return percent(try await counts("recorded_at < \(literal)", recordedIn: false, extra: " AND status IN (\(open))"))
        default:
            guard let types = CrimeIndicators.outcomeTypes[id] else { return nil }
            let list = types.map { String($0.rawValue) }.joined(separator: ",")
            return percent(try await counts("outcome_type IN (\(list))"))
        }
    }
}
