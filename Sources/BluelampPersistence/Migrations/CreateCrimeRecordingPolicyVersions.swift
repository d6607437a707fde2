import FluentKit

/// Versions of the crime recording policy (issue 15): the allowance for the recording decision. Versions are only
/// added; with none, the Crime Recording Rules' 24 hours apply (`CrimeRecordingPolicyStore.current`).
struct CreateCrimeRecordingPolicyVersions: AsyncMigration {
    var name: String { "CreateCrimeRecordingPolicyVersions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CrimeRecordingPolicyVersion.schema)
            .field("id", .int, .identifier(auto: true))
            // Managed
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("created_by_user_id", .int)
            .field("created_by", .string, .required)
            .field("reason", .string, .required)
            // Data
            .field("allowance_hours", .int, .required)
            .unique(on: "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CrimeRecordingPolicyVersion.schema).delete()
    }
}
