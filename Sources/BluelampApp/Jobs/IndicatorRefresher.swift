import BluelampPersistence
import Foundation
import Vapor

/// Keeps every indicator's figure now for the force and each territorial BCU in `indicator_current` (issue 20,
/// item 3), so the PEEL dashboard, the indicators page and the API read stored figures instead of computing them from
/// a million crimes on every request (10 s force-wide and 18 s for one BCU at the Met's scale; the refresh of all 13
/// scopes together takes about 10 s of one core). Every `BLUELAMP_INDICATOR_REFRESH_SECONDS`
/// (default 300) it recomputes them all, with the same functions a live reading uses; the pages show the figures'
/// "as of" time. A reader finding figures older than `maxAge` (the refresher stopped or fell behind) computes its
/// scope itself. Several instances on one database share the figures: one skips its turn when another refreshed
/// within half an interval.
///
/// Not started in the testing environment, where tests refresh themselves.
struct IndicatorRefresher: LifecycleHandler {
    private let task = DailyJobScheduler.TaskHolder()

    /// How old stored figures may be and still be read: three refresh intervals, so one slow refresh under load
    /// does not send every reader to the records. 0 when refreshing is off.
    static func maxAge(refresh: TimeInterval) -> TimeInterval { refresh > 0 ? refresh * 3 : 0 }

    func didBootAsync(_ application: Application) async throws {
        let interval = application.settings.settings.indicatorRefresh
        guard application.environment != .testing, interval > 0 else { return }
        task.set(
            Task.detached {
                while !Task.isCancelled {
                    await Self.refreshIfDue(application)
                    try? await Task.sleep(for: .seconds(interval))
                }
            })
    }

    func shutdownAsync(_ application: Application) async {
        task.cancel()
    }

    /// Refreshes every snapshot scope unless each was refreshed today within half an interval (by this instance or
    /// another). Returns whether it refreshed; a failure is logged and left to the next turn.
    @discardableResult
    static func refreshIfDue(_ application: Application) async -> Bool {
        let interval = application.settings.settings.indicatorRefresh
        let now = application.clock()
        let db = application.db
        let scopes = IndicatorStore.snapshotScopes
        do {
            if let oldest = try await IndicatorCurrentStore.oldestRefresh(scopes: scopes, on: db),
                IndicatorStore.dayString(oldest) == IndicatorStore.dayString(now),
                now.timeIntervalSince(oldest) < interval / 2
            {
                return false
            }
            let started = Date()
            try await IndicatorCurrentStore.refresh(
                scopes: scopes, now: now, on: db, gate: application.auditWriter?.gate)
            application.logger.debug(
                "indicators refreshed",
                metadata: ["milliseconds": "\(Int(Date().timeIntervalSince(started) * 1000))"])
            return true
        } catch {
            application.logger.warning("indicator refresh failed: \(String(reflecting: error))")
            return false
        }
    }
}
