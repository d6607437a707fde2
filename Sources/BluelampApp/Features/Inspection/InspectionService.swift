import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

/// Reads inspection data through the stores and applies the core rules to it (milestone RAG, reminders, early
/// warning): data, never page models (`InspectionPageModels` puts those together). Takes the database and `now`,
/// so routes, commands and tests call it alike.
struct InspectionService {
    var database: any Database
    var now: Date
    var sources: [any IndicatorSource] = IndicatorSources.all

    // MARK: - Frameworks

    /// The frameworks: the shipped files synced into the table (idempotently), then every stored one.
    func frameworks() async throws -> [InspectionFramework] {
        let files = try InspectionResources.frameworks.get()
        try await InspectionStore.syncFrameworks(files, on: database, now: now)
        return try await InspectionStore.frameworks(on: database)
    }

    /// The framework the dashboard judges against: the newest one no other framework continues
    /// (PEEL 2023–25 today; a later framework file naming it as a predecessor takes over).
    static func current(_ frameworks: [InspectionFramework]) -> InspectionFramework? {
        let continued = Set(frameworks.flatMap { $0.areas.flatMap { $0.predecessors.map(\.frameworkID) } })
        return frameworks.filter { !continued.contains($0.id) }.max { $0.years < $1.years } ?? frameworks.last
    }

    /// An area and every earlier area it continues (following `predecessors`), so findings and
    /// grades from earlier frameworks show under today's area.
    static func lineage(of area: InspectionAreaReference, in frameworks: [InspectionFramework])
        -> Set<InspectionAreaReference>
    {
        var found: Set<InspectionAreaReference> = []
        var queue = [area]
        while let next = queue.popLast() {
            guard found.insert(next).inserted else { continue }
            queue += frameworks.first { $0.id == next.frameworkID }?.area(id: next.areaID)?.predecessors ?? []
        }
        return found
    }

    /// Every area of every framework that some area of `framework` continues.
    static func covered(by framework: InspectionFramework, in frameworks: [InspectionFramework])
        -> Set<InspectionAreaReference>
    {
        framework.areas.reduce(into: []) { result, area in
            result.formUnion(
                lineage(of: InspectionAreaReference(frameworkID: framework.id, areaID: area.id), in: frameworks))
        }
    }

    static func areaName(_ reference: InspectionAreaReference, in frameworks: [InspectionFramework]) -> String {
        frameworks.first { $0.id == reference.frameworkID }?.area(id: reference.areaID)?.name ?? reference.areaID
    }

    // MARK: - Indicators

    /// The window every figure covers now.
    var window: DateInterval { IndicatorStore.window(endingOn: now) }

    /// How old the stored figures (`IndicatorCurrentStore`) may be and still be shown; 0 computes every reading
    /// from the records. The server sets it from `BLUELAMP_INDICATOR_REFRESH_SECONDS` (`forRequest`).
    var currentMaxAge: TimeInterval = 0
    /// The application's SQLite write gate, for storing figures computed on a reader's request.
    var gate: SQLiteWriteGate? = nil
    /// Where what the inspection pages read is kept between requests (`kept(_:scope:figuresAsOf:cost:read:)`); nil
    /// reads it every time.
    var keptReads: KeptInspectionReads? = nil

    /// The service a request uses: its database and clock, and the stored figures as the settings allow.
    static func forRequest(_ req: Request) -> InspectionService {
        let refresh = req.application.settings.settings.indicatorRefresh
        return InspectionService(
            database: req.db, now: req.now, currentMaxAge: IndicatorRefresher.maxAge(refresh: refresh),
            gate: req.application.auditWriter?.gate, keptReads: req.application.keptInspectionReads)
    }

    /// Every indicator's reading for a scope, and when it was computed.
    struct Current: Sendable {
        var readings: [IndicatorReading]
        var asOf: Date
    }

    /// The readings now: the stored figures when they are today's and young enough (the force and the territorial
    /// BCUs are kept up to date by `IndicatorRefresher`), otherwise computed from the records, and then stored for
    /// the next reader. Either way they are what `IndicatorStore.readings` gives for the window at `asOf`. The stored
    /// figures' readings are kept between requests while the tables they come from are unchanged (`kept`).
    func current(bcu: BCU?) async throws -> Current {
        guard currentMaxAge > 0, IndicatorStore.snapshotScopes.contains(bcu) else {
            return Current(
                readings: try await IndicatorStore.readings(period: window, bcu: bcu, on: database, sources: sources),
                asOf: now)
        }
        return try await kept(
            \.current, scope: IndicatorStore.scopeCode(bcu), figuresAsOf: { [$0.asOf] }, cost: \.readings.count
        ) { try await storedCurrent(bcu: bcu) }
    }

