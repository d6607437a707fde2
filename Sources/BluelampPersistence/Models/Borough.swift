import FluentKit
import Foundation

/// A London borough, keyed by its ONS GSS code, in the BCU that polices it.
public final class Borough: Model, @unchecked Sendable {
    public static let schema = "boroughs"

    @ID(custom: .id, generatedBy: .user) public var id: String?

    @Parent(key: "bcu_code") public var bcu: BCURecord

    @Field(key: "name") public var name: String

    public init() {}

    public init(gssCode: String, name: String, bcuCode: String) {
        self.id = gssCode
        self.name = name
        self.$bcu.id = bcuCode
    }
}
