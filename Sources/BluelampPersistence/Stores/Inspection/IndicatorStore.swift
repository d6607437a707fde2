import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// One day's value of an indicator in a trend.
public struct IndicatorPoint: Sendable, Hashable {
    /// The UTC day, `YYYY-MM-DD`.
    public var day: String
    /// Nil when there was no figure that day.
    public var value: Double?

    public init(day: String, value: Double?) {
        self.day = day
        self.value = value
    }
}

/// The indicator registry: every registered `IndicatorDefinition` (from `IndicatorSources.all`),
/// computed on demand for a period and BCU, and snapshotted daily so each has a trend.
///
/// Every figure is computed over the same window, the 30 days up to the end of the day
/// (`window(endingOn:)`), so a card's value and the last point of its trend agree.
public enum IndicatorStore {
    public static let windowDays = 30

    /// The scopes snapshotted each day: the whole force (`FORCE`), then each territorial BCU.
    public static let snapshotScopes: [BCU?] = [nil] + BCU.territorial.map(Optional.some)

    /// The 30 days up to the end of the UTC day `date` falls on.
    public static func window(endingOn date: Date) -> DateInterval {
        // The UTC day's start: whole days since 1970, as `Calendar.bluelampUTC.startOfDay` gives it (UTC has no
        // changes of offset), without the calendar's cost (the dashboard asks for two hundred windows a view).
        let start = (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        let end = Date(timeIntervalSince1970: start).addingTimeInterval(86_400)
        return DateInterval(start: end.addingTimeInterval(-Double(windowDays) * 86_400), end: end)
    }

    /// `FORCE` for the whole force, otherwise the BCU's code (as `Scope` writes codes).
    public static func scopeCode(_ bcu: BCU?) -> String { (bcu ?? .force).code }

    /// `YYYY-MM-DD` of the UTC day.
    public static func dayString(_ date: Date) -> String { InspectionJSON.dayString(of: date) }

    // MARK: - Definitions

    public static func definitions(sources: [any IndicatorSource] = IndicatorSources.all) -> [IndicatorDefinition] {
        sources.flatMap(\.definitions)
    }

    /// Every registered definition as the records set it (`IndicatorSource.definitions(on:)`, e.g. the
    /// caseload bands from the allocation policy in force), with the force's own thresholds where it has set them.
    public static func definitions(
        on database: any Database, sources: [any IndicatorSource] = IndicatorSources.all
    ) async throws -> [IndicatorDefinition] {
        let policies = try await IndicatorThresholdStore.all(on: database)
        var definitions: [IndicatorDefinition] = []
        for source in sources { definitions += try await source.definitions(on: database) }
        return definitions.map { $0.applying(policies[$0.id]) }
    }

    public static func definition(id: String, sources: [any IndicatorSource] = IndicatorSources.all)
        -> IndicatorDefinition?
    {
        definitions(sources: sources).first { $0.id == id }
    }

    public static func source(for id: String, sources: [any IndicatorSource] = IndicatorSources.all)
        -> (any IndicatorSource)?
    {
        // The registry's own sources (the same types in the same order) are looked up by id; the dashboard asks two
        // hundred times a view, and each source builds its definitions when asked.
        if sources.count == registeredTypes.count,
            zip(sources, registeredTypes).allSatisfy({ ObjectIdentifier(type(of: $0)) == $1 })
        {
            return registeredSource[id].map { sources[$0] }
        }
        return sources.first { $0.definitions.contains { $0.id == id } }
    }

    private static let registeredTypes = IndicatorSources.all.map { ObjectIdentifier(type(of: $0)) }

    /// Each registered id's source, by its place in `IndicatorSources.all` (the first to register it).
    private static let registeredSource: [String: Int] = {
        var found: [String: Int] = [:]
        for (index, source) in IndicatorSources.all.enumerated() {
            for definition in source.definitions where found[definition.id] == nil { found[definition.id] = index }
        }
        return found
    }()

    /// Everything wrong with the registered definitions: each definition's own problems and ids
    /// registered twice. Empty when the registry is well formed.
    public static func problems(sources: [any IndicatorSource] = IndicatorSources.all) -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for definition in definitions(sources: sources) {
            if !seen.insert(definition.id).inserted { problems.append("\(definition.id): registered twice") }
            problems += definition.problems()
        }
        return problems
    }

    // MARK: - Computing

