import BluelampPersistence
import Foundation
import Vapor

/// Runs the daily jobs (`DailyJobs.all`) inside the server: once at start, then every hour. Each job runs once a
/// London day across every instance on the database: the first instance to claim the job's day in the database runs
/// it (`DailyJobRunStore`, a unique key, not a timer race), so a restart, or several instances behind a load balancer
/// each running this, never does a day's work twice; a failed run is tried again at the next hourly pass. A day on
/// which no instance runs stays a gap in the trend; it is never filled with invented figures.
///
/// Not started in the testing environment, where tests call the jobs themselves.
struct DailyJobScheduler: LifecycleHandler {
    var interval: Duration = .seconds(3600)
    private let task = TaskHolder()

    func didBootAsync(_ application: Application) async throws {
        guard application.environment != .testing else { return }
        let interval = interval
        task.set(
            Task.detached {
                while !Task.isCancelled {
                    await DailyJobs.runAll(application)
                    try? await Task.sleep(for: interval)
                }
            })
    }

    func shutdownAsync(_ application: Application) async {
        task.cancel()
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
