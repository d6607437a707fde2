import FluentKit
import SQLKit

/// A version of everything the PEEL dashboard reads, changed by triggers on every write to it (issue 20, item 3), so
/// an instance can keep what it read and know with one small read whether it is still what the tables hold.
///
/// Each write to a table the dashboard reads sets the `inspection` row of `change_versions` to a new random value,
/// inside the writer's transaction: every path (forms, imports, the daily snapshot, the refresher, `COPY`) changes it
/// alike, and a reader that sees the value also sees the rows written with it. A random value rather than a count,
/// so a database restored to an earlier state, or another test's database, never shows a version some process kept
/// for other rows. On PostgreSQL the trigger runs once a statement; on SQLite, which has only row triggers, once a
/// row.
///
/// The tables are what `InspectionStore.inputsVersion` promises to cover: the frameworks, inspections and their
/// judgements, the findings and their owners' names, the monitoring periods, the indicators' stored figures, daily
/// snapshots and thresholds, and the five policies that name or band indicators. A table the dashboard comes to read
/// later needs a migration adding its trigger.
struct CreateChangeVersions: AsyncMigration {
    var name: String { "CreateChangeVersions" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw(
                "CREATE TABLE change_versions (name TEXT PRIMARY KEY NOT NULL, value BIGINT NOT NULL)"
            ).run()
            let random = ChangeVersionTriggers.randomValue(dialect: sql.dialect.name)
            try await sql.raw(
                SQLQueryString("INSERT INTO change_versions (name, value) VALUES ('inspection', \(unsafeRaw: random))")
            ).run()
            for statement in ChangeVersionTriggers.create(dialect: sql.dialect.name) {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in ChangeVersionTriggers.drop(dialect: sql.dialect.name) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        try await sql.raw("DROP TABLE IF EXISTS change_versions").run()
    }
}

/// The triggers that change the `inspection` version, per dialect.
enum ChangeVersionTriggers {
    /// The tables, and for `users` only the column the dashboard shows (a finding owner's name): a sign-in writes
    /// its user's row and must not make every instance read the dashboard again.
    static let tables: [(table: String, column: String?)] = [
        ("inspection_frameworks", nil), ("inspections", nil), ("area_judgements", nil), ("findings", nil),
        ("users", "display_name"), ("monitoring_periods", nil), ("indicator_current", nil),
        ("indicator_snapshots", nil), ("indicator_thresholds", nil), ("allocation_policy_versions", nil),
        ("crime_recording_policy_versions", nil), ("supervision_policy_versions", nil), ("dash_policy_versions", nil),
        ("ocg_policy_versions", nil),
    ]

    /// A random 53-bit value, as each dialect makes one.
    static func randomValue(dialect: String) -> String {
        dialect == "postgresql" ? "floor(random() * 9007199254740991)::bigint" : "random()"
    }

    static func create(dialect: String) -> [String] {
        let bump = "UPDATE change_versions SET value = \(randomValue(dialect: dialect)) WHERE name = 'inspection';"
        if dialect == "postgresql" {
            return [
                """
                CREATE OR REPLACE FUNCTION bluelamp_inspection_version() RETURNS trigger AS $$
                BEGIN
                    \(bump)
                    RETURN NULL;
                END; $$ LANGUAGE plpgsql
                """
            ]
                + tables.map { table, column in
                    let events = column.map { "UPDATE OF \($0)" } ?? "INSERT OR UPDATE OR DELETE OR TRUNCATE"
                    return """
                        CREATE TRIGGER \(table)_inspection_version AFTER \(events) ON \(table)
                        FOR EACH STATEMENT EXECUTE FUNCTION bluelamp_inspection_version()
                        """
                }
        }
        return tables.flatMap { table, column in
            let events =
                column.map { [("update", "UPDATE OF \($0)")] } ?? [
                    ("insert", "INSERT"), ("update", "UPDATE"), ("delete", "DELETE"),
                ]
            return events.map { name, event in
                "CREATE TRIGGER \(table)_inspection_version_\(name) AFTER \(event) ON \(table) BEGIN \(bump) END"
            }
        }
    }

    static func drop(dialect: String) -> [String] {
        if dialect == "postgresql" {
            return tables.map { "DROP TRIGGER IF EXISTS \($0.table)_inspection_version ON \($0.table)" }
                + ["DROP FUNCTION IF EXISTS bluelamp_inspection_version()"]
        }
        return tables.flatMap { table, _ in
            ["insert", "update", "delete"].map { "DROP TRIGGER IF EXISTS \(table)_inspection_version_\($0)" }
        }
    }
}
