import FluentKit
import Foundation

/// An uploaded evidence document, kept in the database (a few megabytes at most) so every
/// application instance serves it and backups include it. Apart from `EvidenceItem` so listing
/// evidence never reads the bytes.
public final class EvidenceDocument: Model, @unchecked Sendable {
    public static let schema = "evidence_documents"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "evidence_id") public var evidence: EvidenceItem

    @Field(key: "file_name") public var fileName: String
    @Field(key: "content_type") public var contentType: String
    @Field(key: "size") public var size: Int
    @Field(key: "bytes") public var bytes: Data

    public init() {}
}
