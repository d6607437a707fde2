import BluelampPersistence
import Foundation
import Vapor

/// Runs the daily indicator snapshot (`IndicatorStore.snapshotIndicators(on:now:limit:)`, the same
/// function as `bluelamp indicators snapshot`) inside the server: once at start, then every hour. Each
/// run first does offender management's daily work (`OffenderDailyWork`), so the snapshot counts it.
///
/// Each run snapshots only what the day does not hold yet, so the first run of a day writes the day's
/// figures and the rest write nothing. The snapshots table is the durable state: a restart, or several
/// instances behind a load balancer each running this, never snapshot a day twice (the rows are
/// unique on indicator, day and scope, and inserted with "on conflict do nothing"). A day on which no
/// instance runs stays a gap in the trend; it is never filled with invented figures.
///
/// Not started in the testing environment, where tests call the function themselves.
struct IndicatorSnapshotScheduler: LifecycleHandler {
    var interval: Duration = .seconds(3600)
    var limit = 10_000
    private let task = TaskHolder()

    func didBootAsync(_ application: Application) async throws {
        guard application.environment != .testing else { return }
        let interval = interval
        let limit = limit
        task.set(
            Task.detached {
                while !Task.isCancelled {
                    await Self.run(application, limit: limit)
                    try? await Task.sleep(for: interval)
                }
            })
    }

    func shutdownAsync(_ application: Application) async {
        task.cancel()
    }

    static func run(_ application: Application, limit: Int) async {
        let now = application.clock()
        do {
            let offenders = try await OffenderDailyWork.run(on: application.db, now: now)
            if offenders != .init(escalationsRaised: 0, suspectsListed: 0) {
                application.logger.notice(
                    "offender daily work",
                    metadata: ["escalations": "\(offenders.escalationsRaised)", "wanted": "\(offenders.suspectsListed)"])
            }
        } catch {
            // The snapshot still runs: yesterday's escalations and suspects are better than no figures.
            application.logger.error("offender daily work failed", metadata: ["error": "\(String(reflecting: error))"])
        }
        do {
            let written = try await IndicatorStore.snapshotIndicators(on: application.db, now: now, limit: limit)
            if written > 0 {
                application.logger.notice(
                    "indicator snapshot", metadata: ["day": "\(IndicatorStore.dayString(now))", "figures": "\(written)"])
            }
        } catch {
            application.logger.error("indicator snapshot failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// The running loop, so shutdown can stop it.
    final class TaskHolder: @unchecked Sendable {
        private let lock = NSLock()
        private var task: Task<Void, Never>?

        func set(_ task: Task<Void, Never>) {
            lock.withLock { self.task = task }
        }

        func cancel() {
            lock.withLock {
                task?.cancel()
                task = nil
            }
        }
    }
}
