import Foundation

/// Cursor pagination: an opaque cursor (base64url of a small JSON position) and a page size of 1 to 200.
/// Lists fetch one row more than the page to know whether there is a next page.
enum APIPaging {
    static let defaultLimit = 50
    static let maxLimit = 200

    /// Where the next page starts: after this id (or sequence, or list position).
    struct Position: Codable, Equatable {
        /// The kind of list the cursor belongs to, so a cursor from one list is refused by another.
        var list: String
        var after: String
    }

    static func limit(_ value: Int?) throws -> Int {
        guard let value else { return defaultLimit }
        guard (1...maxLimit).contains(value) else {
            throw APIError.validation(field: "limit", "must be from 1 to \(maxLimit)")
        }
        return value
    }

    /// Sorted keys, so that every instance gives the same cursor for the same position.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func encode(list: String, after: String) -> String {
        let data = (try? encoder.encode(Position(list: list, after: after))) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_"
        )
        .replacingOccurrences(of: "=", with: "")
    }

    /// The position a cursor names, or nil for the first page; a 400 naming `cursor` when it is not one of ours.
    static func decode(_ cursor: String?, list: String) throws -> String? {
        guard let cursor, !cursor.isEmpty else { return nil }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let position = try? JSONDecoder().decode(Position.self, from: data),
            position.list == list
        else { throw APIError.badRequest(field: "cursor", "is not a cursor this list gave out") }
        return position.after
    }

    /// An integer position (an id), or a 400 naming `cursor`.
    static func decodeID(_ cursor: String?, list: String) throws -> Int? {
        guard let after = try decode(cursor, list: list) else { return nil }
        guard let id = Int(after) else {
            throw APIError.badRequest(field: "cursor", "is not a cursor this list gave out")
        }
        return id
    }

    /// Splits the rows fetched (up to `limit + 1`) into the page and the next cursor.
    static func page<Row>(_ rows: [Row], limit: Int, list: String, position: (Row) -> String) -> (
        items: [Row], next: String?
    ) {
        guard rows.count > limit else { return (rows, nil) }
        let items = Array(rows.prefix(limit))
        return (items, items.last.map { encode(list: list, after: position($0)) })
    }

    /// A page of a list held in memory (a short list such as BCUs or a person's tokens), by a unique key.
    static func page<Row>(
        of all: [Row], cursor: String?, limit: Int, list: String, key: (Row) -> String
    ) throws -> (items: [Row], next: String?) {
        var start = 0
        if let after = try decode(cursor, list: list) {
            guard let index = all.firstIndex(where: { key($0) == after }) else {
                throw APIError.badRequest(field: "cursor", "points at an item that is no longer in the list")
            }
            start = index + 1
        }
        return page(Array(all[start...].prefix(limit + 1)), limit: limit, list: list, position: key)
    }
}
