import FluentKit
import SQLKit

/// Investigations (issue 16): lines of enquiry, actions, the investigator's log, supervisory reviews, the
/// supervision policy's versions and the victim-blaming lexicon. An investigation is its crime from the first
/// allocation; its rows hang off the crime.
struct CreateInvestigations: AsyncMigration {
    var name: String { "CreateInvestigations" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema(LineOfEnquiryRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("created_by_user_id", .int)
            .field("created_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("kind", .string, .required)
            .field("description", .string, .required)
            .field("status", .string, .required)
            .field("result", .string)
            .field("written_off_reason", .string)
            .create()
        try await sql.create(index: "lines_of_enquiry_crime").on(LineOfEnquiryRecord.schema).column("crime_id").run()

        try await database.schema(InvestigationActionRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("owner_officer_id", .int, .required, .references(Officer.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("created_by_user_id", .int)
            .field("created_by", .string, .required)
            .field("description", .string, .required)
            .field("due_on", .string, .required)
            .field("due_by", .datetime, .required)
            .field("done_at", .datetime)
            .field("done_by", .string)
            .create()
        try await sql.create(index: "investigation_actions_crime").on(InvestigationActionRecord.schema)
            .column("crime_id").run()
        try await sql.create(index: "investigation_actions_due").on(InvestigationActionRecord.schema)
            .column("due_by").run()
        try await sql.create(index: "investigation_actions_owner").on(InvestigationActionRecord.schema)
            .column("owner_officer_id").column("done_at").run()

        try await database.schema(InvestigationNoteRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("written_at", .datetime, .required)
            .field("author_user_id", .int)
            .field("author", .string, .required)
            .field("text", .string, .required)
            .field("flagged_phrases", .string, .required)
            .field("flag_reviewed_at", .datetime)
            .field("flag_reviewed_by", .string)
            .create()
        try await sql.create(index: "investigation_notes_crime").on(InvestigationNoteRecord.schema)
            .column("crime_id").column("written_at").run()

        try await database.schema(SupervisoryReviewRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("reviewed_at", .datetime, .required)
            .field("reviewer_user_id", .int)
            .field("reviewer", .string, .required)
            .field("direction", .string, .required)
            .field("next_review_on", .string)
            .field("due_at", .datetime, .required)
            .field("next_due_at", .datetime, .required)
            .create()
        try await sql.create(index: "supervisory_reviews_crime").on(SupervisoryReviewRecord.schema)
            .column("crime_id").column("reviewed_at").run()
        try await sql.create(index: "supervisory_reviews_due").on(SupervisoryReviewRecord.schema)
            .column("due_at").run()
        try await sql.create(index: "supervisory_reviews_next_due").on(SupervisoryReviewRecord.schema)
            .column("next_due_at").run()
        try await sql.create(index: "investigation_notes_written").on(InvestigationNoteRecord.schema)
            .column("written_at").run()

        try await database.schema(SupervisionPolicyVersion.schema)
            .field("id", .int, .identifier(auto: true))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("created_by_user_id", .int)
            .field("created_by", .string, .required)
            .field("reason", .string, .required)
            .field("first_review_days", .int, .required)
            .field("review_interval_days", .int, .required)
            .unique(on: "version")
            .create()

        try await database.schema(VictimBlamingPhrase.schema)
            .field("id", .int, .identifier(auto: true))
            .field("added_at", .datetime, .required)
            .field("added_by", .string, .required)
            .field("withdrawn_at", .datetime)
            .field("withdrawn_by", .string)
            .field("phrase", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [
            VictimBlamingPhrase.schema, SupervisionPolicyVersion.schema, SupervisoryReviewRecord.schema,
            InvestigationNoteRecord.schema, InvestigationActionRecord.schema, LineOfEnquiryRecord.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
