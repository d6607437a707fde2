import FluentKit
import SQLKit

/// The person search by family name, in name order, read from one index (issue 20): `(lower(family_name),
/// lower(given_name), id)` gives the matches already in the order the search shows them, so it stops at its limit
/// after checking the scope of only as many people as it shows, instead of checking every match (14,498 people
/// named Smith at the Met's scale) and sorting them. It replaces `AddPersonNameIndex`'s index, whose column it
/// starts with. SQLite and PostgreSQL both build and use expression indexes.
struct AddPersonNameOrderIndex: AsyncMigration {
    var name: String { "AddPersonNameOrderIndex" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw(
            "CREATE INDEX IF NOT EXISTS people_name_order ON people (lower(family_name), lower(given_name), id)"
        ).run()
        try await sql.raw("DROP INDEX IF EXISTS people_family_name_lower").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX IF NOT EXISTS people_family_name_lower ON people (lower(family_name))").run()
        try await sql.raw("DROP INDEX IF EXISTS people_name_order").run()
    }
}
