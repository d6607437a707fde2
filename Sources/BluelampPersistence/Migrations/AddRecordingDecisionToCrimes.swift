import FluentKit
import SQLKit

/// Each report's recording decision (issue 15, "Figures with no basis"): what was decided
/// (`recording_decision`: `crime`, `incident` or `no_crime`; NULL while the report awaits it), by whom
/// (`recording_decided_by`, `recording_decided_by_user_id`) and why (`recording_decision_reason`, required
/// for an incident or no crime). With `recording_decided_at` (added by `AddRecordingDecidedAtToCrimes`) the
/// clock stops when the decision is made.
///
/// Back-fill: every crime held was recorded as a crime (a crime recorded here when it was recorded, by the
/// officer named on its "recorded" timeline entry; an imported one at a time nobody knows), so existing rows stay
/// valid and none joins the queue. The partial index serves the queue: reports awaiting a decision, oldest first.
struct AddRecordingDecisionToCrimes: AsyncMigration {
    var name: String { "AddRecordingDecisionToCrimes" }

    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one column per ALTER TABLE.
        let columns: [(String, DatabaseSchema.DataType)] = [
            ("recording_decision", .string), ("recording_decided_by_user_id", .int), ("recording_decided_by", .string),
            ("recording_decision_reason", .string),
        ]
        for (name, type) in columns {
            try await database.schema(CrimeRecord.schema).field(.string(name), type).update()
        }
        let sql = database as! any SQLDatabase
        try await sql.raw("UPDATE crimes SET recording_decision = 'crime'").run()
        try await sql.raw(
            """
            UPDATE crimes SET
              recording_decided_by = (SELECT e.actor_name FROM crime_events e
                WHERE e.crime_id = crimes.id AND e.kind = 'recorded' ORDER BY e.id LIMIT 1),
              recording_decided_by_user_id = (SELECT e.actor_user_id FROM crime_events e
                WHERE e.crime_id = crimes.id AND e.kind = 'recorded' ORDER BY e.id LIMIT 1)
            WHERE import_batch_id IS NULL
            """
        ).run()
        try await sql.raw(
            "CREATE INDEX crimes_awaiting_decision ON crimes (reported_at, id) WHERE recording_decision IS NULL"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX IF EXISTS crimes_awaiting_decision").run()
        for field in [
            "recording_decision", "recording_decided_by_user_id", "recording_decided_by", "recording_decision_reason",
        ] {
            try await database.schema(CrimeRecord.schema).deleteField(.string(field)).update()
        }
    }
}
