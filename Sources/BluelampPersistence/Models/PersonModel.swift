import FluentKit
import Foundation

/// A person a crime involves (table `people`); the core value is `PersonRecord`.
public final class PersonModel: Model, @unchecked Sendable {
    public static let schema = "people"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Field(key: "given_name") public var givenName: String
    @Field(key: "family_name") public var familyName: String
    /// `YYYY-MM-DD`, a calendar date with no time zone.
    @OptionalField(key: "date_of_birth") public var dateOfBirth: String?
    @Field(key: "contact_preference") public var contactPreference: String
    /// `DuplicatePersonRule.key`: records sharing it are probably the same person.
    @OptionalField(key: "duplicate_key") public var duplicateKey: String?

    public init() {}
}

/// The part a person plays in a crime (table `crime_people`).
public final class CrimePersonLink: Model, @unchecked Sendable {
    public static let schema = "crime_people"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "crime_id") public var crime: CrimeRecord
    @Parent(key: "person_id") public var person: PersonModel
    @Field(key: "role") public var role: String

    public init() {}
}
