import BluelampCore
import Foundation
import Plot

/// The API reference, rendered on the server from the OpenAPI document: every operation with the permission
/// it needs, its parameters, request body and responses, then every schema. No JavaScript.
struct APIReferencePage {
    struct Model {
        var document: OpenAPIDocument
        var permissions: [String: Permission]
    }

    var model: Model

    func render() -> PageContent {
        let doc = model.document
        let operations = doc.allOperations
        let tags = doc.tags ?? []
        return .group(
            Part.heading("API reference", doc.info.summary),
            .p(
                .class("muted"),
                .text("\(doc.info.title) \(doc.info.version) · OpenAPI \(doc.openapi) · base path "),
                .code(.text(doc.basePath)),
                .text(" · "), .a(.href("\(doc.basePath)/openapi.yaml"), "Download the document (YAML)")),
            .forEach(paragraphs(doc.info.description)) { $0 },
            .nav(
                .ariaLabel("Operations"),
                .h2("Operations"),
                .ul(
                    .forEach(operations) { method, path, op in
                        .li(
                            .a(.href("#\(op.operationId)"), .code(.text("\(method) \(path)"))),
                            .text(" — \(op.summary ?? op.operationId)"))
                    })),
            .forEach(tags) { tag in
                .section(
                    .h2(.text(tag.name)),
                    .unwrap(tag.description) { .p(.text($0)) },
                    .forEach(operations.filter { $0.operation.tags?.contains(tag.name) ?? false }) { method, path, op in
                        operation(method: method, path: path, op)
                    }
                )
            },
            .forEach(operations.filter { $0.operation.tags?.isEmpty ?? true }) { method, path, op in
                operation(method: method, path: path, op)
            },
            .section(
                .h2(.id("schemas"), "Schemas"),
                .forEach(doc.components?.schemas?.entries ?? []) { name, schema in self.schema(name: name, schema) }
            )
        )
    }

