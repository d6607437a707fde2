import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// How far back the demo's device submissions go.
    static let forensicsDays = 120

    /// Device submissions to the digital forensics unit from the last 120 days' crimes (`DemoForensics`); none when
    /// submissions are already stored.
    func loadForensics(progress: TerminalProgress?) async throws {
        guard try await !ForensicsStore.hasSubmissions(on: database) else { return }
        let since = now.addingTimeInterval(-Double(Self.forensicsDays) * 86_400)
        let crimes = try await ForensicsStore.demoCrimes(since: since, on: database)
        let submissions = DemoForensics.submissions(
            from: crimes, days: Self.forensicsDays, now: now, seed: seed, holidays: try BankHolidayCalendar.bundled())
        try await database.transaction { db in try await ForensicsStore.insert(submissions, on: db) }
        progress?.report("Forensics", submissions.count, submissions.count)
    }
}
