import FluentKit
import Foundation

/// An anti-social behaviour incident: a police.uk street row that is not a crime to investigate.
public final class Incident: Model, @unchecked Sendable {
    public static let schema = "incidents"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @OptionalParent(key: "import_batch_id") public var importBatch: ImportBatch?
    @OptionalField(key: "source_line") public var sourceLine: Int?
    @OptionalField(key: "row_key") public var rowKey: String?
    @OptionalParent(key: "bcu_code") public var bcu: BCURecord?
    @OptionalField(key: "police_uk_crime_id") public var policeUKCrimeID: String?
    @Field(key: "month") public var month: String
    @Field(key: "incident_type") public var incidentType: String
    @OptionalField(key: "borough") public var borough: String?
    @Field(key: "reported_by") public var reportedBy: String
    @Field(key: "falls_within") public var fallsWithin: String
    @Field(key: "location") public var location: String
    @OptionalField(key: "longitude") public var longitude: Double?
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "lsoa_code") public var lsoaCode: String?
    @OptionalField(key: "lsoa_name") public var lsoaName: String?
    @Field(key: "context") public var context: String

    public init() {}
}
