import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// How far back the demo's calls go: a year, so every monthly figure and trend has its data.
    static let callDays = 365

    /// A year of calls from the public up to today (`DemoCalls`), a day at a time in bulk inserts; none when calls are
    /// already stored.
    func loadCalls(progress: TerminalProgress?) async throws {
        guard try await CallStore.count(on: database) == 0 else { return }
        let today = CalendarDay(containing: now, in: .london)
        for offset in stride(from: Self.callDays, through: 0, by: -1) {
            let day = today.adding(days: -offset)
            let calls = DemoCalls.calls(on: day, scale: scale, seed: seed).filter { $0.receivedAt <= now }
            try await database.transaction { db in try await CallStore.insert(calls, on: db) }
            progress?.report("Calls", Self.callDays - offset + 1, Self.callDays + 1)
        }
    }
}
