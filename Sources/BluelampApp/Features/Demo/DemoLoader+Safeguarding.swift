import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// How far back the demo writes DASH assessments: domestic abuse crimes reported in the last 120 days, enough for
    /// every indicator's 30-day window and trend.
    static let safeguardingDays = 120.0

    /// How far back the demo flags mental health: two years, past the 13 months that any figure or trend reads
    /// (twelve months of daily history, each over its 30-day window).
    static let mentalHealthDays = 730.0

    /// Mental health flags on a few percent of the crimes of the last two years, repeat domestic abuse victims, and
    /// DASH assessments with their reviews and MARAC referrals on the domestic abuse crimes of the last 120 days
    /// (`DemoSafeguarding`); nothing when assessments are stored.
    func loadSafeguarding(progress: TerminalProgress?) async throws {
        guard try await !DashDemoStore.hasAssessments(on: database) else { return }
        try await DashDemoStore.flagMentalHealth(
            percent: DemoSafeguarding.mentalHealthPercent, seed: seed,
            reportedSince: now.addingTimeInterval(-Self.mentalHealthDays * 86_400), on: database)
        let since = now.addingTimeInterval(-Self.safeguardingDays * 86_400)
        // Repeat victims over the 12 months before the DASH window as well, so potential escalation can be seen.
        let links = try await DashDemoStore.domesticVictimLinks(
            since: since.addingTimeInterval(-365 * 86_400), on: database)
        try await DashDemoStore.relink(DemoSafeguarding.repeatVictims(links, seed: seed), on: database)
        var after = 0
        var done = 0
        while true {
            let cases = try await DashDemoStore.cases(since: since, afterID: after, limit: 5_000, on: database)
            guard let last = DashDemoStore.lastCrimeID(cases) else { break }
            let dashes = cases.compactMap {
                DemoSafeguarding.dash(for: $0, seed: seed, now: now, policy: .standard)
            }
            try await DashDemoStore.insert(dashes, author: "Response officer", on: database)
            after = last
            done += dashes.count
            progress?.report("DASH assessments", done, done)
        }
    }
}
