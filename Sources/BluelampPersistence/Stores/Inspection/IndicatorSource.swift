import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// A feature's indicators: what each is (its `IndicatorDefinition`, defined once) and how to compute
/// it from the live records.
///
/// ## Registering a feature's indicators
/// 1. Write a store in `BluelampPersistence/Stores` that conforms, e.g. `CrimeIndicatorStore`:
///    - `definitions`: one `IndicatorDefinition` per figure, each naming its PEEL area
///      (`frameworkID`/`areaID`, normally `peel-2023-25`), unit, direction and band thresholds;
///    - `compute(id:period:bcu:on:)`: the value over `period` (start inclusive, end exclusive) for
///      one BCU, or for the whole force when `bcu` is nil; nil when there is no figure (no records);
///    - optionally `history(of:)` (`.currentOnly` for a figure that describes the records as they
///      stand now and cannot be worked out for a past day, such as officers on leave) and
///      `records(behind:period:bcu:)` (the list pages that show the records behind a figure).
/// 2. Add one line to `IndicatorSources.all` (`Stores/Inspection/IndicatorSources.swift`).
///
/// The dashboard, the findings' evidence, the milestone plan, the report and the daily snapshot job
/// (`IndicatorStore.snapshotIndicators(on:now:limit:)`) then pick the indicators up; a test checks
/// every registered definition is well formed and its id unique.
public protocol IndicatorSource: Sendable {
    /// The indicators this source computes, with Bluelamp's default bands.
    var definitions: [IndicatorDefinition] { get }

    /// The same indicators as the records on `database` set them: a source whose bands follow from a policy
    /// kept there (the allocation policy's caps and deadlines) gives them under the policy in force. Defaults
    /// to `definitions`. Every reading is banded against these (then the force's own thresholds, if set).
    func definitions(on database: any Database) async throws -> [IndicatorDefinition]

    /// The value of indicator `id` over `period` for `bcu` (nil: the whole force), or nil when there
    /// is no figure. Only called with an id from `definitions`.
    func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws -> Double?

    /// Every indicator of this source over `period` for each of `scopes` (nil: the whole force), by
    /// indicator id and then scope code (`IndicatorStore.scopeCode`); an absent value is "no figure".
    /// The default computes each figure on its own; a source whose records can be read once for all
    /// scopes (a `GROUP BY bcu_code`) overrides it, and then answers `compute` from it, so the two
    /// always agree. The daily snapshot and the dashboard call this.
    func computeAll(period: DateInterval, scopes: [BCU?], on database: any Database) async throws -> IndicatorValues

    /// `computeAll` without the `.currentOnly` figures, for a past period (the back-fill, which would
    /// throw them away). The default computes them all and drops those; a source whose current-only
    /// figures cost a read of their own (a roster, the open crimes) skips that read.
    func computeHistory(period: DateInterval, scopes: [BCU?], on database: any Database) async throws -> IndicatorValues

    /// Whether the figure can be computed for a past period. Defaults to `.anyPeriod`.
    func history(of id: String) -> IndicatorHistory

    /// Where the records behind a figure are listed, each with the permission it needs, so the
    /// dashboard offers a link only to people who may follow it. Defaults to none.
    func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink]

    /// What a reader must know to read each figure over `period` for each of `scopes`, e.g. how many
    /// records were left out of it and why, by indicator id and then scope code. Read with the live
    /// figures (`IndicatorStore.readings`), not snapshotted. Defaults to none.
    func notes(period: DateInterval, scopes: [BCU?], on database: any Database) async throws -> IndicatorNotes
}

/// Indicator values by id, then scope code (`FORCE` or a BCU code). An absent value is "no figure".
public typealias IndicatorValues = [String: [String: Double]]

/// Notes on indicator figures by id, then scope code.
public typealias IndicatorNotes = [String: [String: [String]]]

extension IndicatorSource {
    public func definitions(on database: any Database) async throws -> [IndicatorDefinition] { definitions }

    public func computeAll(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        var values: IndicatorValues = [:]
        for definition in definitions {
            for bcu in scopes {
                if let value = try await compute(id: definition.id, period: period, bcu: bcu, on: database),
                    value.isFinite
                {
                    values[definition.id, default: [:]][IndicatorStore.scopeCode(bcu)] = value
                }
            }
        }
        return values
    }

    public func computeHistory(period: DateInterval, scopes: [BCU?], on database: any Database) async throws
        -> IndicatorValues
    {
        try await computeAll(period: period, scopes: scopes, on: database).filter { history(of: $0.key) == .anyPeriod }
    }

    /// One figure from `computeAll`, for a source that computes all its figures together.
    public func computeOne(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws
        -> Double?
    {
        try await computeAll(period: period, scopes: [bcu], on: database)[id]?[IndicatorStore.scopeCode(bcu)]
    }

    public func history(of id: String) -> IndicatorHistory { .anyPeriod }

    public func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink] { [] }

    public func notes(period: DateInterval, scopes: [BCU?], on database: any Database) async throws -> IndicatorNotes {
        [:]
    }
}

/// How far back an indicator can be computed.
public enum IndicatorHistory: String, Sendable, Hashable {
    /// The records carry their dates, so any past period can be computed (a trend can be backfilled).
    case anyPeriod = "any-period"
    /// The figure describes the records as they stand now (an officer's current status); only the
    /// snapshot taken each day keeps it, so its trend starts on the first snapshot.
    case currentOnly = "current-only"
}

/// A page listing the records behind a figure, e.g. `/officers?status=leave&bcu=CE`.
public struct IndicatorRecordsLink: Sendable, Hashable {
    public var label: String
    public var path: String
    /// Needed to follow the link; the page itself checks the BCU scope.
    public var permission: Permission

    public init(label: String, path: String, permission: Permission) {
        self.label = label
        self.path = path
        self.permission = permission
    }
}

/// Counts read per BCU (`GROUP BY bcu_code`, selected as `scope`, then `c0`, `c1` …), summed for the
/// whole force: the way a source computes every scope from one read.
struct ScopedCounts {
    private var byCode: [String: [Int]] = [:]
    private var force: [Int]

    init(width: Int) { force = Array(repeating: 0, count: width) }

    static func read(_ query: SQLQueryString, width: Int, on sql: any SQLDatabase) async throws -> ScopedCounts {
        var counts = ScopedCounts(width: width)
        for row in try await sql.raw(query).all() {
            let code = try row.decode(column: "scope", as: String?.self)
            let values = try (0..<width).map { try row.decode(column: "c\($0)", as: Int?.self) ?? 0 }
            counts.add(code: code, values)
        }
        return counts
    }

    mutating func add(code: String?, _ values: [Int]) {
        for (index, value) in values.enumerated() { force[index] += value }
        if let code {
            var existing = byCode[code] ?? Array(repeating: 0, count: force.count)
            for (index, value) in values.enumerated() { existing[index] += value }
            byCode[code] = existing
        }
    }

    /// Adds another read's counts, scope by scope (the force's too).
    mutating func merge(_ other: ScopedCounts) {
        for (index, value) in other.force.enumerated() { force[index] += value }
        for (code, values) in other.byCode {
            var existing = byCode[code] ?? Array(repeating: 0, count: force.count)
            for (index, value) in values.enumerated() { existing[index] += value }
            byCode[code] = existing
        }
    }

    /// The counts of one BCU, or the whole force's for nil; zeros where there were no rows.
    func counts(for bcu: BCU?) -> [Int] {
        guard let bcu else { return force }
        return byCode[bcu.code] ?? Array(repeating: 0, count: force.count)
    }
}
