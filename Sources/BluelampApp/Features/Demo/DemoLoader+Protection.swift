import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// DVPNs and DVPOs, Clare's Law requests and missing episodes over the last 120 days (`DemoProtection`), each
    /// territorial BCU with a superintendent to authorise its notices; none when such records are already stored.
    func loadProtection(progress: TerminalProgress?) async throws {
        guard try await !ProtectionOrderDemoStore.hasRecords(on: database) else { return }
        let records = try DemoProtection.generate(
            seed: seed, scale: scale, now: now, days: Int(Self.investigationDays),
            calendar: try BankHolidayCalendar.bundled())
        try await ProtectionOrderDemoStore.insert(records, now: now, on: database)
        progress?.report(
            "Orders, disclosures, missing people", records.episodes.count + records.orders.count,
            records.episodes.count + records.orders.count)
    }
}
