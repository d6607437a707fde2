import FluentKit
import Foundation

/// A Basic Command Unit row; its id is the BCU code (`CE` … `WA`, `FORCE`).
public final class BCURecord: Model, @unchecked Sendable {
    public static let schema = "bcus"

    @ID(custom: .id, generatedBy: .user) public var id: String?

    @Field(key: "name") public var name: String

    public init() {}

    public init(code: String, name: String) {
        self.id = code
        self.name = name
    }
}
