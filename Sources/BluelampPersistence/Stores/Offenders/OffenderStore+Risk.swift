import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Risk assessments, visit frequencies and reactive management.
extension OffenderStore {
    // MARK: Risk and reactive management

    /// Records a risk assessment, which becomes the one in force when it is the latest, and optionally a
    /// new visit frequency (`nil` keeps the current one; the risk level's default clears an override), with the
    /// supervisor who approved it when it is longer than the level's minimum.
    public static func recordRiskAssessment(
        offenderID: Int, _ assessment: OffenderRiskAssessment, assessedBy: String?, frequency: VisitFrequency?,
        frequencyApprovedBy: String? = nil, on database: any Database
    ) async throws {
        try await database.transaction { db in
            guard let offender = try await RegisteredOffender.find(offenderID, on: db) else {
                throw OffenderStoreError.notFound
            }
            let record = RSORiskAssessmentRecord()
            record.$offender.id = offenderID
            record.assessedOn = OffenderCalendar.startOfDay(assessment.assessedOn)
            record.level = assessment.level.rawValue
            record.reviewDue = OffenderCalendar.startOfDay(assessment.reviewDue)
            record.assessedBy = assessedBy
            try await record.create(on: db)
            if record.assessedOn >= offender.riskAssessedOn {
                offender.riskLevel = assessment.level.rawValue
                offender.riskAssessedOn = record.assessedOn
                offender.riskReviewDue = record.reviewDue
            }
            if let frequency {
                offender.visitFrequencyMonths = frequency.isOverridden ? frequency.months : nil
                offender.visitFrequencyReason = frequency.overrideReason
                let approved = frequency.isLooserThanDefault(for: assessment.level) ? frequencyApprovedBy : nil
                offender.visitFrequencyApprovedBy = approved
                offender.visitFrequencyApprovedOn = approved.map { _ in record.assessedOn }
            }
            try await offender.save(on: db)
        }
    }

    /// The offender's assessments, oldest first.
    public static func assessments(offenderID: Int, on database: any Database) async throws -> [OffenderRiskAssessment]
    {
        try await RSORiskAssessmentRecord.query(on: database).filter(\.$offender.$id == offenderID).sort(\.$assessedOn)
            .all().compactMap { record in
                OffenderRiskLevel(rawValue: record.level).map {
                    OffenderRiskAssessment(assessedOn: record.assessedOn, level: $0, reviewDue: record.reviewDue)
                }
            }
    }

    /// Moves the offender to reactive management (the rule is checked by the caller: `ReactiveManagement`).
    public static func setReactive(
        offenderID: Int, since: Date, decidedBy: String, decidedByUserID: Int?, reason: String, at now: Date,
        on database: any Database
    ) async throws {
        guard let offender = try await RegisteredOffender.find(offenderID, on: database) else {
            throw OffenderStoreError.notFound
        }
        offender.reactiveSince = OffenderCalendar.startOfDay(since)
        offender.reactiveDecidedBy = decidedBy
        offender.reactiveDecidedByUserID = decidedByUserID
        offender.reactiveReason = reason
        offender.reactiveDecidedAt = now
        try await offender.save(on: database)
    }
}
