import FluentKit
import Foundation

/// A team or unit officers belong to: a BCU investigation team, safeguarding, response, a force-wide unit…
public final class Team: Model, @unchecked Sendable {
    public static let schema = "teams"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "bcu_code") public var bcu: BCURecord

    @Field(key: "name") public var name: String
    @Field(key: "kind") public var kind: String

    public init() {}

    public init(id: Int? = nil, name: String, kind: String, bcuCode: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.$bcu.id = bcuCode
    }
}
