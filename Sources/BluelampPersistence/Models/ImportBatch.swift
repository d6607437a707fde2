import FluentKit
import Foundation

/// A police.uk file that has been imported, identified by the SHA-256 of its bytes.
public final class ImportBatch: Model, @unchecked Sendable {
    public static let schema = "import_batches"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Field(key: "imported_at") public var importedAt: Date
    @Field(key: "imported_by") public var importedBy: String
    @Field(key: "file_name") public var fileName: String
    @Field(key: "sha256") public var sha256: String
    @Field(key: "kind") public var kind: String
    @Field(key: "rows") public var rows: Int
    @Field(key: "crimes") public var crimes: Int
    @Field(key: "incidents") public var incidents: Int
    @Field(key: "outcomes") public var outcomes: Int
    /// Outcomes of the file whose crime was not held: kept against their Crime ID until it is imported.
    @Field(key: "outcomes_held") public var outcomesHeld: Int
    /// Outcomes held from earlier files that this file's street rows linked to their crimes.
    @Field(key: "outcomes_linked") public var outcomesLinked: Int
    @Field(key: "rejected") public var rejected: Int
    @Field(key: "seconds") public var seconds: Double

    public init() {}
}
