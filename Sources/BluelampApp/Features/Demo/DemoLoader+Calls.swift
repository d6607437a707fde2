import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// How far back the demo's calls go: a year, so every monthly figure and trend has its data.
    static let callDays = 365

    /// A year of calls from the public up to today (`DemoCalls`), a day at a time in bulk inserts; none when calls
    /// that are not the demo's are stored (imported).
    ///
    /// Resumable: each day is written in one transaction and the days in order, so after a crash a re-run starts
    /// again at the newest day stored (its calls are skipped by id) and writes the rest, as an uninterrupted run
    /// would. Nothing is added when today's calls are stored.
    func loadCalls(progress: TerminalProgress?) async throws {
        let latest = try await CallStore.latestDemoCallDay(on: database)
        if latest == nil, try await CallStore.count(on: database) > 0 { return }
        let today = CalendarDay(containing: now, in: .london)
        if let latest, latest >= Self.compact(today) { return }
        for offset in stride(from: Self.callDays, through: 0, by: -1) {
            let day = today.adding(days: -offset)
            if let latest, Self.compact(day) < latest { continue }
            let calls = DemoCalls.calls(on: day, scale: scale, seed: seed).filter { $0.receivedAt <= now }
            try await database.transaction { db in try await CallStore.insert(calls, on: db) }
            progress?.report("Calls", Self.callDays - offset + 1, Self.callDays + 1)
        }
    }

    /// The day as a demo call's id holds it: `yyyyMMdd`.
    private static func compact(_ day: CalendarDay) -> String { day.text.replacingOccurrences(of: "-", with: "") }
}
