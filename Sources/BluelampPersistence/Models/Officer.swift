import FluentKit
import Foundation

/// A police officer or staff investigator.
public final class Officer: Model, @unchecked Sendable {
    public static let schema = "officers"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "bcu_code") public var bcu: BCURecord
    @OptionalParent(key: "team_id") public var team: Team?

    @Field(key: "warrant_number") public var warrantNumber: String
    @Field(key: "given_name") public var givenName: String
    @Field(key: "family_name") public var familyName: String
    @Field(key: "rank") public var rank: String
    @OptionalField(key: "pip_level") public var pipLevel: Int?
    @OptionalField(key: "caseload_cap_override") public var caseloadCapOverride: Int?
    @Field(key: "status") public var status: String

    @Children(for: \.$officer) public var specialisms: [OfficerSpecialism]

    public init() {}
}
