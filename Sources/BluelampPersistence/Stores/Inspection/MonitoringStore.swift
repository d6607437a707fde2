import BluelampCore
import FluentKit
import Foundation

/// A monitoring period as stored.
public struct StoredMonitoringPeriod: Sendable, Hashable {
    public var id: Int
    public var forceName: String
    /// Its milestones are not filled in here; see `MonitoringStore.milestones(on:)`.
    public var period: MonitoringPeriod
}

/// A milestone as stored: the core value (its `id` and `findingIDs` are database ids as text) and
/// the findings it answers.
public struct StoredMilestone: Sendable, Hashable {
    public var id: Int
    public var periodID: Int?
    public var milestone: Milestone
    public var findings: [StoredFinding]
}

/// Monitoring periods (Scan, Engage) and the milestone plan.
public enum MonitoringStore {
    /// Stores the periods not already stored for the force (a period is known by its entry date).
    /// Returns how many it inserted.
    @discardableResult
    public static func savePeriods(_ periods: [MonitoringPeriod], forceName: String, on database: any Database)
        async throws -> Int
    {
        let existing = Set(
            try await MonitoringPeriodRecord.query(on: database).filter(\.$forceName == forceName).all()
                .map { InspectionJSON.dayString(of: $0.entered) })
        var inserted = 0
        for period in periods where !existing.contains(InspectionJSON.dayString(of: period.entered)) {
            let row = MonitoringPeriodRecord()
            row.forceName = forceName
            row.stage = period.stage.rawValue
            row.entered = period.entered
            row.exited = period.exited
            row.decidedBy = period.decidedBy
            row.entryReasons = try InspectionStore.json(period.entryReasons)
            row.exitReasons = try InspectionStore.json(period.exitReasons)
            row.notes = try InspectionStore.json(period.notes)
            row.sources = try InspectionStore.json(period.sources)
            try await row.create(on: database)
            inserted += 1
        }
        return inserted
    }

    /// Records a change of stage in one transaction: closes the period `closing` (when it is given,
    /// with its exit, exit reasons and sources as `closed` has them) and opens `opened` for the
    /// force. Returns the new period's id. The rules are the caller's (`MonitoringHistory.problems(with:after:now:)`).
    @discardableResult
    public static func changeStage(
        closing: Int?, closed: MonitoringPeriod?, opened: MonitoringPeriod, forceName: String, on database: any Database
    ) async throws -> Int {
        try await database.transaction { db in
            if let closing, let closed {
                guard let row = try await MonitoringPeriodRecord.find(closing, on: db) else {
                    throw FindingStoreError.notFound
                }
                row.exited = closed.exited
                row.exitReasons = try InspectionStore.json(closed.exitReasons)
                row.sources = try InspectionStore.json(closed.sources)
                try await row.update(on: db)
            }
            let row = MonitoringPeriodRecord()
            row.forceName = forceName
            row.stage = opened.stage.rawValue
            row.entered = opened.entered
            row.exited = opened.exited
            row.decidedBy = opened.decidedBy
            row.entryReasons = try InspectionStore.json(opened.entryReasons)
            row.exitReasons = try InspectionStore.json(opened.exitReasons)
            row.notes = try InspectionStore.json(opened.notes)
            row.sources = try InspectionStore.json(opened.sources)
            try await row.create(on: db)
            return try row.requireID()
        }
    }

    /// Every period, earliest first.
    public static func periods(on database: any Database) async throws -> [StoredMonitoringPeriod] {
        try await MonitoringPeriodRecord.query(on: database).sort(\.$entered).all().compactMap { row in
            guard let id = row.id, let stage = MonitoringStage(rawValue: row.stage) else { return nil }
            let period = MonitoringPeriod(
                stage: stage, entered: row.entered, exited: row.exited,
                entryReasons: InspectionStore.decode([String].self, row.entryReasons) ?? [],
                exitReasons: InspectionStore.decode([String].self, row.exitReasons) ?? [], decidedBy: row.decidedBy,
                notes: InspectionStore.decode([String].self, row.notes) ?? [],
                sources: InspectionStore.decode([InspectionSource].self, row.sources) ?? [])
            return StoredMonitoringPeriod(id: id, forceName: row.forceName, period: period)
        }
    }

