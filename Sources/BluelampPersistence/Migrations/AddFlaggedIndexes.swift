import FluentKit
import SQLKit

/// The notes and victim contact summaries whose phrasing was flagged and that no supervisor has looked at yet, each
/// in an index of its own in time order: the supervision page lists the oldest hundred of a BCU's. Without them each
/// list read every note or contact of every crime in the BCU (40–46 ms each at the Met's scale, for a page listing
/// none). Only the rows waiting for review are in them, so they stay small and cost a write nothing otherwise.
///
/// A query uses one only when it states the same conditions, literal for literal (`flagged_phrases <> ''`, not a
/// bound empty string): `InvestigationStore.flaggedNotes` and `VictimStore.flaggedContacts` do. SQLite and PostgreSQL
/// both take a partial index.
struct AddFlaggedIndexes: AsyncMigration {
    var name: String { "AddFlaggedIndexes" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw(
            """
            CREATE INDEX IF NOT EXISTS investigation_notes_flagged ON investigation_notes (written_at, id)
            WHERE flagged_phrases <> '' AND flag_reviewed_at IS NULL
            """
        ).run()
        try await sql.raw(
            """
            CREATE INDEX IF NOT EXISTS victim_contacts_flagged ON victim_contacts (contacted_at, id)
            WHERE flagged_phrases <> '' AND flag_reviewed_at IS NULL
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX IF EXISTS victim_contacts_flagged").run()
        try await sql.raw("DROP INDEX IF EXISTS investigation_notes_flagged").run()
    }
}
