import BluelampCore
import Crypto
import Foundation

/// ETags and If-Match for updates (RFC 9110 §8.8.3, §13.1.1). An ETag is a strong validator: the SHA-256 of
/// the record's JSON representation with sorted keys, so any change to what a client sees changes it.
enum APIPreconditions {
    static func etag(of value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        let data = (try? encoder.encode(value)) ?? Data()
        let digest = Hex.string(SHA256.hash(data: data).prefix(16))
        return "\"\(digest)\""
    }

    /// Whether an If-Match header value matches the current ETag: `*`, or a list containing it. Weak tags
    /// never match (If-Match uses the strong comparison).
    static func matches(_ ifMatch: String, current: String) -> Bool {
        let trimmed = ifMatch.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" { return true }
        return trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains(current)
    }

    /// Checks If-Match: 428 when it is missing, 412 when it does not match.
    static func require(_ ifMatch: String?, current: String) throws {
        guard let ifMatch, !ifMatch.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError.preconditionRequired
        }
        guard matches(ifMatch, current: current) else { throw APIError.preconditionFailed }
    }

    /// What a versioned policy's change checks again inside its transaction: the version in force then must still be
    /// the one the caller's If-Match named when it was read (`*` takes any), or 412 — so two changes made from the
    /// same version cannot both be saved. A version never changes once saved, so its number stands for its ETag.
    static func stillVersion(_ read: Int, ifMatch: String?) -> @Sendable (Int) throws -> Void {
        let anyVersion = ifMatch.map { $0.trimmingCharacters(in: .whitespaces) == "*" } ?? false
        return { version in
            guard anyVersion || version == read else { throw APIError.preconditionFailed }
        }
    }
}
