import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// How far back the demo writes investigation histories: crimes first allocated in the last 120 days, enough for
    /// four review cycles and every indicator's 30-day window and trend.
    static let investigationDays = 120.0

    /// Investigation histories for the crimes allocated in the last 120 days (`DemoInvestigations`): plans, logs,
    /// reviews, victims' care, key events with their clocks and contacts, with imperfect compliance; none when
    /// histories are already stored.
    func loadInvestigations(progress: TerminalProgress?) async throws {
        guard try await !InvestigationDemoStore.hasInvestigations(on: database) else { return }
        let calendar = try BankHolidayCalendar.bundled()
        let since = now.addingTimeInterval(-Self.investigationDays * 86_400)
        var after = 0
        var done = 0
        while true {
            let cases = try await InvestigationDemoStore.cases(since: since, afterID: after, limit: 5_000, on: database)
            guard let last = cases.last else { break }
            let histories = cases.map {
                DemoInvestigations.history(
                    of: $0, seed: seed, now: now, policy: .standard, calendar: calendar,
                    reviewer: "Team supervisor (DS)")
            }
            try await InvestigationDemoStore.insert(histories, on: database)
            after = last.crimeID
            done += cases.count
            progress?.report("Investigations", done, done)
        }
    }
}
