import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

/// One piece of the daily run: a name for the log and a function of the database, the clock reading and the
/// settings that does the work and says what it did (nil when there was nothing to do).
struct DailyJob: Sendable {
    var name: String
    var run: @Sendable (_ database: any Database, _ now: Date, _ settings: Settings) async throws -> String?
}

/// Every job the server runs each day, in the order they run. A new job is added here, and nowhere else.
enum DailyJobs {
    static let all: [DailyJob] = [
        offenderDailyWork, indicatorSnapshot, idempotencyKeyPurge, idleSessionPurge, nightlyBackup,
    ]

    /// Offender management's share, before the snapshot so the day's figures count it (`OffenderDailyWork`).
    static let offenderDailyWork = DailyJob(name: "offender daily work") { db, now, _ in
        let result = try await OffenderDailyWork.run(on: db, now: now)
        guard result != .init(escalationsRaised: 0, suspectsListed: 0) else { return nil }
        return
            "\(result.escalationsRaised) escalations raised, \(result.suspectsListed) suspects put on the wanted list"
    }

    /// Today's indicator snapshot (the same function as `bluelamp indicators snapshot`).
    static let indicatorSnapshot = DailyJob(name: "indicator snapshot") { db, now, _ in
        let written = try await IndicatorStore.snapshotIndicators(on: db, now: now, limit: 10_000)
        return written > 0 ? "\(written) figures for \(IndicatorStore.dayString(now))" : nil
    }

    /// API idempotency keys past their lifetime: a retry that late is a new request.
    static let idempotencyKeyPurge = DailyJob(name: "idempotency key purge") { db, now, _ in
        let removed = try await IdempotencyStore.purge(now: now, on: db)
        return removed > 0 ? "\(removed) expired idempotency keys removed" : nil
    }

    /// Sessions idle past the limit: they can no longer be used, so they are not kept.
    static let idleSessionPurge = DailyJob(name: "idle session purge") { db, now, settings in
        let removed = try await SessionStore.purgeIdle(now: now, idleLimit: settings.sessionIdleLimit, on: db)
        return removed > 0 ? "\(removed) idle sessions removed" : nil
    }

    /// One backup a day into `BLUELAMP_BACKUP_DIR`, keeping the newest `BLUELAMP_BACKUP_KEEP` (issue 21); last, so it
    /// holds the day's snapshot.
    static let nightlyBackup = DailyJob(name: "nightly backup") { _, now, settings in
        guard let directory = settings.backupDirectory else { return nil }
        return try await DatabaseBackup.nightly(
            settings.database, directory: directory, keep: settings.backupKeep, now: now)
    }

    /// How long a claimed run may go unfinished before another instance may take it over (its instance died).
    static let staleAfter: TimeInterval = 3 * 3600

    /// Runs every job not yet run today (a London day) by any instance on this database: each job's day is claimed
    /// first (`DailyJobRunStore`), so of several instances behind a load balancer exactly one runs it. One failing is
    /// logged, its claim marked failed (so the next hourly pass, on any instance, tries again), and the rest still
    /// run (yesterday's escalations are better than no figures). Returns what each job reported, by name, for the
    /// tests and the log: `.success(nil)` for a job with nothing to do or already run today.
    @discardableResult
    static func runAll(_ application: Application) async -> [String: Result<String?, any Error>] {
        let now = application.clock()
        let day = CalendarDay(containing: now, in: .london).text
        let instance = application.instanceName
        let db = application.db
        var results: [String: Result<String?, any Error>] = [:]
        for job in all {
            do {
                let claimed = try await DailyJobRunStore.claim(
                    job: job.name, day: day, instance: instance, now: now, staleAfter: staleAfter, on: db)
                guard claimed else {
                    results[job.name] = .success(nil)
                    continue
                }
                let summary: String?
                do {
                    summary = try await job.run(db, now, application.settings.settings)
                } catch {
                    try? await DailyJobRunStore.finish(
                        job: job.name, day: day, instance: instance, outcome: DailyJobRunStore.failed, now: Date(),
                        on: db)
                    throw error
                }
                try await DailyJobRunStore.finish(
                    job: job.name, day: day, instance: instance, outcome: DailyJobRunStore.succeeded, now: Date(),
                    on: db)
                results[job.name] = .success(summary)
                if let summary { application.logger.notice("\(job.name)", metadata: ["did": "\(summary)"]) }
            } catch {
                results[job.name] = .failure(error)
                application.logger.error("\(job.name) failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
        return results
    }
}

struct InstanceNameKey: StorageKey { typealias Value = String }

extension Application {
    /// This instance's name in the daily jobs' claims: the host, the process and a random part (two applications in
    /// one process, as in the tests, are two instances). Set once, when first asked.
    var instanceName: String {
        if let name = storage[InstanceNameKey.self] { return name }
        let name =
            "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-"
            + String(UUID().uuidString.prefix(6))
        storage[InstanceNameKey.self] = name
        return name
    }
}
