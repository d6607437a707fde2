import BluelampAPI
import Foundation
import Yams

/// The parts of the OpenAPI document Bluelamp reads at run time: which operation each route is (for its
/// access rule and idempotency) and what the reference page shows. Maps keep the document's order.
struct OpenAPIDocument: Decodable, Sendable {
    var openapi: String
    var info: Info
    var servers: [Server]?
    var tags: [Tag]?
    var paths: OrderedMap<PathItem>
    var components: Components?

    struct Info: Decodable, Sendable {
        var title: String
        var version: String
        var summary: String?
        var description: String?
    }

    struct Server: Decodable, Sendable { var url: String }

    struct Tag: Decodable, Sendable {
        var name: String
        var description: String?
    }

    struct PathItem: Decodable, Sendable {
        var get: Operation?
        var put: Operation?
        var post: Operation?
        var patch: Operation?
        var delete: Operation?
        var parameters: [Parameter]?

        /// The operations in a fixed method order.
        var operations: [(method: String, operation: Operation)] {
            [("GET", get), ("POST", post), ("PUT", put), ("PATCH", patch), ("DELETE", delete)]
                .compactMap { method, operation in operation.map { (method, $0) } }
        }
    }

    struct Operation: Decodable, Sendable {
        var operationId: String
        var summary: String?
        var description: String?
        var tags: [String]?
        var parameters: [Parameter]?
        var requestBody: RequestBody?
        var responses: OrderedMap<Response>
    }

    struct Parameter: Decodable, Sendable {
        var ref: String?
        var name: String?
        var location: String?
        var required: Bool?
        var description: String?
        var schema: Schema?

        enum CodingKeys: String, CodingKey {
            case ref = "$ref", name, location = "in", required, description, schema
        }
    }

    struct RequestBody: Decodable, Sendable {
        var required: Bool?
        var description: String?
        var content: OrderedMap<MediaType>?
    }

    struct MediaType: Decodable, Sendable { var schema: Schema? }

    struct Response: Decodable, Sendable {
        var ref: String?
        var description: String?
        var headers: OrderedMap<Header>?
        var content: OrderedMap<MediaType>?

        enum CodingKeys: String, CodingKey { case ref = "$ref", description, headers, content }
    }

    struct Header: Decodable, Sendable {
        var ref: String?
        var description: String?
        var schema: Schema?

        enum CodingKeys: String, CodingKey { case ref = "$ref", description, schema }
    }

    struct Components: Decodable, Sendable {
        var schemas: OrderedMap<Schema>?
        var parameters: OrderedMap<Parameter>?
        var responses: OrderedMap<Response>?
        var headers: OrderedMap<Header>?
    }

    /// A JSON Schema, as far as the reference page shows it.
    final class Schema: Decodable, Sendable {
        let ref: String?
        /// `type` as written: one name, or several (`[integer, 'null']`).
        let types: [String]
        let format: String?
        let description: String?
        let enumValues: [String]?
        let properties: OrderedMap<Schema>?
        let required: [String]?
        let items: Schema?
        let minimum: Double?
        let maximum: Double?
        let minLength: Int?
        let maxLength: Int?
        let defaultValue: String?

        enum CodingKeys: String, CodingKey {
            case ref = "$ref", type, format, description, enumValues = "enum", properties, required, items
            case minimum, maximum, minLength, maxLength, defaultValue = "default"
        }

        required init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            ref = try c.decodeIfPresent(String.self, forKey: .ref)
            if let many = try? c.decodeIfPresent([String].self, forKey: .type) {
                types = many
            } else {
                types = try c.decodeIfPresent(String.self, forKey: .type).map { [$0] } ?? []
            }
            format = try c.decodeIfPresent(String.self, forKey: .format)
            description = try c.decodeIfPresent(String.self, forKey: .description)
            enumValues = try c.decodeIfPresent([String].self, forKey: .enumValues)
            properties = try c.decodeIfPresent(OrderedMap<Schema>.self, forKey: .properties)
            required = try c.decodeIfPresent([String].self, forKey: .required)
            items = try c.decodeIfPresent(Schema.self, forKey: .items)
            minimum = try c.decodeIfPresent(Double.self, forKey: .minimum)
            maximum = try c.decodeIfPresent(Double.self, forKey: .maximum)
            minLength = try c.decodeIfPresent(Int.self, forKey: .minLength)
            maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength)
            defaultValue = try? c.decodeIfPresent(String.self, forKey: .defaultValue)
        }

        /// The name a `$ref` points at (`#/components/schemas/Officer` → `Officer`).
        var refName: String? { ref.flatMap { $0.split(separator: "/").last.map(String.init) } }
    }

    // MARK: - Reading

    /// The document shipped in the BluelampAPI target.
    static let shipped: OpenAPIDocument = {
        do {
            return try YAMLDecoder().decode(OpenAPIDocument.self, from: APIDocument.yaml)
        } catch {
            // The build generates the server from the same file, so it parses; a failure here is a packaging fault.
            fatalError("openapi.yaml could not be read: \(error)")
        }
    }()

    /// The server path prefix (`/api/v1`).
    var basePath: String { servers?.first?.url ?? "" }

    /// Every operation with its method and full path (`/api/v1/officers/{id}`), in document order.
    var allOperations: [(method: String, path: String, operation: Operation)] {
        paths.entries.flatMap { path, item in
            item.operations.map { ($0.method, basePath + path, $0.operation) }
        }
    }

    /// The operation's parameters with `$ref`s resolved.
    func parameters(of operation: Operation) -> [Parameter] {
        (operation.parameters ?? []).map { parameter in
            guard let ref = parameter.ref, let name = ref.split(separator: "/").last.map(String.init),
                let resolved = components?.parameters?[name]
            else { return parameter }
            return resolved
        }
    }

    func response(_ response: Response) -> Response {
        guard let ref = response.ref, let name = ref.split(separator: "/").last.map(String.init),
            let resolved = components?.responses?[name]
        else { return response }
        return resolved
    }
}

/// A string-keyed map that keeps the order of the document.
struct OrderedMap<Value: Decodable & Sendable>: Decodable, Sendable {
    var entries: [(key: String, value: Value)]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        entries = try c.allKeys.map { ($0.stringValue, try c.decode(Value.self, forKey: $0)) }
    }

    subscript(key: String) -> Value? { entries.first { $0.key == key }?.value }
    var keys: [String] { entries.map(\.key) }
}
