import FluentKit

/// Which instance ran each daily job on each London day (issue 20, item 6: several instances on one database run
/// each daily job once a day). The unique (job, day) pair is the lock: the first instance to insert it runs the job.
struct CreateDailyJobRuns: AsyncMigration {
    var name: String { "CreateDailyJobRuns" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DailyJobRunStore.table)
            .field("job", .string, .required)
            .field("day", .string, .required)
            .field("instance", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("outcome", .string)
            .unique(on: "job", "day")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DailyJobRunStore.table).delete()
    }
}
