import FluentKit
import Foundation

/// An officer's accreditation in a specialism, valid until its expiry date.
public final class OfficerSpecialism: Model, @unchecked Sendable {
    public static let schema = "officer_specialisms"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "officer_id") public var officer: Officer

    @Field(key: "specialism") public var specialism: String
    @Field(key: "accredited_until") public var accreditedUntil: Date

    public init() {}
}
