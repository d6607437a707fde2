import BluelampPersistence
import FluentKit
import Foundation
import Testing

/// The daily jobs' once-a-day lock (issue 20, item 6), on SQLite and, when set, PostgreSQL.
@Suite struct DailyJobRunStoreTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    func claim(_ instance: String, _ job: String = "snapshot", at now: Date = now, on db: any Database)
        async throws -> Bool
    {
        try await DailyJobRunStore.claim(
            job: job, day: "2026-12-01", instance: instance, now: now, staleAfter: 3600, on: db)
    }

    @Test func `of several claims of one job's day exactly one wins, and another day or job is free`() async throws {
        try await withDatabase { app in
            let won = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<8 { group.addTask { try await claim("instance-\(i)", on: app.db) } }
                var all: [Bool] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(won.filter { $0 }.count == 1)
            #expect(try await claim("instance-x", "purge", on: app.db))
            #expect(
                try await DailyJobRunStore.claim(
                    job: "snapshot", day: "2026-12-02", instance: "instance-x", now: Self.now, staleAfter: 3600,
                    on: app.db))
            #expect(try await DailyJobRunStore.runs(on: app.db).count == 3)
        }
    }

    @Test func `a finished run is not run again; a failed one or one left unfinished too long is taken over`()
        async throws
    {
        try await withDatabase { app in
            #expect(try await claim("a", "snapshot", on: app.db))
            try await DailyJobRunStore.finish(
                job: "snapshot", day: "2026-12-01", instance: "a", outcome: DailyJobRunStore.succeeded,
                now: Self.now, on: app.db)
            #expect(try await claim("b", "snapshot", at: Self.now.addingTimeInterval(7200), on: app.db) == false)

            #expect(try await claim("a", "backup", on: app.db))
            try await DailyJobRunStore.finish(
                job: "backup", day: "2026-12-01", instance: "a", outcome: DailyJobRunStore.failed, now: Self.now,
                on: app.db)
            #expect(try await claim("b", "backup", on: app.db))

            // Unfinished: taken over only once it is older than `staleAfter` (an hour here).
            #expect(try await claim("a", "purge", on: app.db))
            #expect(try await claim("b", "purge", at: Self.now.addingTimeInterval(1800), on: app.db) == false)
            #expect(try await claim("b", "purge", at: Self.now.addingTimeInterval(3700), on: app.db))

            let runs = try await DailyJobRunStore.runs(on: app.db)
            #expect(
                runs.map { "\($0.job):\($0.instance):\($0.outcome ?? "running")" }.sorted() == [
                    "backup:b:running", "purge:b:running", "snapshot:a:ok",
                ])
        }
    }
}
