import Plot

/// The order a list is shown in, as its `sort` parameter says: a column's key, `-` before it for the reverse
/// (`sort=name`, `sort=-recorded`). A list offers its own keys; anything else is refused by the list's form.
struct SortOrder: Sendable, Hashable {
    var key: String
    var descending: Bool

    /// The order `parameter` asks for, when it is one of `keys`; `fallback` when it is empty; nil when it is
    /// neither, for the page to refuse.
    init?(parameter: String?, keys: [String], fallback: SortOrder) {
        let text = (parameter ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            self = fallback
            return
        }
        let descending = text.hasPrefix("-")
        let key = descending ? String(text.dropFirst()) : text
        guard keys.contains(key) else { return nil }
        self.init(key: key, descending: descending)
    }

    init(key: String, descending: Bool = false) {
        self.key = key
        self.descending = descending
    }

    var parameter: String { descending ? "-" + key : key }
}

extension Part {
    /// A column heading that orders the list by its column: a link to the list in that order, or in the reverse
    /// when it is already so ordered. The ordered column says which way (`aria-sort`, and an arrow to the eye).
    /// `query` is the list's filters; paging starts again from the first page.
    static func sortHeader(
        _ label: String, key: String, order: SortOrder, basePath: String, query: [(String, String)],
        firstDescending: Bool = false
    ) -> Node<HTML.TableRowContext> {
        let sorted = order.key == key
        let next =
            sorted
            ? SortOrder(key: key, descending: !order.descending) : SortOrder(key: key, descending: firstDescending)
        let items =
            query.filter { !$0.1.isEmpty && !["sort", "offset", "after", "start"].contains($0.0) }
            + [("sort", next.parameter)]
        return .th(
            .class("sortable"),
            .if(sorted, .attribute(named: "aria-sort", value: order.descending ? "descending" : "ascending")),
            .a(
                .href(Paths.address(basePath, query: items.map { ($0.0, $0.1) })),
                .text(label),
                .span(
                    .class("sort-arrow"), .attribute(named: "aria-hidden", value: "true"),
                    .text(sorted ? (order.descending ? " ▼" : " ▲") : " ⇅"))))
    }
}
