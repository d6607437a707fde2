import Plot

/// Text for a page, escaped over its UTF-8 bytes: `&`, `<` and `>` become entities and everything else is written as
/// it is, which is all text inside an element needs. Plot's own `.text` does the same a character at a time, through a
/// closure and a new string for each, which on the indicators page (3,700 table cells) cost a fifth of the request.
/// Use it where a page writes text in bulk; it differs from Plot's only in escaping an `&` that begins something shaped
/// like an entity (Plot leaves `&amp;` as it is; this writes `&amp;amp;`, showing what was typed).
enum HTMLText {
    static func escape(_ text: String) -> String { escape(text, quotes: false) }

    /// `text` for an attribute value Plot writes as given: as `escape`, and `"` as `&quot;` too.
    static func attribute(_ text: String) -> String { escape(text, quotes: true) }

    private static func escape(_ text: String, quotes: Bool) -> String {
        let utf8 = text.utf8
        func needsEscaping(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || (quotes && byte == UInt8(ascii: "\""))
        }
        guard utf8.contains(where: needsEscaping) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\"") where quotes: out += Array("&quot;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Node {
    /// `text`, escaped by `HTMLText`.
    static func plain(_ text: String) -> Node { .raw(HTMLText.escape(text)) }
}
