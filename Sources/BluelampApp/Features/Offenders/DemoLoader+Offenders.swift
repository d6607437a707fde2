import BluelampCore
import BluelampPersistence
import Foundation

extension DemoLoader {
    /// Registered sex offenders with their visit histories, the IOM cohort and wanted suspects, generated
    /// from the seed over the officers already in the database, when the register is empty (issue 8).
    func loadOffenders(progress: TerminalProgress?) async throws {
        guard try await !OffenderDemoStore.hasOffenders(on: database) else { return }
        let officers = try await OffenderDemoStore.officers(on: database)
        guard !officers.isEmpty else { return }
        let today = OffenderCalendar.day(containing: now, in: OffenderService.london)
        let records = DemoOffenderGenerator(seed: seed, scale: scale, today: today).generate(officers: officers)
        try await OffenderDemoStore.insert(records, now: now, on: database) { label, done, total in
            progress?.report(label, done, total)
        }
    }
}
