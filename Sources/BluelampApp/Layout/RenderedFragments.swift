import Foundation

/// HTML already rendered for a part of a page, kept by the value it was rendered from: for a part whose HTML is a
/// function of that value alone (the dashboard's area cards), an equal value gives the same bytes, so what is kept is
/// exact. Nothing goes stale: a changed figure, finding or day is a different key, and is rendered anew.
///
/// Each rendering is kept in a slot (for a card: its area, scope and the links its viewer may follow), one key at a
/// time: a newer key in a slot takes the place of the older, so figures refreshed every few minutes do not pile up.
/// All of it is kept within a budget of bytes (each entry's HTML and what its key holds, as the caller reckons it);
/// when the budget is spent, everything kept is let go and the cache fills again.
final class RenderedFragments<Slot: Hashable & Sendable, Key: Hashable & Sendable>: @unchecked Sendable {
    let budget: Int

    private struct Entry {
        var key: Key
        var html: String
        var cost: Int
    }

    private let lock = NSLock()
    private var kept: [Slot: Entry] = [:]
    private var spent = 0

    init(budget: Int) {
        self.budget = budget
    }

    /// The HTML for `key`: kept in `slot` from an earlier call with an equal key, or rendered now and kept there in
    /// place of what the slot held. `keyBytes` is roughly what the key holds in memory.
    func html(slot: Slot, key: Key, keyBytes: Int, render: () -> String) -> String {
        if let found = lock.withLock({ kept[slot] }), found.key == key { return found.html }
        let html = render()
        let cost = html.utf8.count + keyBytes
        guard cost <= budget else { return html }
        lock.withLock {
            if let older = kept.removeValue(forKey: slot) { spent -= older.cost }
            if spent + cost > budget {
                kept.removeAll()
                spent = 0
            }
            kept[slot] = Entry(key: key, html: html, cost: cost)
            spent += cost
        }
        return html
    }

    /// How many renderings are kept, and the bytes they are reckoned at (for tests).
    var usage: (count: Int, bytes: Int) { lock.withLock { (kept.count, spent) } }
}
