import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// The figures of one scope as a refresh computed them: every registered indicator over the window ending on
/// `windowEnd` (a UTC day), with its notes.
public struct IndicatorCurrent: Sendable, Hashable {
    /// When the figures were computed: what the pages show as "as of".
    public var computedAt: Date
    /// The UTC day, `YYYY-MM-DD`, the window ends on (`IndicatorStore.window(endingOn:)`).
    public var windowEnd: String
    /// By indicator id; an absent id is "no figure".
    public var values: [String: Double]
    public var notes: [String: [String]]

    public init(computedAt: Date, windowEnd: String, values: [String: Double], notes: [String: [String]]) {
        self.computedAt = computedAt
        self.windowEnd = windowEnd
        self.values = values
        self.notes = notes
    }
}

/// Every indicator's figure now for the force and each BCU, kept in `indicator_current` (issue 20, item 3): computed
/// by the same functions as a live reading (`IndicatorSource.computeAll` and `notes` over today's window), written
/// with an upsert so several instances may refresh at once, and read back whole for one scope. A scope's figures are
/// used only when they are for today's window, every registered indicator has its row, and they are young enough;
/// otherwise the reader computes them again.
public enum IndicatorCurrentStore {
    public static let table = "indicator_current"

    /// Computes every indicator over the window ending on `now`'s UTC day for each of `scopes`, stores the figures
    /// (replacing that scope's earlier ones) and returns them by scope code. On SQLite the write queues at the
    /// application's `gate`, as every write of the application does.
    @discardableResult
    public static func refresh(
        scopes: [BCU?], now: Date, on database: any Database, gate: SQLiteWriteGate? = nil,
        sources: [any IndicatorSource] = IndicatorSources.all
    ) async throws -> [String: IndicatorCurrent] {
        let window = IndicatorStore.window(endingOn: now)
        let windowEnd = IndicatorStore.dayString(now)
        var values: IndicatorValues = [:]
        var notes: IndicatorNotes = [:]
        for source in sources {
            values.merge(try await source.computeAll(period: window, scopes: scopes, on: database)) { $1 }
            notes.merge(try await source.notes(period: window, scopes: scopes, on: database)) { $1 }
        }
        let ids = IndicatorStore.definitions(sources: sources).map(\.id)
        var result: [String: IndicatorCurrent] = [:]
        for scope in scopes {
            let code = IndicatorStore.scopeCode(scope)
            var current = IndicatorCurrent(computedAt: now, windowEnd: windowEnd, values: [:], notes: [:])
            for id in ids {
                if let value = values[id]?[code], value.isFinite { current.values[id] = value }
                if let lines = notes[id]?[code], !lines.isEmpty { current.notes[id] = lines }
            }
            result[code] = current
        }
        try await store(result, ids: ids, on: database, gate: gate)
        return result
    }

    /// The stored figures of a scope, or nil when they are not usable: none stored, another window, older than
    /// `maxAge` at `now`, or missing an indicator registered since.
    public static func current(
        scope: BCU?, now: Date, maxAge: TimeInterval, on database: any Database,
        sources: [any IndicatorSource] = IndicatorSources.all
    ) async throws -> IndicatorCurrent? {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var indicator_id: String
            var value: Double?
            var notes: String
            var window_end: String
            var computed_at: Date
        }
        let rows = try await sql.select().columns("indicator_id", "value", "notes", "window_end", "computed_at")
            .from(table).where("scope_code", .equal, IndicatorStore.scopeCode(scope))
            .all(decoding: Row.self)
        let windowEnd = IndicatorStore.dayString(now)
        let ids = Set(IndicatorStore.definitions(sources: sources).map(\.id))
        let usable = rows.filter { ids.contains($0.indicator_id) }
        guard usable.count == ids.count, let computedAt = usable.map(\.computed_at).min(),
            usable.allSatisfy({ isFresh(windowEnd: $0.window_end, computedAt: computedAt, now: now, maxAge: maxAge) })
        else { return nil }
        var current = IndicatorCurrent(computedAt: computedAt, windowEnd: windowEnd, values: [:], notes: [:])
        let decoder = JSONDecoder()
        for row in usable {
            if let value = row.value { current.values[row.indicator_id] = value }
            let lines = try decoder.decode([String].self, from: Data(row.notes.utf8))
            if !lines.isEmpty { current.notes[row.indicator_id] = lines }
        }
        return current
    }

    /// Whether figures for the window ending on `windowEnd`, computed at `computedAt`, may be shown at `now`: they are
    /// for today's window and no older than `maxAge`.
    public static func isFresh(windowEnd: String, computedAt: Date, now: Date, maxAge: TimeInterval) -> Bool {
        windowEnd == IndicatorStore.dayString(now) && now.timeIntervalSince(computedAt) <= maxAge
    }

    /// When the oldest of the newest refreshes of every scope was made, or nil when some scope has none: a second
    /// instance skips its refresh when another made one recently.
    public static func oldestRefresh(scopes: [BCU?], on database: any Database) async throws -> Date? {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var scope_code: String
            var newest: Date?
        }
        let rows = try await sql.raw(
            "SELECT scope_code, MAX(computed_at) AS newest FROM \(ident: table) GROUP BY scope_code"
        ).all(decoding: Row.self)
        let newest = Dictionary(rows.compactMap { row in row.newest.map { (row.scope_code, $0) } }) { a, _ in a }
        var oldest: Date?
        for scope in scopes {
            guard let date = newest[IndicatorStore.scopeCode(scope)] else { return nil }
            oldest = min(oldest ?? date, date)
        }
        return oldest
    }

    private static func store(
        _ figures: [String: IndicatorCurrent], ids: [String], on database: any Database, gate: SQLiteWriteGate?
    ) async throws {
        let encoder = JSONEncoder()
        var built: [[any Encodable & Sendable]] = []
        for (code, current) in figures.sorted(by: { $0.key < $1.key }) {
            for id in ids {
                let notes = String(decoding: try encoder.encode(current.notes[id] ?? []), as: UTF8.self)
                built.append([id, code, current.values[id], notes, current.windowEnd, current.computedAt])
            }
        }
        let rows = built
        let write: @Sendable (any Database) async throws -> Void = { db in
            let sql = db as! any SQLDatabase
            for chunk in rows.chunked(into: 200) {
                var insert = sql.insert(into: table)
                    .columns("indicator_id", "scope_code", "value", "notes", "window_end", "computed_at")
                for row in chunk { insert = insert.values(row.map { SQLBind($0) }) }
                try await insert.onConflict(with: ["indicator_id", "scope_code"]) {
                    $0.set(excludedValueOf: "value").set(excludedValueOf: "notes")
                        .set(excludedValueOf: "window_end").set(excludedValueOf: "computed_at")
                }.run()
            }
        }
        try await gate.transaction(on: database, write)
    }
}
