import Foundation

/// HTML already rendered for a part of a page, kept by the value it was rendered from: for a part whose HTML is a
/// function of that value alone (the dashboard's area cards), an equal value gives the same bytes, so what is kept is
/// exact. Nothing goes stale: a changed figure, finding or day is a different key. Kept within a budget of bytes
/// (each entry's HTML and what its key holds, as the caller reckons it); when the budget is spent, everything kept is
/// let go and the cache fills again.
final class RenderedFragments<Key: Hashable & Sendable>: @unchecked Sendable {
    let budget: Int

    private let lock = NSLock()
    private var kept: [Key: String] = [:]
    private var spent = 0

    init(budget: Int) {
        self.budget = budget
    }

    /// The HTML for `key`: kept from an earlier call, or rendered now and kept. `keyBytes` is roughly what the key
    /// holds in memory.
    func html(for key: Key, keyBytes: Int, render: () -> String) -> String {
        if let found = lock.withLock({ kept[key] }) { return found }
        let html = render()
        let cost = html.utf8.count + keyBytes
        guard cost <= budget else { return html }
        lock.withLock {
            if spent + cost > budget {
                kept.removeAll()
                spent = 0
            }
            if kept.updateValue(html, forKey: key) == nil { spent += cost }
        }
        return html
    }

    /// How many renderings are kept (for tests).
    var count: Int { lock.withLock { kept.count } }
}
