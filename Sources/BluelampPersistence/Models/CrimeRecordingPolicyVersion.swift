import FluentKit
import Foundation

/// One version of the crime recording policy (table `crime_recording_policy_versions`): the highest `version` is
/// in force; every earlier one stays, with who set it, when and why.
public final class CrimeRecordingPolicyVersion: Model, @unchecked Sendable {
    public static let schema = "crime_recording_policy_versions"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // Managed
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "created_by_user_id") public var createdByUserID: Int?
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "reason") public var reason: String

    // Data
    /// The allowance for the recording decision, in whole hours.
    @Field(key: "allowance_hours") public var allowanceHours: Int

    public init() {}
}
