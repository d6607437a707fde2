import FluentKit
import Foundation

/// One inspection of a force under a framework (core `Inspection`).
public final class InspectionRecord: Model, @unchecked Sendable {
    public static let schema = "inspections"

    @ID(custom: .id, generatedBy: .database) public var id: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    @Parent(key: "framework_id") public var framework: InspectionFrameworkRecord

    /// The core inspection's id, e.g. `metropolitan-peel-2016-effectiveness`; unique, so loading the
    /// same history or importing the same report twice finds the row already there.
    @Field(key: "reference") public var reference: String
    @Field(key: "force_name") public var forceName: String
    @Field(key: "title") public var title: String
    @OptionalField(key: "fieldwork_start") public var fieldworkStart: Date?
    @OptionalField(key: "fieldwork_end") public var fieldworkEnd: Date?
    @OptionalField(key: "published") public var published: Date?
    /// `[InspectionSource]` as JSON.
    @Field(key: "sources") public var sources: String
    @OptionalField(key: "note") public var note: String?
    /// SHA-256 of the inspection as read (judgements and findings, before any work on them), so a
    /// second import of the same report is recognised and a different one under the same id refused.
    @Field(key: "content_hash") public var contentHash: String

    public init() {}
}
