import Foundation

/// A risk review as the offender manager records it, before checking: the ARMS level, the next review and,
/// when the risk management plan sets one, a visit frequency other than the level's default, with its reason.
///
/// Field keys (`assessed_on`, `level`, `review_due`, `frequency_months`, `frequency_reason`) are shared by the
/// record page's form and the API.
public struct RSORiskReviewDraft: Sendable, Hashable {
    /// `YYYY-MM-DD`.
    public var assessedOn: String = ""
    /// An `OffenderRiskLevel` raw value.
    public var level: String = ""
    /// `YYYY-MM-DD`; empty for a year after the assessment.
    public var reviewDue: String = ""
    /// Whole months; empty for the level's default.
    public var frequencyMonths: String = ""
    public var frequencyReason: String = ""

    public init(
        assessedOn: String = "", level: String = "", reviewDue: String = "", frequencyMonths: String = "",
        frequencyReason: String = ""
    ) {
        self.assessedOn = assessedOn
        self.level = level
        self.reviewDue = reviewDue
        self.frequencyMonths = frequencyMonths
        self.frequencyReason = frequencyReason
    }
}

/// A risk review that passed the checks.
public struct CheckedRSORiskReview: Sendable, Hashable {
    public var assessment: OffenderRiskAssessment
    public var frequency: VisitFrequency
}

extension RSORiskReviewDraft {
    /// Checks the review on `today`: every problem, each naming its field, or the assessment and frequency.
    ///
    /// The risk level's frequencies are minimums (very high every month, high 3, medium 6, low 12: shared/DESIGN.md),
    /// so a longer interval needs a supervisor's approval as well as a reason: `supervisorApproves` says whether the
    /// person recording the review is a supervisor over the offender (issue 15). A shorter one needs only the reason.
    public func check(today: Date, supervisorApproves: Bool = false) -> Result<CheckedRSORiskReview, FieldErrors> {
        var errors: [FieldError] = []
        func fail(_ field: String, _ label: String, _ message: String) {
            errors.append(FieldError(field: field, label: label, message: message))
        }
        let assessed = OffenderCalendar.parseDay(assessedOn.trimmingCharacters(in: .whitespaces))
        if assessed == nil {
            fail("assessed_on", "Date assessed", "enter a date such as \(OffenderCalendar.format(today)).")
        }
        if let assessed, OffenderCalendar.days(from: today, to: assessed) > 0 {
            fail("assessed_on", "Date assessed", "an assessment cannot be recorded before it is made.")
        }
        let level = OffenderRiskLevel(fileValue: level)
        if level == nil { fail("level", "Risk level", "choose low, medium, high or very high.") }
        let reviewText = reviewDue.trimmingCharacters(in: .whitespaces)
        var reviewDue =
            reviewText.isEmpty
            ? assessed.map { OffenderCalendar.adding(months: 12, to: $0) } : OffenderCalendar.parseDay(reviewText)
        if reviewDue == nil {
            fail("review_due", "Next review", "enter a date, or leave it empty for a year after the assessment.")
        }
        if let assessed, let due = reviewDue, OffenderCalendar.days(from: assessed, to: due) <= 0 {
            fail("review_due", "Next review", "it must come after the assessment.")
            reviewDue = nil
        }
        var frequency: VisitFrequency?
        let monthsText = frequencyMonths.trimmingCharacters(in: .whitespaces)
        if let level {
            if monthsText.isEmpty {
                frequency = VisitFrequency(defaultFor: level)
            } else if let months = Int(monthsText) {
                if months == level.defaultVisitFrequencyMonths
                    && frequencyReason.trimmingCharacters(in: .whitespaces).isEmpty
                {
                    frequency = VisitFrequency(defaultFor: level)
                } else {
                    do {
                        frequency = try VisitFrequency(months: months, overrideReason: frequencyReason)
                    } catch {
                        fail("frequency_months", "Visit frequency", "\(error.description).")
                    }
                    if let set = frequency, set.isLooserThanDefault(for: level), !supervisorApproves {
                        fail(
                            "frequency_months", "Visit frequency",
                            "every \(set.months) months is longer than the minimum for \(level.label.lowercased()) risk "
                                + "(every \(level.defaultVisitFrequencyMonths) month\(level.defaultVisitFrequencyMonths == 1 ? "" : "s")): "
                                + "a longer interval needs a supervisor's approval, so a supervisor must record this review."
                        )
                        frequency = nil
                    }
                }
            } else {
                fail(
                    "frequency_months", "Visit frequency",
                    "enter a whole number of months, or leave it empty for the default.")
            }
        }
        guard errors.isEmpty, let assessed, let level, let reviewDue, let frequency else {
            return .failure(FieldErrors(errors: errors))
        }
        return .success(
            CheckedRSORiskReview(
                assessment: OffenderRiskAssessment(assessedOn: assessed, level: level, reviewDue: reviewDue),
                frequency: frequency))
    }
}
