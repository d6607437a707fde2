import BluelampCore
import BluelampPersistence
import Foundation

extension InspectionService {
    /// The monitoring page: the stages, the milestone plan assessed against the force-wide figures
    /// now, and the Engage early warning.
    func monitoring(canManage: Bool, csrf: String?) async throws -> MonitoringPage.Model {
        let readings = try await readings(bcu: nil)
        let milestones = try await assessedMilestones(readings: readings).map { stored, assessment in
            MonitoringPage.MilestoneRow(
                stored: stored, assessment: assessment,
                targets: stored.milestone.targets.map { target in
                    let reading = readings.first { $0.indicatorID == target.indicatorID }
                    return MonitoringPage.TargetRow(
                        target: target, reading: reading, met: reading.map { target.isMet(by: $0) } ?? false)
                })
        }
        let inspections = try await InspectionStore.inspections(on: database)
        var links: [String: Int] = [:]
        for stored in inspections {
            for (reference, id) in stored.findingIDs { links["\(stored.inspection.id)|\(reference)"] = id }
        }
        let open = try await FindingStore.findings(matching: FindingFilter(unresolvedOnly: true), on: database)
            .filter { $0.finding.kind.needsAction }
        return MonitoringPage.Model(
            periods: try await MonitoringStore.periods(on: database), today: now, milestones: milestones,
            warning: EngageEarlyWarning.compute(inspections: inspections.map(\.inspection), readings: readings, now: now),
            findingLinks: links, canManage: canManage, csrf: csrf,
            findingOptions: open.map { ($0.id, "\($0.finding.id) (\($0.inspectionTitle)): \(InspectionPart.excerpt($0.finding.text, limit: 80))") },
            indicators: IndicatorStore.definitions(sources: sources))
    }

    /// Records a change of monitoring stage: closes the latest period on the change's day and opens
    /// the new one. Returns what is wrong instead, saving nothing, when the core rule refuses it.
    func changeStage(_ change: MonitoringStageChange, defaultForceName: String) async throws
        -> Result<(closed: StoredMonitoringPeriod?, openedID: Int), StageChangeRefusal>
    {
        let stored = try await MonitoringStore.periods(on: database)
        let problems = MonitoringHistory.problems(with: change, after: stored.map(\.period), now: now)
        guard problems.isEmpty else { return .failure(StageChangeRefusal(violations: problems)) }
        let latest = stored.max { $0.period.entered < $1.period.entered }
        let (closed, opened) = MonitoringHistory.applying(change, to: latest?.period)
        let id = try await MonitoringStore.changeStage(
            closing: closed == nil ? nil : latest?.id, closed: closed, opened: opened,
            forceName: latest?.forceName ?? defaultForceName, on: database)
        return .success((closed == nil ? nil : latest, id))
    }

    /// The indicators page: every definition with its value now for the viewer's first scope (the
    /// whole force for a force-wide viewer), computed live, and the latest daily snapshot for each
    /// scope the viewer may see (computing 13 scopes live for every indicator would take too long).
    func indicatorList(scopes: [BCU?]) async throws -> IndicatorListPage.Model {
        let frameworks = try await frameworks()
        let first = scopes.first ?? nil
        let live = try await readings(bcu: first)
        let latest = try await IndicatorStore.latestSnapshots(on: database)
        let rows = live.map { reading in
            let definition = reading.definition
            return IndicatorListPage.Row(
                definition: definition,
                areaName: Self.areaName(
                    InspectionAreaReference(frameworkID: definition.frameworkID, areaID: definition.areaID), in: frameworks),
                history: IndicatorStore.history(of: definition.id, sources: sources), live: reading,
                snapshots: scopes.compactMap { scope in
                    guard let value = latest?.values[definition.id]?[IndicatorStore.scopeCode(scope)] else { return nil }
                    return IndicatorListPage.ScopeValue(
                        scope: InspectionDashboardPage.scopeLabel(scope),
                        reading: IndicatorReading(definition: definition, value: value))
                })
        }
        return IndicatorListPage.Model(
            rows: rows, window: window, liveScope: InspectionDashboardPage.scopeLabel(first), snapshotDay: latest?.day)
    }
}

/// A change of stage the core rule refused, with every reason.
struct StageChangeRefusal: Error {
    var violations: [MonitoringStageChangeViolation]
}
