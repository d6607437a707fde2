import BluelampAPI
import BluelampCore
import Vapor

/// The API's operations: the generated `APIProtocol`, one extension per area (`APIHandler+<Area>.swift`).
/// Each operation reads the request from `APIContext` and calls the same stores as the pages, with the same
/// permission checks in BCU scope and the same audit entries.
struct APIHandler: APIProtocol {}

/// Converting between Core values and the document's schema types, which share raw values.
enum APIValues {
    /// A document enum from a Core enum with the same raw value. The contract tests check every case maps, so
    /// a failure here means the document and Core have drifted apart.
    static func convert<A: RawRepresentable, B: RawRepresentable>(_ value: A, to: B.Type = B.self) throws -> B
    where A.RawValue == B.RawValue {
        guard let converted = B(rawValue: value.rawValue) else {
            throw Abort(.internalServerError, reason: "\(value.rawValue) has no counterpart in the API document")
        }
        return converted
    }

    static func core<A: RawRepresentable, B: RawRepresentable>(_ value: A?, to: B.Type = B.self) -> B?
    where A.RawValue == B.RawValue {
        value.flatMap { B(rawValue: $0.rawValue) }
    }

    static func bcu(_ code: Components.Schemas.BCUCode?) -> BCU? { core(code) }
}

extension Request {
    /// Reads a record id from the API: ids beyond `Int` are simply not found.
    func apiRecordID(_ id: Int64) -> Int? { Int(exactly: id) }
}
