import Foundation

// The server types and the `APIProtocol` for /api/v1 are generated at build time from openapi.yaml by the
// swift-openapi-generator plugin (see openapi-generator-config.yaml). The document is the single source of
// truth: it is also served as it is and rendered as the reference page.

/// The OpenAPI document the server is generated from, as shipped in this target.
public enum APIDocument {
    /// The document's text (YAML).
    public static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()
}
