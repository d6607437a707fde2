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
        var page = html
        let rewritten = page.withUTF8 { rewrite($0) }
        return rewritten.map { String(decoding: $0, as: UTF8.self) } ?? html
    }

    /// The tags this pass reads.
    private enum Tag {
        case table, tableEnd, thead, theadEnd, tbody, tfoot, tr, th, td
    }

    /// The page with the attributes added, or nil when none was needed. It works on the page's UTF-8 bytes: `<` and
    /// `>` are single bytes that never occur inside another character's encoding.
    private static func rewrite(_ page: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let open = UInt8(ascii: "<")
        let close = UInt8(ascii: ">")
        var out: [UInt8] = []
        out.reserveCapacity(page.count + page.count / 16)
        var changed = false
        var responsiveDepth: [Bool] = []
        var inHead = false
        var index = 0
        while index < page.count {
            guard let start = page[index...].firstIndex(of: open) else { break }
            guard let end = page[start...].firstIndex(of: close) else { break }
            out.append(contentsOf: page[index..<start])
            let tag = UnsafeBufferPointer(rebasing: page[start...end])
            index = end + 1
            guard let name = tagName(tag) else {
                out.append(contentsOf: tag)
                continue
            }
            var added: [(String, String)] = []
            let responsive = responsiveDepth.last ?? false
            switch name {
            case .table:
                let isResponsive = hasClass(tag, "responsive")
                responsiveDepth.append(isResponsive)
                inHead = false
                if isResponsive { added.append(("role", "table")) }
            case .tableEnd:
                _ = responsiveDepth.popLast()
            case .thead:
                inHead = true
                if responsive { added.append(("role", "rowgroup")) }
            case .theadEnd:
                inHead = false
            case .tbody, .tfoot:
                inHead = false
                if responsive { added.append(("role", "rowgroup")) }
            case .tr:
                if responsive { added.append(("role", "row")) }
            case .th:
                if !responsiveDepth.isEmpty {
                    added.append(("scope", inHead ? "col" : "row"))
                    if responsive { added.append(("role", inHead ? "columnheader" : "rowheader")) }
                }
            case .td:
                if responsive { added.append(("role", "cell")) }
            }
            let missing = added.filter { !contains(tag, " \($0.0)=") }
            if missing.isEmpty {
                out.append(contentsOf: tag)
            } else {
                // After the page's own attributes, before the tag's `>`.
                changed = true
                out.append(contentsOf: tag[..<(tag.count - 1)])
                for (attribute, value) in missing { out.append(contentsOf: " \(attribute)=\"\(value)\"".utf8) }
                out.append(close)
            }
        }
        guard changed else { return nil }
        out.append(contentsOf: page[index...])
        return out
    }

    /// Which of the tags this pass reads `<th class="num">`, `</table>`… is, in any case; nil for any other.
    private static func tagName(_ tag: UnsafeBufferPointer<UInt8>) -> Tag? {
        // Up to six bytes of name, in lower case, packed into one integer: no allocation for the page's other tags.
        var name: UInt64 = 0
        var length = 0
        for (offset, byte) in tag.dropFirst().enumerated() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: ">") || (byte == UInt8(ascii: "/") && offset > 0) {
                break
            }
            guard length < 6 else { return nil }
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            name = name << 8 | UInt64(lower)
            length += 1
        }
        return tagNames[name]
    }

    /// The tags read, by their names packed as `tagName` packs them.
    private static let tagNames: [UInt64: Tag] = {
        let names: [(String, Tag)] = [
            ("table", .table), ("/table", .tableEnd), ("thead", .thead), ("/thead", .theadEnd), ("tbody", .tbody),
            ("tfoot", .tfoot), ("tr", .tr), ("th", .th), ("td", .td),
        ]
        return Dictionary(
            uniqueKeysWithValues: names.map { text, tag in (text.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }, tag) }
        )
    }()

    /// Whether the tag's `class` attribute lists `name`.
    private static func hasClass(_ tag: UnsafeBufferPointer<UInt8>, _ name: String) -> Bool {
        guard let start = firstRange(of: Array("class=\"".utf8), in: tag) else { return false }
        let value = tag[start...].prefix { $0 != UInt8(ascii: "\"") }
        return value.split(separator: UInt8(ascii: " ")).contains { $0.elementsEqual(name.utf8) }
    }

    private static func contains(_ tag: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        firstRange(of: Array(text.utf8), in: tag) != nil
    }

    /// The index just after the first occurrence of `pattern` in `tag`.
    private static func firstRange(of pattern: [UInt8], in tag: UnsafeBufferPointer<UInt8>) -> Int? {
        guard tag.count >= pattern.count else { return nil }
        for start in 0...(tag.count - pattern.count)
        where tag[start] == pattern[0] && tag[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start + pattern.count
        }
        return nil
    }
}
