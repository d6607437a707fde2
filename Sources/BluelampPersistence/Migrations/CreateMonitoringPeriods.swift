import FluentKit

struct CreateMonitoringPeriods: AsyncMigration {
    var name: String { "CreateMonitoringPeriods" }

    func prepare(on database: any Database) async throws {
        try await database.schema(MonitoringPeriodRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("force_name", .string, .required)
            .field("stage", .string, .required)
            .field("entered", .date, .required)
            .field("exited", .date)
            .field("decided_by", .string)
            .field("entry_reasons", .string, .required)
            .field("exit_reasons", .string, .required)
            .field("notes", .string, .required)
            .field("sources", .string, .required)
            .unique(on: "force_name", "entered")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MonitoringPeriodRecord.schema).delete()
    }
}
