import FluentKit
import SQLKit

/// When each crime's recording decision was made, or NULL when nobody knows (issue 15, "Figures with no
/// basis"). police.uk publishes only the month a crime was recorded in, so an imported crime's
/// `recorded_at` is that month's first day, a date to file it under and no decision time: its
/// `recording_decided_at` is NULL and it is left out of the 24-hour recording indicator.
///
/// Back-fill, by each crime's source: a crime recorded here (no import batch) was decided when it was
/// recorded; an imported one (from a police.uk file) was not known to be decided in time, so its
/// `recorded_in_time`, which was written true for every imported crime, becomes false.
struct AddRecordingDecidedAtToCrimes: AsyncMigration {
    var name: String { "AddRecordingDecidedAtToCrimes" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CrimeRecord.schema).field("recording_decided_at", .datetime).update()
        let sql = database as! any SQLDatabase
        try await sql.raw("UPDATE crimes SET recording_decided_at = recorded_at WHERE import_batch_id IS NULL").run()
        try await sql.raw("UPDATE crimes SET recorded_in_time = \(bind: false) WHERE import_batch_id IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CrimeRecord.schema).deleteField("recording_decided_at").update()
    }
}
