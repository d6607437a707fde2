import FluentKit
import Foundation

/// An inspection framework as loaded from its data file (`Resources/Inspection/Frameworks/*.json`).
/// The file is the source; the row keeps the JSON so inspections can reference the framework by key
/// and a database stays readable if a file is later withdrawn. `InspectionStore.syncFrameworks`
/// inserts new files and refreshes changed ones, idempotently.
public final class InspectionFrameworkRecord: Model, @unchecked Sendable {
    public static let schema = "inspection_frameworks"

    /// The framework's own id: `peel-2014-2019`, `peel-2021-22`, `peel-2023-25`.
    @ID(custom: .id, generatedBy: .user) public var id: String?
    @Field(key: "loaded_at") public var loadedAt: Date

    @Field(key: "name") public var name: String
    @Field(key: "years") public var years: String
    @Field(key: "grade_scale") public var gradeScale: String
    /// The framework file's JSON as decoded and encoded again (InspectionJSON).
    @Field(key: "document") public var document: String
    /// SHA-256 of `document`, so a changed file is noticed without comparing the text.
    @Field(key: "checksum") public var checksum: String

    public init() {}
}
