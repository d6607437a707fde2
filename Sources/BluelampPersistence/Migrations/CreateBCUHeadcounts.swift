import FluentKit
import SQLKit

/// Each BCU's officers and teams, counted as they change rather than on every read (issue 20, item 2): the BCU list
/// (`GET /api/v1/bcus`, the organisation page) counted 32,000 officers a request, 3.8 ms of PostgreSQL's time, which
/// held the read to 278 requests a second. Triggers keep the counts, so every write path (forms, imports, the demo,
/// `COPY`) keeps them alike and a count cannot drift from its rows; the migration counts what is already there.
///
/// A PostgreSQL backup restores the counts with the rows and makes the triggers after them (`pg_dump`'s post-data
/// section), so a restore does not count twice. Row triggers do not see `TRUNCATE`: nothing in Bluelamp truncates
/// `officers` or `teams`, and anything that ever does must empty `bcu_headcounts` with them.
struct CreateBCUHeadcounts: AsyncMigration {
    var name: String { "CreateBCUHeadcounts" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw(
                """
                CREATE TABLE bcu_headcounts (
                    bcu_code TEXT PRIMARY KEY NOT NULL REFERENCES bcus (id),
                    officers INTEGER NOT NULL DEFAULT 0,
                    teams INTEGER NOT NULL DEFAULT 0)
                """
            ).run()
            // The triggers first, inside the same transaction as the count, so no row is missed or counted twice.
            for statement in BCUHeadcountTriggers.create(dialect: sql.dialect.name) {
                try await sql.raw(SQLQueryString(statement)).run()
            }
            try await sql.raw(
                """
                INSERT INTO bcu_headcounts (bcu_code, officers, teams)
                SELECT b.id,
                    (SELECT COUNT(*) FROM officers o WHERE o.bcu_code = b.id),
                    (SELECT COUNT(*) FROM teams t WHERE t.bcu_code = b.id)
                FROM bcus b
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in BCUHeadcountTriggers.drop(dialect: sql.dialect.name) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        try await sql.raw("DROP TABLE IF EXISTS bcu_headcounts").run()
    }
}

/// The triggers that keep `bcu_headcounts`, per dialect: a row added to `officers` or `teams` counts one in its BCU,
/// a row removed one less, and a row moved to another BCU one less in the old and one more in the new.
enum BCUHeadcountTriggers {
    static let tables = [(table: "officers", column: "officers"), (table: "teams", column: "teams")]

    static func create(dialect: String) -> [String] {
        if dialect == "postgresql" {
            return tables.flatMap { table, column in
                [
                    """
                    CREATE OR REPLACE FUNCTION bluelamp_\(table)_headcount() RETURNS trigger AS $$
                    BEGIN
                        IF TG_OP <> 'INSERT' THEN
                            UPDATE bcu_headcounts SET \(column) = \(column) - 1 WHERE bcu_code = OLD.bcu_code;
                        END IF;
                        IF TG_OP <> 'DELETE' THEN
                            INSERT INTO bcu_headcounts (bcu_code, \(column)) VALUES (NEW.bcu_code, 1)
                            ON CONFLICT (bcu_code) DO UPDATE SET \(column) = bcu_headcounts.\(column) + 1;
                        END IF;
                        RETURN NULL;
                    END; $$ LANGUAGE plpgsql
                    """,
                    """
                    CREATE TRIGGER \(table)_headcount AFTER INSERT OR DELETE OR UPDATE OF bcu_code ON \(table)
                    FOR EACH ROW EXECUTE FUNCTION bluelamp_\(table)_headcount()
                    """,
                ]
            }
        }
        return tables.flatMap { table, column in
            let add = """
                INSERT OR IGNORE INTO bcu_headcounts (bcu_code) VALUES (NEW.bcu_code);
                UPDATE bcu_headcounts SET \(column) = \(column) + 1 WHERE bcu_code = NEW.bcu_code;
                """
            let remove = "UPDATE bcu_headcounts SET \(column) = \(column) - 1 WHERE bcu_code = OLD.bcu_code;"
            return [
                "CREATE TRIGGER \(table)_headcount_insert AFTER INSERT ON \(table) BEGIN \(add) END",
                "CREATE TRIGGER \(table)_headcount_delete AFTER DELETE ON \(table) BEGIN \(remove) END",
                """
                CREATE TRIGGER \(table)_headcount_move AFTER UPDATE OF bcu_code ON \(table)
                WHEN OLD.bcu_code IS NOT NEW.bcu_code BEGIN \(remove) \(add) END
                """,
            ]
        }
    }

    static func drop(dialect: String) -> [String] {
        if dialect == "postgresql" {
            return tables.flatMap { table, _ in
                [
                    "DROP TRIGGER IF EXISTS \(table)_headcount ON \(table)",
                    "DROP FUNCTION IF EXISTS bluelamp_\(table)_headcount()",
                ]
            }
        }
        return tables.flatMap { table, _ in
            ["insert", "delete", "move"].map { "DROP TRIGGER IF EXISTS \(table)_headcount_\($0)" }
        }
    }
}
