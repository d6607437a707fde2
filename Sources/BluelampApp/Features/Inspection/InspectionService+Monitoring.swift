import BluelampCore
import BluelampPersistence
import Foundation

extension InspectionService {
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
}

/// A change of stage the core rule refused, with every reason.
struct StageChangeRefusal: Error {
    var violations: [MonitoringStageChangeViolation]
}