    /// The reading of one indicator for a period and BCU (nil: the whole force); nil for an unknown id.
    public static func reading(
        id: String, period: DateInterval, bcu: BCU?, on database: any Database,
        sources: [any IndicatorSource] = IndicatorSources.all
    ) async throws -> IndicatorReading? {
        guard let source = source(for: id, sources: sources),
            let definition = try await source.definitions(on: database).first(where: { $0.id == id })
        else { return nil }
        let value = try await source.compute(id: id, period: period, bcu: bcu, on: database)
        let notes = try await source.notes(period: period, scopes: [bcu], on: database)
        let policies = try await IndicatorThresholdStore.all(on: database)
        return IndicatorReading(
            definition: definition.applying(policies[id]), value: value.flatMap { $0.isFinite ? $0 : nil },
            notes: notes[id]?[scopeCode(bcu)] ?? [])
    }

    /// One indicator's reading for each of several scopes (nil: the whole force), by scope code, computed from the
    /// records with its source run once over them all; empty for an unknown id.
    public static func readings(
        id: String, period: DateInterval, scopes: [BCU?], on database: any Database,
        sources: [any IndicatorSource] = IndicatorSources.all
    ) async throws -> [String: IndicatorReading] {
        guard !scopes.isEmpty, let source = source(for: id, sources: sources),
            let definition = try await source.definitions(on: database).first(where: { $0.id == id })
        else { return [:] }
        let values = try await source.computeAll(period: period, scopes: scopes, on: database)[id] ?? [:]
        let notes = try await source.notes(period: period, scopes: scopes, on: database)[id] ?? [:]
        let banded = definition.applying(try await IndicatorThresholdStore.all(on: database)[id])
        var result: [String: IndicatorReading] = [:]
        for scope in scopes {
            let code = scopeCode(scope)
            result[code] = IndicatorReading(
                definition: banded, value: values[code].flatMap { $0.isFinite ? $0 : nil }, notes: notes[code] ?? [])
        }
        return result
    }

    /// Every registered indicator's reading for a period and BCU, in registry order, computed from the records.
    public static func readings(
        period: DateInterval, bcu: BCU?, on database: any Database,
        sources: [any IndicatorSource] = IndicatorSources.all
    ) async throws -> [IndicatorReading] {
        let code = scopeCode(bcu)
        var values: [String: Double] = [:]
        var notes: [String: [String]] = [:]
        for source in sources {
            for (id, byScope) in try await source.computeAll(period: period, scopes: [bcu], on: database) {
                if let value = byScope[code], value.isFinite { values[id] = value }
            }
            for (id, byScope) in try await source.notes(period: period, scopes: [bcu], on: database) {
                if let lines = byScope[code] { notes[id] = lines }
            }
        }
        return try await readings(values: values, notes: notes, on: database, sources: sources)
    }

    /// The readings of stored figures (`IndicatorCurrentStore`), as `readings(period:bcu:on:sources:)` gives them.
    public static func readings(
        _ current: IndicatorCurrent, on database: any Database, sources: [any IndicatorSource] = IndicatorSources.all
    ) async throws -> [IndicatorReading] {
        try await readings(values: current.values, notes: current.notes, on: database, sources: sources)
    }

    /// Every registered definition, as the records and the force's thresholds set it, with its figure and notes.
    private static func readings(
        values: [String: Double], notes: [String: [String]], on database: any Database,
        sources: [any IndicatorSource]
    ) async throws -> [IndicatorReading] {
        let policies = try await IndicatorThresholdStore.all(on: database)
        var readings: [IndicatorReading] = []
        for source in sources {
            for definition in try await source.definitions(on: database) {
                readings.append(
                    IndicatorReading(
                        definition: definition.applying(policies[definition.id]), value: values[definition.id],
                        notes: notes[definition.id] ?? []))
            }
        }
        return readings
    }

    /// The list pages behind a figure.
    public static func records(
        behind id: String, period: DateInterval, bcu: BCU?, sources: [any IndicatorSource] = IndicatorSources.all
    ) -> [IndicatorRecordsLink] {
        source(for: id, sources: sources)?.records(behind: id, period: period, bcu: bcu) ?? []
    }

    public static func history(of id: String, sources: [any IndicatorSource] = IndicatorSources.all)
        -> IndicatorHistory
    {
        source(for: id, sources: sources)?.history(of: id) ?? .anyPeriod
    }

    // MARK: - Snapshots

