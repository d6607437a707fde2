import FluentKit
import SQLKit

/// Finds people by family name, whatever its case (issue 17: the public protection unit's person search). An
/// expression index on `lower(family_name)`, which SQLite (3.9 and later) and PostgreSQL both build and use for
/// `lower(family_name) = lower(?)`.
struct AddPersonNameIndex: AsyncMigration {
    var name: String { "AddPersonNameIndex" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw(
            "CREATE INDEX people_family_name_lower ON people (lower(family_name))"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX people_family_name_lower").run()
    }
}