    func operation(method: String, path: String, _ op: OpenAPIDocument.Operation) -> PageContent {
        let parameters = model.document.parameters(of: op)
        let permission = model.permissions[op.operationId]
        return .article(
            .id(op.operationId), .class("card"),
            .h3(.code(.text("\(method) \(path)"))),
            .unwrap(op.summary) { .p(.strong(.text($0))) },
            .forEach(paragraphs(op.description)) { $0 },
            .dl(
                .class("facts"),
                .dt("Operation"), .dd(.code(.text(op.operationId))),
                .dt("Needs"),
                .dd(
                    .unwrap(
                        permission,
                        { p in
                            .group(
                                .text(p.summary + " ("), .code(.text(p.rawValue)), .text("): "),
                                .text(AccessPolicy.roles(for: p).sorted().map(\.name).joined(separator: ", ")))
                        }, else: .text("No one (no access rule)")))),
            .if(
                !parameters.isEmpty,
                .group(
                    .h4("Parameters"),
                    .div(
                        .class("table-wrap"),
                        .table(
                            .class("responsive"),
                            .thead(.tr(.th("Name"), .th("In"), .th("Type"), .th("Required"), .th("Description"))),
                            .tbody(
                                .forEach(parameters) { p in
                                    .tr(
                                        .td(.attribute(named: "data-label", value: "Name"), .code(.text(p.name ?? ""))),
                                        .td(.attribute(named: "data-label", value: "In"), .text(p.location ?? "")),
                                        .td(
                                            .attribute(named: "data-label", value: "Type"),
                                            p.schema.map(type) ?? .text("")),
                                        .td(
                                            .attribute(named: "data-label", value: "Required"),
                                            .text(p.required == true ? "yes" : "no")),
                                        .td(
                                            .attribute(named: "data-label", value: "Description"),
                                            .group(inline(p.description ?? "")))
                                    )
                                })
                        ))
                )),
            .unwrap(op.requestBody) { body in
                .group(
                    .h4("Request body"),
                    .ul(
                        .forEach(body.content?.entries ?? []) { mediaType, media in
                            .li(
                                .code(.text(mediaType)), .text(": "), media.schema.map(type) ?? .text("any"),
                                .text(body.required == true ? " (required)" : " (optional)"))
                        })
                )
            },
            .h4("Responses"),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    .thead(.tr(.th("Status"), .th("Description"), .th("Body"))),
                    .tbody(
                        .forEach(op.responses.entries) { status, response in
                            let resolved = model.document.response(response)
                            return .tr(
                                .td(.attribute(named: "data-label", value: "Status"), .code(.text(status))),
                                .td(
                                    .attribute(named: "data-label", value: "Description"),
                                    .group(inline(resolved.description ?? "")),
                                    .unwrap(resolved.headers) { headers in
                                        .group(
                                            .br(),
                                            .span(
                                                .class("muted"),
                                                .text("Headers: " + headers.keys.joined(separator: ", "))))
                                    }),
                                .td(
                                    .attribute(named: "data-label", value: "Body"),
                                    .forEach(resolved.content?.entries ?? []) { mediaType, media in
                                        .group(.code(.text(mediaType)), .text(" "), media.schema.map(type) ?? .text(""))
                                    })
                            )
                        })
                ))
        )
    }

    func schema(name: String, _ schema: OpenAPIDocument.Schema) -> PageContent {
        let required = Set(schema.required ?? [])
        return .article(
            .id("schema-\(name)"), .class("card"),
            .h3(.text(name)),
            .unwrap(schema.description) { .p(.group(inline($0))) },
            .unwrap(schema.enumValues) { values in
                .p(
                    .text("One of: "),
                    .group(
                        values.enumerated().map { i, v in
                            .group(.code(.text(v)), .text(i < values.count - 1 ? ", " : ""))
                        }))
            },
            .unwrap(schema.properties) { properties in
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(.tr(.th("Field"), .th("Type"), .th("Required"), .th("Description"))),
                        .tbody(
                            .forEach(properties.entries) { field, property in
                                .tr(
                                    .td(.attribute(named: "data-label", value: "Field"), .code(.text(field))),
                                    .td(.attribute(named: "data-label", value: "Type"), type(property)),
                                    .td(
                                        .attribute(named: "data-label", value: "Required"),
                                        .text(required.contains(field) ? "yes" : "no")),
                                    .td(
                                        .attribute(named: "data-label", value: "Description"),
                                        .group(inline(property.description ?? "")))
                                )
                            })
                    ))
            }
        )
    }

    /// A schema's type in words, linking to named schemas: `array of Officer`, `integer or null (int64, 1 to 4)`.
    func type(_ schema: OpenAPIDocument.Schema) -> PageContent {
        if let name = schema.refName {
            return .a(.href("#schema-\(name)"), .text(name))
        }
        let nullable = schema.types.contains("null")
        let base = schema.types.filter { $0 != "null" }
        var node: PageContent
        if base == ["array"], let items = schema.items {
            node = .group(.text("array of "), type(items))
        } else {
            node = .text(base.isEmpty ? "any" : base.joined(separator: " or "))
        }
        var notes: [String] = []
        if let format = schema.format { notes.append(format) }
        switch (schema.minimum, schema.maximum) {
        case let (min?, max?): notes.append("\(Int(min)) to \(Int(max))")
        case let (min?, nil): notes.append("at least \(Int(min))")
        case let (nil, max?): notes.append("at most \(Int(max))")
        default: break
        }
        if let max = schema.maxLength { notes.append("up to \(max) characters") }
        if let value = schema.defaultValue { notes.append("default \(value)") }
        if let values = schema.enumValues { notes.append("one of " + values.joined(separator: ", ")) }
        return .group(
            node, .text(nullable ? " or null" : ""), .text(notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))
    }

    // MARK: - Text

    /// Paragraphs of the document's descriptions (blank lines separate them).
    func paragraphs(_ text: String?) -> [PageContent] {
        guard let text else { return [] }
        return text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
            .map { .p(.group(inline($0.replacingOccurrences(of: "\n", with: " ")))) }
    }

    /// The little Markdown the descriptions use: `code` and **strong**.
    func inline(_ text: String) -> [PageContent] {
        var nodes: [PageContent] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let code = rest.firstIndex(of: "`")
            let strong = rest.range(of: "**")?.lowerBound
            guard let next = [code, strong].compactMap({ $0 }).min() else {
                nodes.append(.text(String(rest)))
                break
            }
            nodes.append(.text(String(rest[..<next])))
            let isCode = next == code
            let marker = isCode ? "`" : "**"
            let after = rest[rest.index(next, offsetBy: marker.count)...]
            guard let close = after.range(of: marker) else {
                nodes.append(.text(String(rest[next...])))
                break
            }
            let inner = String(after[..<close.lowerBound])
            nodes.append(isCode ? .code(.text(inner)) : .strong(.text(inner)))
            rest = after[close.upperBound...]
        }
        return nodes
    }
}
