import FluentKit
import Foundation

/// A person in the BCU's integrated offender management cohort, with the lead officer.
public final class IOMCohortMember: Model, @unchecked Sendable {
    public static let schema = "iom_cohort_members"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "bcu_code") public var bcu: BCURecord
    @OptionalParent(key: "lead_officer_id") public var leadOfficer: Officer?

    @Field(key: "given_name") public var givenName: String
    @Field(key: "family_name") public var familyName: String
    @OptionalField(key: "date_of_birth") public var dateOfBirth: String?
    @Field(key: "strand") public var strand: String
    @Field(key: "joined_on") public var joinedOn: Date
    @OptionalField(key: "left_on") public var leftOn: Date?

    public init() {}
}
