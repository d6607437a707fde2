import FluentKit
import Foundation

/// A crime record (table `crimes`). Stores read and write it through `CrimeStore`, which returns
/// the core `Crime` value; the columns are documented in `CreateCrimes`.
public final class CrimeRecord: Model, @unchecked Sendable {
    public static let schema = "crimes"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @Field(key: "reference") public var reference: String
    @OptionalField(key: "police_uk_crime_id") public var policeUKCrimeID: String?
    /// The identity of the police.uk row the crime came from (see `PoliceUKRowIdentity`); nil when recorded here.
    @OptionalField(key: "police_uk_row_key") public var policeUKRowKey: String?
    @OptionalParent(key: "import_batch_id") public var importBatch: ImportBatch?
    @OptionalField(key: "source_line") public var sourceLine: Int?
    @OptionalParent(key: "bcu_code") public var bcu: BCURecord?

    // When
    @Field(key: "month") public var month: String
    @Field(key: "reported_at") public var reportedAt: Date
    @Field(key: "recorded_at") public var recordedAt: Date
    /// Whether the recording decision was made within the allowance; meaningful only beside
    /// `recordingDecidedAt` (false, never claimed in time, where that is not known).
    @Field(key: "recorded_in_time") public var recordedInTime: Bool
    /// When the recording decision was made; nil when nobody knows (a crime imported from police.uk).
    @OptionalField(key: "recording_decided_at") public var recordingDecidedAt: Date?
    /// `RecordingDecisionKind`'s raw value; nil while the report awaits its recording decision.
    @OptionalField(key: "recording_decision") public var recordingDecision: String?
    @OptionalField(key: "recording_decided_by_user_id") public var recordingDecidedByUserID: Int?
    @OptionalField(key: "recording_decided_by") public var recordingDecidedBy: String?
    /// Why the report was recorded as an incident or as no crime.
    @OptionalField(key: "recording_decision_reason") public var recordingDecisionReason: String?

    // What and where
    @Field(key: "category") public var category: String
    @Field(key: "offence_description") public var offenceDescription: String
    @OptionalField(key: "borough") public var borough: String?
    @Field(key: "reported_by") public var reportedBy: String
    @Field(key: "falls_within") public var fallsWithin: String
    @Field(key: "location") public var location: String
    @OptionalField(key: "longitude") public var longitude: Double?
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "lsoa_code") public var lsoaCode: String?
    @OptionalField(key: "lsoa_name") public var lsoaName: String?
    @Field(key: "context") public var context: String
    @Field(key: "flags") public var flags: Int

    // THRIVE and screening
    @OptionalField(key: "thrive_threat") public var thriveThreat: String?
    @OptionalField(key: "thrive_harm") public var thriveHarm: String?
    @OptionalField(key: "thrive_risk") public var thriveRisk: String?
    @OptionalField(key: "thrive_investigation") public var thriveInvestigation: String?
    @OptionalField(key: "thrive_vulnerability") public var thriveVulnerability: String?
    @OptionalField(key: "thrive_engagement") public var thriveEngagement: String?
    @Field(key: "priority") public var priority: Int
    @OptionalField(key: "solvability_factors") public var solvabilityFactors: String?
    @OptionalField(key: "screening") public var screening: String?
    @OptionalField(key: "screening_reason") public var screeningReason: String?

    // Where it stands
    @Field(key: "status") public var status: String
    @OptionalField(key: "status_reason") public var statusReason: String?
    @OptionalField(key: "outcome_type") public var outcomeType: Int?
    @OptionalField(key: "outcome_date") public var outcomeDate: Date?
    @OptionalField(key: "police_uk_outcome") public var policeUKOutcome: String?

    public init() {}
}