    /// The daily snapshot job: computes every registered indicator for today's window in every
    /// snapshot scope not yet snapshotted today, at most `limit` of them, and returns how many rows
    /// it wrote.
    ///
    /// The snapshots table is the job's durable state: a (indicator, day, scope) row already there is
    /// skipped, and rows are inserted with "on conflict do nothing" on that unique key, so a restart
    /// or a second application instance running the job the same day writes nothing twice. A run cut
    /// short by `limit` is finished by the next one.
    @discardableResult
    public static func snapshotIndicators(
        on database: any Database, now: Date, limit: Int = 10_000,
        sources: [any IndicatorSource] = IndicatorSources.all
    ) async throws -> Int {
        let sql = database as! any SQLDatabase
        let day = dayString(now)
        let before = try await snapshotKeys(on: sql, day: day)
        let window = window(endingOn: now)
        var rows: [(String, String, Double?)] = []
        outer: for source in sources {
            let missing = snapshotScopes.filter { bcu in
                source.definitions.contains { !before.contains("\($0.id)|\(scopeCode(bcu))") }
            }
            guard !missing.isEmpty, rows.count < limit else { continue }
            let values = try await source.computeAll(period: window, scopes: missing, on: database)
            for definition in source.definitions {
                for bcu in missing where !before.contains("\(definition.id)|\(scopeCode(bcu))") {
                    guard rows.count < limit else { break outer }
                    rows.append((definition.id, scopeCode(bcu), values[definition.id]?[scopeCode(bcu)]))
                }
            }
        }
        try await insertSnapshots(rows, day: day, computedAt: now, on: sql)
        let after = try await snapshotKeys(on: sql, day: day)
        return after.count - before.count
    }

    /// Snapshots for past days, for indicators whose records carry their dates (`.anyPeriod`):
    /// used by the demo to give the trend a year of history. `.currentOnly` indicators are skipped,
    /// since their past values cannot be known. Returns the rows written.
    @discardableResult
    public static func backfillSnapshots(
        on database: any Database, days: [Date], computedAt: Date,
        sources: [any IndicatorSource] = IndicatorSources.all,
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Int {
        let sql = database as! any SQLDatabase
        var written = 0
        for (index, date) in days.enumerated() {
            let day = dayString(date)
            let existing = try await snapshotKeys(on: sql, day: day)
            let window = window(endingOn: date)
            var rows: [(String, String, Double?)] = []
            for source in sources {
                let definitions = source.definitions.filter { source.history(of: $0.id) == .anyPeriod }
                let missing = snapshotScopes.filter { bcu in
                    definitions.contains { !existing.contains("\($0.id)|\(scopeCode(bcu))") }
                }
                guard !missing.isEmpty else { continue }
                let values = try await source.computeHistory(period: window, scopes: missing, on: database)
                for definition in definitions {
                    for bcu in missing where !existing.contains("\(definition.id)|\(scopeCode(bcu))") {
                        rows.append((definition.id, scopeCode(bcu), values[definition.id]?[scopeCode(bcu)]))
                    }
                }
            }
            try await insertSnapshots(rows, day: day, computedAt: computedAt, on: sql)
            written += rows.count
            progress(index + 1, days.count)
        }
        return written
    }

    /// The snapshots of a scope from `fromDay` to `toDay` (inclusive, `YYYY-MM-DD`), by indicator,
    /// oldest first.
    public static func trends(
        scopeCode: String, fromDay: String, toDay: String, on database: any Database
    ) async throws -> [String: [IndicatorPoint]] {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            // A year of one scope is 365 rows an indicator; PostgreSQL sends each indicator's as one text
            // (`day=value,…`, the value in float8's shortest exact text, empty for none), which decodes in a fraction
            // of the time of one row a day.
            struct Series: Decodable {
                var indicator_id: String
                var points: String
            }
            let series = try await sql.raw(
                """
                SELECT indicator_id, string_agg(day || '=' || COALESCE(value::text, ''), ',' ORDER BY day) AS points
                FROM indicator_snapshots
                WHERE scope_code = \(bind: scopeCode) AND day >= \(bind: fromDay) AND day <= \(bind: toDay)
                GROUP BY indicator_id
                """
            ).all(decoding: Series.self)
            var trends: [String: [IndicatorPoint]] = [:]
            for row in series {
                trends[row.indicator_id] = try keyedValues(row.points).map {
                    IndicatorPoint(day: $0.key, value: $0.value)
                }
            }
            return trends
        }
        let query: SQLQueryString = """
            SELECT indicator_id, day, value FROM indicator_snapshots
            WHERE scope_code = \(bind: scopeCode) AND day >= \(bind: fromDay) AND day <= \(bind: toDay) ORDER BY day
            """
        // A year of one scope is 34,675 rows at the Met's scale, read on every view of the dashboard: straight from
        // SQLite's statement where it can be reached, else through SQLKit.
        struct Row: Decodable {
            var indicator_id: String
            var day: String
            var value: Double?
        }
        let rows: [Row]
        if let read = try await SQLiteDirectRead.rows(
            query, on: sql,
            decode: { row in
                Row(
                    indicator_id: try row.required(row.text, 0), day: try row.required(row.text, 1),
                    value: row.double(2))
            })
        {
            rows = read
        } else {
            rows = try await sql.raw(query).all(decoding: Row.self)
        }
        var trends: [String: [IndicatorPoint]] = [:]
        for row in rows { trends[row.indicator_id, default: []].append(IndicatorPoint(day: row.day, value: row.value)) }
        return trends
    }

