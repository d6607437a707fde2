import FluentKit
import Foundation

/// A named suspect not yet arrested (issue 8, "Wanted and outstanding suspects").
///
/// The crime is linked by `crime_id` without a foreign key and by `crime_reference`: the crimes table was
/// being built alongside this one, and SQLite cannot add a foreign key afterwards, so the id is checked
/// by the code that sets it, and the reference always says which crime it is.
public final class WantedSuspect: Model, @unchecked Sendable {
    public static let schema = "wanted_suspects"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "bcu_code") public var bcu: BCURecord
    @OptionalParent(key: "responsible_officer_id") public var responsibleOfficer: Officer?
    @OptionalParent(key: "iom_member_id") public var iomMember: IOMCohortMember?
    /// The crime's id in `crimes`, when known; no foreign key (see the type's note).
    @OptionalField(key: "crime_id") public var crimeID: Int?

    @Field(key: "given_name") public var givenName: String
    @Field(key: "family_name") public var familyName: String
    @OptionalField(key: "date_of_birth") public var dateOfBirth: String?
    @Field(key: "crime_reference") public var crimeReference: String
    @Field(key: "offence") public var offence: String
    @Field(key: "wanted_since") public var wantedSince: Date
    @Field(key: "circulated") public var circulated: Bool
    @OptionalField(key: "circulated_on") public var circulatedOn: Date?
    @OptionalField(key: "arrested_on") public var arrestedOn: Date?

    public init() {}
}
