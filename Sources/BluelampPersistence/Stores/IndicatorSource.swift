import BluelampCore
import FluentKit
import Foundation

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
/// 2. Add one line to `IndicatorSources.all` (`Stores/IndicatorSources.swift`).
///
/// The dashboard, the findings' evidence, the milestone plan, the report and the daily snapshot job
/// (`IndicatorStore.snapshotIndicators(on:now:limit:)`) then pick the indicators up; a test checks
/// every registered definition is well formed and its id unique.
public protocol IndicatorSource: Sendable {
    /// The indicators this source computes.
    var definitions: [IndicatorDefinition] { get }

    /// The value of indicator `id` over `period` for `bcu` (nil: the whole force), or nil when there
    /// is no figure. Only called with an id from `definitions`.
    func compute(id: String, period: DateInterval, bcu: BCU?, on database: any Database) async throws -> Double?

    /// Whether the figure can be computed for a past period. Defaults to `.anyPeriod`.
    func history(of id: String) -> IndicatorHistory

    /// Where the records behind a figure are listed, each with the permission it needs, so the
    /// dashboard offers a link only to people who may follow it. Defaults to none.
    func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink]
}

extension IndicatorSource {
    public func history(of id: String) -> IndicatorHistory { .anyPeriod }

    public func records(behind id: String, period: DateInterval, bcu: BCU?) -> [IndicatorRecordsLink] { [] }
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
