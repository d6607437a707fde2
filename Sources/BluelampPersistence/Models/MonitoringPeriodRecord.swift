import FluentKit
import Foundation

/// A period the force spent at one monitoring stage (Scan or Engage), with entry and exit reasons.
public final class MonitoringPeriodRecord: Model, @unchecked Sendable {
    public static let schema = "monitoring_periods"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Field(key: "force_name") public var forceName: String
    @Field(key: "stage") public var stage: String
    @Field(key: "entered") public var entered: Date
    @OptionalField(key: "exited") public var exited: Date?
    @OptionalField(key: "decided_by") public var decidedBy: String?
    /// `[String]` as JSON.
    @Field(key: "entry_reasons") public var entryReasons: String
    /// `[String]` as JSON.
    @Field(key: "exit_reasons") public var exitReasons: String
    /// `[String]` as JSON.
    @Field(key: "notes") public var notes: String
    /// `[InspectionSource]` as JSON.
    @Field(key: "sources") public var sources: String

    public init() {}
}
