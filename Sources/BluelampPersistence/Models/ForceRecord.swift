import FluentKit
import Foundation

/// The force this database belongs to (one database per force: each chief constable is a data controller).
public final class ForceRecord: Model, @unchecked Sendable {
    public static let schema = "forces"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String

    public init() {}

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}
