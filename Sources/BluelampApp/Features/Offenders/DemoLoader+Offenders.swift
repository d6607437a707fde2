import BluelampCore
import BluelampPersistence
import Foundation

extension DemoLoader {
    /// Registered sex offenders with their visit histories, the IOM cohort and wanted suspects, generated
    /// from the seed over the officers and crimes already in the database, when the register is empty
    /// (issue 8). Run after the crimes: the wanted suspects are the crimes' named suspects.
    func loadOffenders(progress: TerminalProgress?) async throws {
        guard try await !OffenderDemoStore.hasOffenders(on: database) else { return }
        let officers = try await OffenderDemoStore.officers(on: database)
        guard !officers.isEmpty else { return }
        let today = OffenderCalendar.day(containing: now, in: OffenderService.london)
        // The wanted list is the crimes' named suspects (loaded first), some since arrested or circulated.
        let suspects = try await OffenderStore.unlistedCrimeSuspects(bcus: nil, on: database)
        let records = DemoOffenderGenerator(seed: seed, scale: scale, today: today).generate(
            officers: officers, suspects: suspects)
        try await OffenderDemoStore.insert(records, now: now, on: database) { label, done, total in
            progress?.report(label, done, total)
        }
        // As the daily job would: any escalation the histories make due, any suspect not yet listed.
        progress?.report("Offender daily work", 0, 1)
        try await OffenderDailyWork.run(on: database, now: now)
        progress?.report("Offender daily work", 1, 1)
    }
}
