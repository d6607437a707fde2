import Foundation

/// Values kept in this process by what they were made from, one key a slot: a newer key in a slot takes the place of
/// the older, so figures refreshed every few minutes do not pile up. All of it is kept within a budget (each entry's
/// cost, as the caller reckons it); when the budget is spent, everything kept is let go and the cache fills again.
///
/// Looking up and keeping are two calls, so a caller may make its value asynchronously, or check it, in between.
final class KeptBySlot<Slot: Hashable & Sendable, Key: Hashable & Sendable, Value>: @unchecked Sendable {
    let budget: Int

    private struct Entry {
        var key: Key
        var value: Value
        var cost: Int
    }

    private let lock = NSLock()
    private var kept: [Slot: Entry] = [:]
    private var spent = 0

    init(budget: Int) {
        self.budget = budget
    }

    /// The value kept in `slot` under an equal key, if any.
    func value(slot: Slot, key: Key) -> Value? {
        lock.withLock {
            guard let found = kept[slot], found.key == key else { return nil }
            return found.value
        }
    }

    /// Keeps `value`, made from `key` at `cost`, in `slot` in place of what the slot held. A value costing more than
    /// the whole budget is not kept.
    func keep(_ value: Value, slot: Slot, key: Key, cost: Int) {
        guard cost <= budget else { return }
        lock.withLock {
            if let older = kept.removeValue(forKey: slot) { spent -= older.cost }
            if spent + cost > budget {
                kept.removeAll()
                spent = 0
            }
            kept[slot] = Entry(key: key, value: value, cost: cost)
            spent += cost
        }
    }

    /// How many values are kept, and what they are reckoned to cost (for tests).
    var usage: (count: Int, bytes: Int) { lock.withLock { (kept.count, spent) } }
}

/// HTML already rendered for a part of a page, kept by the value it was rendered from: for a part whose HTML is a
/// function of that value alone (the dashboard's area cards), an equal value gives the same bytes, so what is kept is
/// exact. Nothing goes stale: a changed figure, finding or day is a different key, and is rendered anew. A slot is,
/// for a card, its area, scope and the links its viewer may follow; the budget is in bytes (each entry's HTML and what
/// its key holds).
typealias RenderedFragments<Slot: Hashable & Sendable, Key: Hashable & Sendable> = KeptBySlot<Slot, Key, String>

extension KeptBySlot where Value == String {
    /// The HTML for `key`: kept in `slot` from an earlier call with an equal key, or rendered now and kept there in
    /// place of what the slot held. `keyBytes` is roughly what the key holds in memory.
    func html(slot: Slot, key: Key, keyBytes: Int, render: () -> String) -> String {
        if let found = value(slot: slot, key: key) { return found }
        let html = render()
        keep(html, slot: slot, key: key, cost: html.utf8.count + keyBytes)
        return html
    }
}
