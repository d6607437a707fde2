import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// The planner for the generated crimes' allocation history (`DemoAllocationPlanner`), over the stored
    /// force's investigators; nil when allocations are already stored, so a second load adds none, unless the
    /// crime step is `resuming` after a crash (the stored allocations are then its own earlier months').
    func allocationPlanner(resuming: Bool = false) async throws -> DemoAllocationPlanner? {
        if !resuming, try await AllocationDemoStore.hasAllocations(on: database) { return nil }
        let investigators = try await AllocationDemoStore.investigators(now: now, on: database)
        guard !investigators.isEmpty else { return nil }
        return DemoAllocationPlanner(seed: seed, investigators: investigators)
    }
}
