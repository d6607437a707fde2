import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// The planner for the generated crimes' allocation history (`DemoAllocationPlanner`), over the stored
    /// force's investigators; nil when allocations are already stored, so a second load adds none.
    func allocationPlanner() async throws -> DemoAllocationPlanner? {
        guard try await !AllocationDemoStore.hasAllocations(on: database) else { return nil }
        let investigators = try await AllocationDemoStore.investigators(now: now, on: database)
        guard !investigators.isEmpty else { return nil }
        return DemoAllocationPlanner(seed: seed, investigators: investigators)
    }
}
