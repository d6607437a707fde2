/// What every table on a page says to assistive technology, written once for all of them as the page is rendered.
///
/// - Each heading in a table's `thead` is a column header (`scope="col"`), each heading in its body a row header
///   (`scope="row"`), where the page did not say otherwise.
/// - A `table.responsive` becomes cards on a phone (app.css turns its rows and cells into blocks and labels each cell
///   from `data-label`). Browsers drop a table's semantics once its parts are no longer displayed as a table, so such a
///   table carries explicit roles (table, rowgroup, row, columnheader, rowheader, cell): on a phone it is still read as
///   a table, its cells with their column's heading.
///
/// Every page is HTML written by Plot, which escapes `<` in text and in attribute values, so each `<` in it begins a
/// tag. The pass is one scan of the page.
enum TableSemantics {
    static func apply(to html: String) -> String {
        guard html.contains("<table") else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count + html.utf8.count / 16)
        var responsiveDepth: [Bool] = []
        var inHead = false
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else {
                rest = rest[open...]
                break
            }
            let tag = rest[open...close]
            rest = rest[rest.index(after: close)...]
            let name = tagName(tag)
            var added: [(String, String)] = []
            let responsive = responsiveDepth.last ?? false
            switch name {
            case "table":
                let isResponsive = classes(tag).contains("responsive")
                responsiveDepth.append(isResponsive)
                inHead = false
                if isResponsive { added.append(("role", "table")) }
            case "/table":
                _ = responsiveDepth.popLast()
            case "thead":
                inHead = true
                if responsive { added.append(("role", "rowgroup")) }
            case "/thead":
                inHead = false
            case "tbody", "tfoot":
                inHead = false
                if responsive { added.append(("role", "rowgroup")) }
            case "tr":
                if responsive { added.append(("role", "row")) }
            case "th":
                if !responsiveDepth.isEmpty {
                    added.append(("scope", inHead ? "col" : "row"))
                    if responsive { added.append(("role", inHead ? "columnheader" : "rowheader")) }
                }
            case "td":
                if responsive { added.append(("role", "cell")) }
            default:
                break
            }
            let missing = added.filter { !has(tag, attribute: $0.0) }
            if missing.isEmpty {
                out += tag
            } else {
                // After the page's own attributes, before the tag's `>`.
                let end = tag.index(before: tag.endIndex)
                out += tag[..<end]
                for (attribute, value) in missing { out += " \(attribute)=\"\(value)\"" }
                out += tag[end...]
            }
        }
        out += rest
        return out
    }

    /// `table`, `/table`, `th`… of a tag such as `<th class="num">`, in lower case.
    private static func tagName(_ tag: Substring) -> String {
        let body = tag.dropFirst()
        return String(body.prefix { $0 != " " && $0 != ">" && $0 != "/" || ($0 == "/" && body.first == "/") })
            .lowercased()
    }

    private static func classes(_ tag: Substring) -> [Substring] {
        guard let range = tag.range(of: "class=\"") else { return [] }
        let value = tag[range.upperBound...].prefix { $0 != "\"" }
        return value.split(separator: " ")
    }

    private static func has(_ tag: Substring, attribute: String) -> Bool {
        tag.contains(" \(attribute)=")
    }
}
