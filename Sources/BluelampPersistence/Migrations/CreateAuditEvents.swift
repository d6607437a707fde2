import FluentKit
import SQLKit

/// The audit log. Triggers refuse UPDATE and DELETE on both databases, so entries are append-only
/// for the application and for anyone with ordinary SQL access short of dropping the trigger.
struct CreateAuditEvents: AsyncMigration {
    var name: String { "CreateAuditEvents" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .field("id", .int, .identifier(auto: false))
            .field("at", .datetime, .required)
            .field("actor_user_id", .int)
            .field("actor_username", .string, .required)
            .field("role", .string)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string)
            .field("subject_person_id", .string)
            .field("reason", .string)
            .field("address", .string)
            .field("request_id", .string)
            .field("outcome", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_events_record").on(AuditEvent.schema).column("record_type").column(
            "record_id"
        ).run()
        try await sql.create(index: "audit_events_subject").on(AuditEvent.schema).column("subject_person_id").run()
        try await sql.create(index: "audit_events_actor").on(AuditEvent.schema).column("actor_user_id").run()
        try await sql.create(index: "audit_events_at").on(AuditEvent.schema).column("at").run()
        for statement in AuditLogProtection.createStatements(dialect: sql.dialect.name) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in AuditLogProtection.dropStatements(dialect: sql.dialect.name) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        try await database.schema(AuditEvent.schema).delete()
    }
}

/// The SQL that makes `audit_events` append-only, per dialect.
public enum AuditLogProtection {
    public static func createStatements(dialect: String) -> [String] {
        if dialect == "postgresql" {
            return [
                """
                CREATE OR REPLACE FUNCTION bluelamp_audit_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql
                """,
                "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION bluelamp_audit_append_only()",
            ]
        }
        return [
            "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        ]
    }

    public static func dropStatements(dialect: String) -> [String] {
        if dialect == "postgresql" {
            return [
                "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
                "DROP FUNCTION IF EXISTS bluelamp_audit_append_only()",
            ]
        }
        return ["DROP TRIGGER IF EXISTS audit_events_no_update", "DROP TRIGGER IF EXISTS audit_events_no_delete"]
    }
}
