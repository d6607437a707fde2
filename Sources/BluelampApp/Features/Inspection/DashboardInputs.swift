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

/// Everything the indicators page reads for its first scope: the frameworks (for the areas' names), the figures now,
/// the latest daily snapshot of every scope, and the indicators whose thresholds the force has set.
struct IndicatorListInputs: Sendable {
    var frameworks: [InspectionFramework]
    var current: InspectionService.Current
    var latest: (day: String, values: [String: [String: Double?]])?
    var forceSet: Set<String>

    /// Roughly what the inputs hold, in readings.
    var readings: Int { current.readings.count + (latest?.values.values.reduce(0) { $0 + $1.count } ?? 0) }
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

/// What the inspection pages and the API read from the inspection tables, kept in this process under the version of
/// those tables (`InspectionStore.inputsVersion`) and the day it was read on (the figures' window and the trends end
/// on it). A read first reads the version, one row, and uses what is kept only when it is the same version on the same
/// day; any write to those tables, by this instance or another, changes the version, and the next read reads again.
///
/// Each kind of read is kept for each scope, within its own budget (reckoned in trend points or readings, each entry's
/// cost); when a budget is spent, everything of that kind is let go and it fills again.
final class KeptInspectionReads: Sendable {
    /// The dashboard's inputs, reckoned in trend points (each scope's year is about 35,000 at the Met's scale).
    let dashboards = KeptReads<DashboardInputs>(budget: 1_500_000)
    /// The figures now (`InspectionService.current(bcu:)`), reckoned in readings (about 100 a scope).
    let current = KeptReads<InspectionService.Current>(budget: 100_000)
    /// The indicators page's inputs, reckoned in readings (about 1,300 at the Met's scale).
    let indicatorLists = KeptReads<IndicatorListInputs>(budget: 200_000)
}

/// One kind of read kept for each scope under the version and the day it was read at (`KeptInspectionReads`).
final class KeptReads<Value: Sendable>: @unchecked Sendable {
    /// What a scope's value was read under: the tables' version and the day.
    private struct ReadAt: Hashable, Sendable {
        var version: Int64
        var day: String
    }

    private let kept: KeptBySlot<String, ReadAt, Value>
    private let lock = NSLock()
    private var reads = 0

    init(budget: Int) {
        kept = KeptBySlot(budget: budget)
    }

    /// The value kept for `scope` when it was read at `version` on `day`.
    func value(scope: String, version: Int64, day: String) -> Value? {
        kept.value(slot: scope, key: ReadAt(version: version, day: day))
    }

    /// Keeps `value` for `scope`, read at `version` on `day` and reckoned at `cost`, in place of what was kept for it.
    func keep(_ value: Value, scope: String, version: Int64, day: String, cost: Int) {
        lock.withLock { reads += 1 }
        kept.keep(value, slot: scope, key: ReadAt(version: version, day: day), cost: cost)
    }

    /// How many scopes are kept, what they are reckoned at, and how many times a value was read to be kept (for tests).
    var usage: (count: Int, points: Int, reads: Int) {
        let (count, points) = kept.usage
        return (count, points, lock.withLock { reads })
    }
}

extension InspectionService {
    /// What `read` gives for a scope, kept in `kind` of `keptReads`: from what was kept when the tables' version and the
    /// day are the same and every stored figure in it (`figuresAsOf`) is still young enough to show; otherwise read, and
    /// kept. Only with stored figures (`currentMaxAge` above 0): live figures change with every crime and officer, so
    /// without them every call reads. The caller decides which scopes are kept (those the refresher keeps figures for).
    func kept<Value: Sendable>(
        _ kind: KeyPath<KeptInspectionReads, KeptReads<Value>>, scope: String, figuresAsOf: (Value) -> [Date],
        cost: (Value) -> Int, read: () async throws -> Value
    ) async throws -> Value {
        guard let keptReads, currentMaxAge > 0, let version = try await InspectionStore.inputsVersion(on: database)
        else { return try await read() }
        let reads = keptReads[keyPath: kind]
        let day = IndicatorStore.dayString(now)
        if let found = reads.value(scope: scope, version: version, day: day),
            figuresAsOf(found).allSatisfy({
                IndicatorCurrentStore.isFresh(windowEnd: day, computedAt: $0, now: now, maxAge: currentMaxAge)
            })
        {
            return found
        }
        // Read after the version: what is kept under it is never older than it.
        let value = try await read()
        reads.keep(value, scope: scope, version: version, day: day, cost: cost(value))
        return value
    }

    /// The dashboard's inputs for a scope: kept (`kept(_:scope:figuresAsOf:cost:read:)`) for the force and the
    /// territorial BCUs, otherwise read.
    func dashboardInputs(bcu: BCU?) async throws -> DashboardInputs {
        guard IndicatorStore.snapshotScopes.contains(bcu) else { return try await readDashboardInputs(bcu: bcu) }
        return try await kept(
            \.dashboards, scope: IndicatorStore.scopeCode(bcu), figuresAsOf: { [$0.current.asOf, $0.force.asOf] },
            cost: \.points
        ) { try await readDashboardInputs(bcu: bcu) }
    }

    /// The indicators page's inputs for a scope: kept for the force and the territorial BCUs, otherwise read.
    func indicatorListInputs(bcu: BCU?) async throws -> IndicatorListInputs {
        guard IndicatorStore.snapshotScopes.contains(bcu) else { return try await readIndicatorListInputs(bcu: bcu) }
        return try await kept(
            \.indicatorLists, scope: IndicatorStore.scopeCode(bcu), figuresAsOf: { [$0.current.asOf] },
            cost: \.readings
        ) { try await readIndicatorListInputs(bcu: bcu) }
    }

    /// The indicators page's inputs read from the database.
    func readIndicatorListInputs(bcu: BCU?) async throws -> IndicatorListInputs {
        IndicatorListInputs(
            frameworks: try await frameworks(), current: try await current(bcu: bcu),
            latest: try await latestSnapshots(),
            forceSet: Set(try await IndicatorThresholdStore.all(on: database).keys))
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