    /// The stored figures for a scope the refresher keeps, refreshed first when they are missing or too old.
    private func storedCurrent(bcu: BCU?) async throws -> Current {
        let figures: IndicatorCurrent
        if let stored = try await IndicatorCurrentStore.current(
            scope: bcu, now: now, maxAge: currentMaxAge, on: database, sources: sources)
        {
            figures = stored
        } else {
            let fresh = try await IndicatorCurrentStore.refresh(
                scopes: [bcu], now: now, on: database, gate: gate, sources: sources)
            guard let computed = fresh[IndicatorStore.scopeCode(bcu)] else { throw Abort(.internalServerError) }
            figures = computed
        }
        return Current(
            readings: try await IndicatorStore.readings(figures, on: database, sources: sources),
            asOf: figures.computedAt)
    }

    func readings(bcu: BCU?) async throws -> [IndicatorReading] {
        try await current(bcu: bcu).readings
    }

    /// A year of daily snapshots for the scope, by indicator.
    func trends(bcu: BCU?) async throws -> [String: [IndicatorPoint]] {
        try await IndicatorStore.trends(
            scopeCode: IndicatorStore.scopeCode(bcu),
            fromDay: IndicatorStore.dayString(now.addingTimeInterval(-364 * 86_400)),
            toDay: IndicatorStore.dayString(now), on: database)
    }

    /// The scopes a principal may filter the dashboard by: the whole force (with a force-wide grant)
    /// and each territorial BCU in scope.
    static func scopeOptions(for principal: Principal) -> [BCU?] {
        guard let scope = principal.scope(for: .viewInspection) else { return [] }
        return (scope.isForce ? [nil] : []) + BCU.territorial.filter { scope.covers($0) }.map(Optional.some)
    }

    // MARK: - Records

    struct NoFramework: Error, CustomStringConvertible {
        var description: String { "no inspection framework is loaded" }
    }

    /// The inspections held, with their findings' ids.
    func storedInspections() async throws -> [StoredInspection] {
        try await InspectionStore.inspections(on: database)
    }

    func findings(_ filter: FindingFilter) async throws -> [StoredFinding] {
        try await FindingStore.findings(matching: filter, on: database)
    }

    func evidence(findingID: Int) async throws -> [StoredEvidence] {
        try await FindingStore.evidence(findingID: findingID, on: database)
    }

    /// The evidence of each of the findings, read at once.
    func evidence(findingIDs: [Int]) async throws -> [Int: [StoredEvidence]] {
        try await FindingStore.evidence(findingIDs: findingIDs, on: database)
    }

    /// The monitoring periods as stored.
    func periods() async throws -> [StoredMonitoringPeriod] {
        try await MonitoringStore.periods(on: database)
    }

    // MARK: - Indicator metadata

    func definitions() -> [IndicatorDefinition] {
        IndicatorStore.definitions(sources: sources)
    }

    func history(of id: String) -> IndicatorHistory {
        IndicatorStore.history(of: id, sources: sources)
    }

    /// The lists of records behind an indicator's figure now, for the scope.
    func recordsBehind(_ id: String, bcu: BCU?) -> [IndicatorRecordsLink] {
        IndicatorStore.records(behind: id, period: window, bcu: bcu, sources: sources)
    }

    /// The latest daily snapshot of every indicator in every scope, if one was taken.
    func latestSnapshots() async throws -> (day: String, values: [String: [String: Double?]])? {
        try await IndicatorStore.latestSnapshots(on: database)
    }

    // MARK: - Reminders

    struct Reminder: Hashable, Sendable {
        var finding: StoredFinding
        var reminder: FindingReminder
    }

    /// Reminders for findings (overdue first), optionally only those one user owns.
    func reminders(ownerUserID: Int? = nil) async throws -> [Reminder] {
        reminders(
            in: try await FindingStore.findings(
                matching: FindingFilter(unresolvedOnly: true, ownerUserID: ownerUserID), on: database))
    }

    /// Reminders for the unresolved findings among `findings` (overdue first), for a page that has read them already.
    func reminders(in findings: [StoredFinding]) -> [Reminder] {
        let policy = FindingReminderPolicy()
        return findings.filter { !$0.finding.status.isResolved }.compactMap { stored in
            policy.reminder(for: stored.finding, now: now).map { Reminder(finding: stored, reminder: $0) }
        }
        .sorted { a, b in
            if a.reminder.kind != b.reminder.kind { return a.reminder.kind == .overdue }
            return a.reminder.due < b.reminder.due
        }
    }

    // MARK: - Monitoring

    /// The period covering now, if any.
    func currentPeriod() async throws -> StoredMonitoringPeriod? {
        currentPeriod(in: try await MonitoringStore.periods(on: database))
    }

    /// Each milestone with its RAG status against the force-wide readings.
    func assessedMilestones(readings: [IndicatorReading]) async throws -> [(StoredMilestone, MilestoneAssessment)] {
        let rule = MilestoneRAGRule()
        return try await MonitoringStore.milestones(on: database).map {
            ($0, rule.assess($0.milestone, readings: readings, now: now))
        }
    }

    func earlyWarning(readings: [IndicatorReading]) async throws -> EngageEarlyWarning {
        let inspections = try await InspectionStore.inspections(on: database).map(\.inspection)
        return EngageEarlyWarning.compute(inspections: inspections, readings: readings, now: now)
    }
}
