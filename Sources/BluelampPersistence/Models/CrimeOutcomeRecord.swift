import FluentKit
import Foundation

/// An outcome as police.uk publishes it (table `crime_outcomes`): one row of an outcomes file. An
/// outcome of a crime not (yet) held has no crime, only its police.uk Crime ID, until the crime's
/// street row is imported.
public final class CrimeOutcomeRecord: Model, @unchecked Sendable {
    public static let schema = "crime_outcomes"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @OptionalParent(key: "crime_id") public var crime: CrimeRecord?
    @OptionalParent(key: "import_batch_id") public var importBatch: ImportBatch?
    @OptionalField(key: "source_line") public var sourceLine: Int?
    @OptionalField(key: "row_key") public var rowKey: String?
    @Field(key: "police_uk_crime_id") public var policeUKCrimeID: String
    @Field(key: "month") public var month: String
    @Field(key: "reported_by") public var reportedBy: String
    @Field(key: "falls_within") public var fallsWithin: String
    @Field(key: "location") public var location: String
    @OptionalField(key: "longitude") public var longitude: Double?
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "lsoa_code") public var lsoaCode: String?
    @OptionalField(key: "lsoa_name") public var lsoaName: String?
    @Field(key: "outcome") public var outcome: String
    @OptionalField(key: "outcome_type") public var outcomeType: Int?

    public init() {}
}
