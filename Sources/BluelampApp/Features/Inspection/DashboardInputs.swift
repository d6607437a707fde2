import BluelampCore
import BluelampPersistence
import Foundation

/// Everything the PEEL dashboard reads for one scope: the frameworks, the figures now (the scope's and the force's),
/// a year of daily snapshots, the inspections, the unresolved findings and the monitoring periods. What is worked out
/// from them at the moment of a view (the reminders, the early warning, the period now, the links a viewer may follow)
/// is not here, so the same inputs serve every viewer and every minute while they hold.
struct DashboardInputs: Sendable {
    var frameworks: [InspectionFramework]
    var current: InspectionService.Current
    /// The force's figures; the same as `current` for the force's own view.
    var force: InspectionService.Current
    var trends: [String: [IndicatorPoint]]
    var inspections: [StoredInspection]
    var findings: [StoredFinding]
    var periods: [StoredMonitoringPeriod]
    /// What views work out from these inputs alone, kept with them while they are kept.
    var derived = DerivedFromInputs()

    /// Roughly what the inputs hold in memory, in trend points (by far the most of it).
    var points: Int { trends.values.reduce(0) { $0 + $1.count } }
}

/// The dashboard's area cards worked out from one read of its inputs, for each set of permissions a viewer holds (the
/// cards' links are those the viewer may follow). The cards are a function of the inputs, their scope and day, and
/// those permissions, so a later view of the same kept inputs by a viewer with the same permissions has the same cards.
final class DerivedFromInputs: @unchecked Sendable {
    private let lock = NSLock()
    private var cards: [[Permission]: [InspectionDashboardPage.AreaCard]] = [:]

    /// The cards for a viewer holding `permissions`: kept, or built now and kept (for up to 32 sets of permissions).
    func cards(for permissions: [Permission], build: () -> [InspectionDashboardPage.AreaCard])
        -> [InspectionDashboardPage.AreaCard]
    {
        if let found = lock.withLock({ cards[permissions] }) { return found }
        let built = build()
        lock.withLock { if cards.count < 32 { cards[permissions] = built } }
        return built
    }
}

/// The dashboard's inputs kept in this process for each scope, under the version of the tables they were read from
/// (`InspectionStore.inputsVersion`) and the day they were read on (the figures' window and the trends end on it). A
/// view reads the version, one row, and uses what is kept only when it is the same version on the same day; any write
/// to those tables, by this instance or another, changes the version, and the next view reads them again.
///
/// Kept within a budget of trend points (each scope's year is about 35,000 at the Met's scale); when it is spent,
/// everything kept is let go and the cache fills again.
final class KeptDashboardInputs: @unchecked Sendable {
    /// What a scope's inputs were read under: the tables' version and the day.
    private struct ReadAt: Hashable, Sendable {
        var version: Int64
        var day: String
    }

    private let kept: KeptBySlot<String, ReadAt, DashboardInputs>
    private let lock = NSLock()
    private var reads = 0

    init(budget: Int = 1_500_000) {
        kept = KeptBySlot(budget: budget)
    }

    /// The inputs kept for `scope` when they were read at `version` on `day`.
    func inputs(scope: String, version: Int64, day: String) -> DashboardInputs? {
        kept.value(slot: scope, key: ReadAt(version: version, day: day))
    }

    /// Keeps `inputs` for `scope`, read at `version` on `day`, in place of what was kept for it.
    func keep(_ inputs: DashboardInputs, scope: String, version: Int64, day: String) {
        lock.withLock { reads += 1 }
        kept.keep(inputs, slot: scope, key: ReadAt(version: version, day: day), cost: inputs.points)
    }

    /// How many scopes are kept, their trend points, and how many times inputs were read to be kept (for tests).
    var usage: (count: Int, points: Int, reads: Int) {
        let (count, points) = kept.usage
        return (count, points, lock.withLock { reads })
    }
}

extension InspectionService {
    /// The dashboard's inputs for a scope. With stored figures (`currentMaxAge` above 0) and a place to keep them
    /// (`keptInputs`), they come from what was kept when the tables' version and the day are the same and the figures
    /// are still young enough to show; otherwise they are read, and kept. Without stored figures every view reads them,
    /// since live figures change with every crime and officer.
    func dashboardInputs(bcu: BCU?) async throws -> DashboardInputs {
        guard let keptInputs, currentMaxAge > 0, IndicatorStore.snapshotScopes.contains(bcu),
            let version = try await InspectionStore.inputsVersion(on: database)
        else { return try await readDashboardInputs(bcu: bcu) }
        let scope = IndicatorStore.scopeCode(bcu)
        let day = IndicatorStore.dayString(now)
        if let found = keptInputs.inputs(scope: scope, version: version, day: day),
            [found.current, found.force].allSatisfy({
                IndicatorCurrentStore.isFresh(windowEnd: day, computedAt: $0.asOf, now: now, maxAge: currentMaxAge)
            })
        {
            return found
        }
        // Read after the version: what is kept under it is never older than it.
        let inputs = try await readDashboardInputs(bcu: bcu)
        keptInputs.keep(inputs, scope: scope, version: version, day: day)
        return inputs
    }

    /// The dashboard's inputs read from the database.
    func readDashboardInputs(bcu: BCU?) async throws -> DashboardInputs {
        let frameworks = try await frameworks()
        let current = try await current(bcu: bcu)
        return DashboardInputs(
            frameworks: frameworks, current: current, force: bcu == nil ? current : try await self.current(bcu: nil),
            trends: try await trends(bcu: bcu), inspections: try await storedInspections(),
            findings: try await findings(FindingFilter(unresolvedOnly: true)), periods: try await periods())
    }

    /// The monitoring period covering now among `periods`, if any.
    func currentPeriod(in periods: [StoredMonitoringPeriod]) -> StoredMonitoringPeriod? {
        periods.last { $0.period.contains(now) }
    }
}
