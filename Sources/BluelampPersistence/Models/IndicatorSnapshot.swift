import FluentKit
import Foundation

/// An indicator's value on one day for one scope, written by the daily snapshot job so every
/// indicator has a trend. Unique on (indicator, day, scope): the job inserts with "on conflict do
/// nothing", so restarts and several application instances never snapshot a day twice.
public final class IndicatorSnapshot: Model, @unchecked Sendable {
    public static let schema = "indicator_snapshots"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Field(key: "indicator_id") public var indicatorID: String
    /// The UTC day, `YYYY-MM-DD`.
    @Field(key: "day") public var day: String
    /// A BCU code, or `FORCE` for the whole force (as `Scope.force` writes it).
    @Field(key: "scope_code") public var scopeCode: String
    /// Nil when there was no figure that day (no records in the window).
    @OptionalField(key: "value") public var value: Double?
    @Field(key: "computed_at") public var computedAt: Date

    public init() {}
}
