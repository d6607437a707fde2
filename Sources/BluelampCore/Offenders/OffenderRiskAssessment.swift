import Foundation

/// One ARMS risk assessment of a registered sex offender, with the date it must be reviewed by.
public struct OffenderRiskAssessment: Sendable, Hashable, Codable {
    public var assessedOn: Date
    public var level: OffenderRiskLevel
    /// The last day by which the next assessment is due.
    public var reviewDue: Date

    public init(assessedOn: Date, level: OffenderRiskLevel, reviewDue: Date) {
        self.assessedOn = assessedOn
        self.level = level
        self.reviewDue = reviewDue
    }

    /// True after the review date has passed (a review on the due date is in time).
    public func isReviewOverdue(today: Date) -> Bool {
        reviewDaysOverdue(today: today) > 0
    }

    public func reviewDaysOverdue(today: Date) -> Int {
        max(0, OffenderCalendar.days(from: reviewDue, to: today))
    }
}

extension Array where Element == OffenderRiskAssessment {
    /// The assessment in force: the latest by assessment date (nil when there is none).
    public var current: OffenderRiskAssessment? { self.max { $0.assessedOn < $1.assessedOn } }
}
