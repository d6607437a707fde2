import FluentKit
import Foundation
import SQLKit

/// The once-a-day lock of the daily jobs, across every instance on one database (issue 20, item 6). Instances race
/// for a job's day by inserting its (job, day) row: the database's unique key lets exactly one win, on SQLite and on
/// PostgreSQL alike, with no timer race. A run that failed may be claimed again (by any instance, at its next hourly
/// pass), and so may one whose instance died part-way (started `staleAfter` ago and never finished).
public enum DailyJobRunStore {
    public static let table = "daily_job_runs"

    /// A claim of a job's day and how it ended.
    public struct Run: Sendable, Equatable {
        public var job: String
        public var day: String
        public var instance: String
        public var startedAt: Date
        public var finishedAt: Date?
        public var outcome: String?
    }

    /// What `finish` records.
    public static let succeeded = "ok"
    public static let failed = "failed"

    /// Claims `job` on `day` for `instance`; true when this instance is to run it now. One statement (an insert that
    /// on conflict takes over only a failed or stale claim), so two instances claiming at once cannot both win.
    public static func claim(
        job: String, day: String, instance: String, now: Date, staleAfter: TimeInterval, on database: any Database
    ) async throws -> Bool {
        let sql = database as! any SQLDatabase
        let stale = now.addingTimeInterval(-staleAfter)
        let rows = try await sql.raw(
            """
            INSERT INTO \(ident: table) (job, day, instance, started_at, finished_at, outcome)
            VALUES (\(bind: job), \(bind: day), \(bind: instance), \(bind: now), NULL, NULL)
            ON CONFLICT (job, day) DO UPDATE SET instance = excluded.instance, started_at = excluded.started_at,
                finished_at = NULL, outcome = NULL
            WHERE \(ident: table).outcome = \(bind: failed)
                OR (\(ident: table).finished_at IS NULL AND \(ident: table).started_at < \(bind: stale))
            RETURNING job
            """
        ).all()
        return !rows.isEmpty
    }

    /// Records how this instance's run of `job` on `day` ended (`succeeded` or `failed`).
    public static func finish(
        job: String, day: String, instance: String, outcome: String, now: Date, on database: any Database
    ) async throws {
        let sql = database as! any SQLDatabase
        try await sql.update(table).set("finished_at", to: now).set("outcome", to: outcome)
            .where("job", .equal, job).where("day", .equal, day).where("instance", .equal, instance).run()
    }

    /// Every claim, by day then job.
    public static func runs(on database: any Database) async throws -> [Run] {
        let sql = database as! any SQLDatabase
        return try await sql.select().columns("job", "day", "instance", "started_at", "finished_at", "outcome")
            .from(table).orderBy("day").orderBy("job").all().map { row in
                Run(
                    job: try row.decode(column: "job", as: String.self),
                    day: try row.decode(column: "day", as: String.self),
                    instance: try row.decode(column: "instance", as: String.self),
                    startedAt: try row.decode(column: "started_at", as: Date.self),
                    finishedAt: try row.decode(column: "finished_at", as: Date?.self),
                    outcome: try row.decode(column: "outcome", as: String?.self))
            }
    }
}