    // MARK: - Milestones

    /// Every milestone, soonest due first, with its findings and targets.
    public static func milestones(on database: any Database) async throws -> [StoredMilestone] {
        let rows = try await MilestoneRecord.query(on: database).sort(\.$due).sort(\.$id).all()
        let links = try await MilestoneFinding.query(on: database).all()
        let targets = try await MilestoneTarget.query(on: database).sort(\.$id).all()
        let findingRows = try await FindingRecord.query(on: database).filter(
            \.$id ~~ Array(Set(links.map { $0.$finding.id }))
        )
        .all()
        let findings = Dictionary(
            uniqueKeysWithValues: try await FindingStore.stored(findingRows, on: database).map { ($0.id, $0) })
        return rows.compactMap { row in
            guard let id = row.id else { return nil }
            let linked = links.filter { $0.$milestone.id == id }.compactMap { findings[$0.$finding.id] }
                .sorted { ($0.inspectionID, $0.id) < ($1.inspectionID, $1.id) }
            var override: RAGOverride?
            if let status = row.overrideStatus.flatMap(RAGStatus.init(rawValue:)), let reason = row.overrideReason,
                let by = row.overrideBy, let at = row.overrideAt
            {
                override = try? RAGOverride(status: status, reason: reason, by: by, at: at)
            }
            let milestone = Milestone(
                id: String(id), title: row.title, due: row.due, findingIDs: linked.map { String($0.id) },
                targets: targets.filter { $0.$milestone.id == id }.map {
                    IndicatorTarget(indicatorID: $0.indicatorID, value: $0.targetValue)
                },
                override: override)
            return StoredMilestone(id: id, periodID: row.$monitoringPeriod.id, milestone: milestone, findings: linked)
        }
    }

    /// Adds a milestone to the plan; returns its id.
    @discardableResult
    public static func createMilestone(
        title: String, due: Date, periodID: Int?, findingIDs: [Int], targets: [IndicatorTarget],
        on database: any Database
    ) async throws -> Int {
        try await database.transaction { db in
            let row = MilestoneRecord()
            row.title = title
            row.due = due
            row.$monitoringPeriod.id = periodID
            try await row.create(on: db)
            let id = try row.requireID()
            for findingID in Set(findingIDs).sorted() {
                let link = MilestoneFinding()
                link.$milestone.id = id
                link.$finding.id = findingID
                try await link.create(on: db)
            }
            var seen: Set<String> = []
            for target in targets where seen.insert(target.indicatorID).inserted {
                let row = MilestoneTarget()
                row.$milestone.id = id
                row.indicatorID = target.indicatorID
                row.targetValue = target.value
                try await row.create(on: db)
            }
            return id
        }
    }

    /// Sets (or, with nil, clears) a milestone's manual RAG status.
    public static func setOverride(milestoneID: Int, _ override: RAGOverride?, on database: any Database) async throws {
        guard let row = try await MilestoneRecord.find(milestoneID, on: database) else {
            throw FindingStoreError.notFound
        }
        row.overrideStatus = override?.status.rawValue
        row.overrideReason = override?.reason
        row.overrideBy = override?.by
        row.overrideAt = override?.at
        try await row.update(on: database)
    }

    /// Whether the milestone exists.
    public static func milestoneExists(id: Int, on database: any Database) async throws -> Bool {
        try await MilestoneRecord.query(on: database).filter(\.$id == id).count() > 0
    }

    /// The findings among `ids` that exist.
    public static func existingFindingIDs(_ ids: [Int], on database: any Database) async throws -> Set<Int> {
        guard !ids.isEmpty else { return [] }
        return Set(try await FindingRecord.query(on: database).filter(\.$id ~~ Set(ids)).all(\.$id))
    }

    public static func milestoneCount(on database: any Database) async throws -> Int {
        try await MilestoneRecord.query(on: database).count()
    }
}
