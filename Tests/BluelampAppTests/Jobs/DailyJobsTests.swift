import BluelampCore
import BluelampPersistence
import BluelampTestSupport
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

@Suite struct DailyJobsTests {
    @Test func `the daily run clears expired idempotency keys and idle sessions, and keeps live ones`() async throws {
        try await withTestApp { app in
            let userID = try await makeUser(app, "keys", grants: [RoleGrant(role: .allocator, scope: .force)])
            let now = Date()
            for (key, age) in [("old", IdempotencyStore.lifetime + 60), ("new", 60.0)] {
                _ = try await IdempotencyStore.claim(
                    userID: userID, key: key, operation: "createCrime", requestHash: "h",
                    now: now.addingTimeInterval(-age), on: app.db)
            }
            _ = try await signedIn(app, as: .investigator)
            let idle = app.settings.settings.sessionIdleLimit
            let sessions = try await UserSession.query(on: app.db).count()
            #expect(sessions == 1)

            // An hour past the idle limit: the session has expired, the newer key has not.
            let later = now.addingTimeInterval(idle + 3600)
            let purgeKeys = try await DailyJobs.idempotencyKeyPurge.run(app.db, now, app.settings.settings)
            let purgeSessions = try await DailyJobs.idleSessionPurge.run(app.db, later, app.settings.settings)
            #expect(purgeKeys == "1 expired idempotency keys removed")
            #expect(purgeSessions == "1 idle sessions removed")
            #expect(try await IdempotencyRecord.query(on: app.db).all().map(\.key) == ["new"])
            #expect(try await UserSession.query(on: app.db).count() == 0)
            #expect(try await DailyJobs.idempotencyKeyPurge.run(app.db, now, app.settings.settings) == nil)
        }
    }

    @Test func `every registered job runs, once each, and a second run the same day has nothing to do`() async throws {
        try await withTestApp { app in
            // One moment for both runs: the same London day even when the test runs across midnight.
            let now = Date()
            app.clock = { now }
            let first = await DailyJobs.runAll(app)
            #expect(Set(first.keys) == Set(DailyJobs.all.map(\.name)))
            #expect(DailyJobs.all.count == Set(DailyJobs.all.map(\.name)).count)
            for (name, result) in first {
                if case .failure(let error) = result { Issue.record("\(name) failed: \(error)") }
            }
            let second = await DailyJobs.runAll(app)
            #expect(second.values.allSatisfy { if case .success(nil) = $0 { true } else { false } })
        }
    }

    /// An application on `location`, configured as `serve` configures it (the first migrates and seeds).
    static func instance(_ location: DatabaseLocation, migrate: Bool) async throws -> Application {
        let app = try await Application.make(.testing)
        do {
            var settings = Settings.testing(database: location)
            settings.autoMigrate = false
            try await configure(app, settings: settings)
            try await DatabaseSetup.prepare(app.db, location: location)
            if migrate {
                try await TestPostgres.migrateTestForce(app)
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    @Test func `two instances on one database run each daily job once between them, and once a day`() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bluelamp-instances-\(UUID().uuidString).sqlite"
        ).path
        defer { DatabaseSetup.removeScratchFile(file) }
        if TestPostgres.suiteURL != nil {
            try await TestPostgres.withDatabase(migrated: true) { try await Self.twoInstances($0, migrate: false) }
        } else {
            try await Self.twoInstances(.sqliteFile(path: file), migrate: true)
        }
    }

    /// Two applications on `location` run the daily jobs at once, then again; the first migrates (`migrate`).
    static func twoInstances(_ location: DatabaseLocation, migrate: Bool) async throws {
        let first = try await Self.instance(location, migrate: migrate)
        let second = try await Self.instance(location, migrate: false)
        // One moment for every run: the same London day even when the test runs across midnight.
        let now = Date()
        first.clock = { now }
        second.clock = { now }
        do {
            #expect(first.instanceName != second.instanceName)
            async let a = DailyJobs.runAll(first)
            async let b = DailyJobs.runAll(second)
            let (ran, alsoRan) = await (a, b)
            for (name, result) in Array(ran) + Array(alsoRan) {
                if case .failure(let error) = result { Issue.record("\(name) failed: \(error)") }
            }
            let runs = try await DailyJobRunStore.runs(on: first.db)
            #expect(runs.map(\.job).sorted() == DailyJobs.all.map(\.name).sorted())
            #expect(runs.allSatisfy { $0.outcome == DailyJobRunStore.succeeded && $0.finishedAt != nil })
            #expect(Set(runs.map(\.instance)).isSubset(of: [first.instanceName, second.instanceName]))
            // The same day again, on either: nothing more is claimed.
            await DailyJobs.runAll(second)
            await DailyJobs.runAll(first)
            #expect(try await DailyJobRunStore.runs(on: first.db).count == DailyJobs.all.count)
        } catch {
            Issue.record(error)
        }
        try await second.asyncShutdown()
        try await first.asyncShutdown()
    }

    @Test func `the daily purges keep keys for 24 hours and never remove an audit entry, however old`() async throws {
        #expect(IdempotencyStore.lifetime == 24 * 3600)
        try await withTestApp { app in
            _ = try await signedIn(app, as: .investigator)
            let before = try await AuditEvent.query(on: app.db).all().compactMap(\.id)
            #expect(!before.isEmpty)
            // Every job, as the scheduler runs them (`DailyJobScheduler` calls `runAll`); then the purges ten years on.
            await DailyJobs.runAll(app)
            let decadeLater = Date().addingTimeInterval(10 * 365 * 86_400)
            for job in [DailyJobs.idempotencyKeyPurge, DailyJobs.idleSessionPurge] {
                _ = try await job.run(app.db, decadeLater, app.settings.settings)
            }
            let after = Set(try await AuditEvent.query(on: app.db).all().compactMap(\.id))
            #expect(Set(before).isSubset(of: after))
        }
    }
}
