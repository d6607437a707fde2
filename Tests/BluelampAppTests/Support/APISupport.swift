import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// An API token for a (new or existing) user holding `role` over `scope`.
func apiToken(_ app: Application, as role: Role, scope: Scope = .force, username: String? = nil) async throws -> String
{
    let name =
        username
        ?? "api-\(role.rawValue.replacingOccurrences(of: "_", with: "-"))-\(scope.codes.joined(separator: "-").lowercased())"
    let userID: Int
    if let existing = try await UserStore.find(username: name, on: app.db) {
        userID = try existing.requireID()
    } else {
        userID = try await makeUser(app, name, grants: [RoleGrant(role: role, scope: scope)])
    }
    return try await SessionStore.issueToken(
        userID: userID, name: "test", roles: [role], now: app.clock(), lifetime: 3600, on: app.db
    ).secret
}

func bearer(_ token: String, _ extra: HTTPHeaders = [:]) -> HTTPHeaders {
    var headers = extra
    headers.replaceOrAdd(name: .authorization, value: "Bearer \(token)")
    return headers
}

/// An RFC 9457 problem as the API writes it.
struct ProblemBody: Decodable {
    struct FieldError: Decodable {
        var field: String
        var message: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String
    var kind: String
    var errors: [FieldError]?

    var fields: [String] { (errors ?? []).map(\.field) }
}

extension TestingHTTPResponse {
    func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder.api.decode(T.self, from: Data(buffer: body))
    }

    func problem() throws -> ProblemBody {
        #expect(
            headers.contentType?.description.hasPrefix("application/problem+json") ?? false,
            "content type \(headers.contentType?.description ?? "none")")
        return try json(ProblemBody.self)
    }
}

extension JSONDecoder {
    static let api: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

/// A page as every list returns it.
struct PageBody<Item: Decodable>: Decodable {
    var items: [Item]
    var next_cursor: String?
}

struct OfficerBody: Decodable {
    var id: Int
    var bcu: String
    var status: String
    var pip_level: Int?
    var caseload_cap_override: Int?
    var caseload_cap: Int?
}

struct IDBody: Decodable { var id: Int }

/// A JSON body for a request.
func jsonBody(_ object: [String: Any]) throws -> ByteBuffer {
    ByteBuffer(data: try JSONSerialization.data(withJSONObject: object))
}
