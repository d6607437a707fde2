import FluentKit
import SQLKit

/// DASH risk assessments and MARAC referrals (issue 17): an assessment per victim per crime, its 27 answers, the
/// supervisor's reviews, the MARAC referral, and the DASH policy's versions.
struct CreateDashAssessments: AsyncMigration {
    var name: String { "CreateDashAssessments" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema(DashPolicyVersion.schema)
            .field("id", .int, .identifier(auto: true))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("created_by_user_id", .int)
            .field("created_by", .string, .required)
            .field("reason", .string, .required)
            .field("medium_from", .int, .required)
            .field("high_from", .int, .required)
            .field("supervision_hours", .int, .required)
            .field("escalation_count", .int, .required)
            .field("escalation_months", .int, .required)
            .unique(on: "version")
            .create()

        try await database.schema(DashAssessmentRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("crime_id", .int, .required, .references(CrimeRecord.schema, "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references(PersonModel.schema, "id"))
            .field("completed_at", .datetime, .required)
            .field("completed_by_user_id", .int)
            .field("completed_by", .string, .required)
            // The DASH policy version the score was banded under.
            .field("policy_version", .int, .required)
            .field("yes_count", .int, .required)
            // `DashRiskLevel` raw values: the level the answers gave, the officer's judgement when it raised it,
            // and the level the assessment stands at now (after any supervisor's change).
            .field("scored_level", .string, .required)
            .field("judgement_level", .string)
            .field("judgement_reason", .string)
            .field("level", .string, .required)
            .field("supervision_due_at", .datetime, .required)
            .field("first_reviewed_at", .datetime)
            // One DASH per victim per crime.
            .unique(on: "crime_id", "person_id")
            .create()
        try await sql.create(index: "dash_assessments_person").on(DashAssessmentRecord.schema)
            .column("person_id").run()
        try await sql.create(index: "dash_assessments_completed").on(DashAssessmentRecord.schema)
            .column("completed_at").run()
        try await sql.create(index: "dash_assessments_due").on(DashAssessmentRecord.schema)
            .column("supervision_due_at").run()

        try await database.schema(DashAnswerRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field(
                "assessment_id", .int, .required, .references(DashAssessmentRecord.schema, "id", onDelete: .cascade)
            )
            .field("question", .int, .required)
            .field("answer", .string, .required)
            .field("notes", .string, .required)
            .unique(on: "assessment_id", "question")
            .create()

        try await database.schema(DashReviewRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field(
                "assessment_id", .int, .required, .references(DashAssessmentRecord.schema, "id", onDelete: .cascade)
            )
            .field("reviewed_at", .datetime, .required)
            .field("reviewer_user_id", .int)
            .field("reviewer", .string, .required)
            .field("decision", .string, .required)
            .field("level_before", .string, .required)
            .field("level", .string, .required)
            .field("comments", .string, .required)
            .create()
        try await sql.create(index: "dash_reviews_assessment").on(DashReviewRecord.schema)
            .column("assessment_id").column("reviewed_at").run()

        try await database.schema(MaracReferralRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field(
                "assessment_id", .int, .required, .references(DashAssessmentRecord.schema, "id", onDelete: .cascade)
            )
            // `MaracCriterion` codes joined by commas; empty when no criterion is met.
            .field("criteria", .string, .required)
            .field("status", .string, .required)
            .field("referred_on", .string)
            .field("meeting_on", .string)
            .field("notes", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .unique(on: "assessment_id")
            .create()
        try await sql.create(index: "marac_referrals_status").on(MaracReferralRecord.schema).column("status").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [
            MaracReferralRecord.schema, DashReviewRecord.schema, DashAnswerRecord.schema, DashAssessmentRecord.schema,
            DashPolicyVersion.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