    /// The pairs of `key=value,…`, as `string_agg` writes them here: a key is a day or a scope code, a value float8's
    /// text or empty for none.
    static func keyedValues(_ text: String) throws -> [(key: String, value: Double?)] {
        try text.split(separator: ",").map { pair in
            guard let equals = pair.firstIndex(of: "=") else { throw MalformedTrend(text: String(pair)) }
            let value = pair[pair.index(after: equals)...]
            if value.isEmpty { return (String(pair[..<equals]), nil) }
            guard let number = Double(value) else { throw MalformedTrend(text: String(pair)) }
            return (String(pair[..<equals]), number)
        }
    }

    struct MalformedTrend: Error, CustomStringConvertible {
        var text: String
        var description: String { "a stored trend point could not be read: \(text)" }
    }

    /// The most recent day's snapshots, by indicator and scope code; nil when there are none.
    public static func latestSnapshots(on database: any Database) async throws
        -> (day: String, values: [String: [String: Double?]])?
    {
        let sql = database as! any SQLDatabase
        struct Day: Decodable { var day: String? }
        guard
            let day = try await sql.raw("SELECT MAX(day) AS day FROM indicator_snapshots").first(decoding: Day.self)?
                .day
        else { return nil }
        var values: [String: [String: Double?]] = [:]
        if sql.dialect.name == "postgresql" {
            // Each indicator's scopes as one text, as `trends` reads a year: 95 rows rather than 1,235.
            struct Scopes: Decodable {
                var indicator_id: String
                var scopes: String
            }
            let rows = try await sql.raw(
                """
                SELECT indicator_id, string_agg(scope_code || '=' || COALESCE(value::text, ''), ',') AS scopes
                FROM indicator_snapshots WHERE day = \(bind: day) GROUP BY indicator_id
                """
            ).all(decoding: Scopes.self)
            for row in rows {
                for (scope, value) in try keyedValues(row.scopes) {
                    values[row.indicator_id, default: [:]][scope] = .some(value)
                }
            }
            return (day, values)
        }
        struct Row: Decodable {
            var indicator_id: String
            var scope_code: String
            var value: Double?
        }
        let rows = try await sql.select().columns("indicator_id", "scope_code", "value").from(IndicatorSnapshot.schema)
            .where("day", .equal, day).all(decoding: Row.self)
        for row in rows { values[row.indicator_id, default: [:]][row.scope_code] = .some(row.value) }
        return (day, values)
    }

    /// How many snapshot rows a day has.
    public static func snapshotCount(day: String, on database: any Database) async throws -> Int {
        try await IndicatorSnapshot.query(on: database).filter(\.$day == day).count()
    }

    private static func snapshotKeys(on sql: any SQLDatabase, day: String) async throws -> Set<String> {
        struct Row: Decodable {
            var indicator_id: String
            var scope_code: String
        }
        let rows = try await sql.select().columns("indicator_id", "scope_code").from(IndicatorSnapshot.schema)
            .where("day", .equal, day).all(decoding: Row.self)
        return Set(rows.map { "\($0.indicator_id)|\($0.scope_code)" })
    }

    private static func insertSnapshots(
        _ rows: [(String, String, Double?)], day: String, computedAt: Date, on sql: any SQLDatabase
    ) async throws {
        for chunk in rows.chunked(into: 200) {
            var insert = sql.insert(into: IndicatorSnapshot.schema)
                .columns("indicator_id", "day", "scope_code", "value", "computed_at")
            for (id, scope, value) in chunk {
                insert = insert.values(SQLBind(id), SQLBind(day), SQLBind(scope), SQLBind(value), SQLBind(computedAt))
            }
            try await insert.ignoringConflicts(with: ["indicator_id", "day", "scope_code"]).run()
        }
    }
}
