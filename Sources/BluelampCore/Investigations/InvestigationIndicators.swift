import Foundation

/// The investigation indicators (issue 16), defined once: supervisory reviews on time, investigations with a
/// recorded line of enquiry, actions done by their day, and flagged notes a supervisor has looked at.
/// `InvestigationIndicatorStore` computes them. The PEEL 2023–25 inspection graded investigating crime inadequate,
/// finding lines of enquiry not identified or pursued (`Citations.linesOfEnquiryNotPursued`) and supervisors
/// untrained in managing crime workloads (`Citations.supervisorsUntrainedInWorkloads`); identifying
/// victim-blaming language was an improvement recognised when the Met left Engage
/// (`Citations.engageExitImprovements`). The bands are Bluelamp's defaults, stated in each definition.
public enum InvestigationIndicators {
    public enum ID {
        public static let reviewsOnTime = "investigations.reviews-on-time"
        public static let firstReviewsOnTime = "investigations.first-reviews-on-time"
        public static let withLineOfEnquiry = "investigations.with-line-of-enquiry"
        public static let actionsOnTime = "investigations.actions-on-time"
        public static let flaggedNotesReviewed = "investigations.flagged-notes-reviewed"
    }

    public static let area = "investigating-crime"

    public static func definitions(under policy: SupervisionPolicy) -> [IndicatorDefinition] {
        [
            IndicatorDefinition(
                id: ID.reviewsOnTime, name: "Supervisory reviews on time",
                description:
                    "Of supervisory reviews that fell due in the period, the share made by their due time: the first "
                    + "within \(policy.firstReviewDays) days of allocation, each later one by the day the last review "
                    + "set and no more than \(policy.reviewIntervalDays) days after it (the supervision policy in "
                    + "force). A review not made by then on an open investigation counts as late "
                    + "(\(Citations.supervisorsUntrainedInWorkloads.short)).",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 90, adequate: 80, requiresImprovement: 65),
                thresholdSource:
                    "Bluelamp default: good at 90% or more, adequate from 80%, requires improvement from 65%"),
            IndicatorDefinition(
                id: ID.firstReviewsOnTime, name: "First supervisory reviews within \(policy.firstReviewDays) days",
                description:
                    "Of investigations whose first review fell due in the period, the share reviewed by then "
                    + "(\(policy.firstReviewDays) days after the crime was first allocated); an investigation "
                    + "still unreviewed past its due time counts as late.",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 90, adequate: 80, requiresImprovement: 65),
                thresholdSource:
                    "Bluelamp default: good at 90% or more, adequate from 80%, requires improvement from 65%"),
            IndicatorDefinition(
                id: ID.withLineOfEnquiry, name: "Investigations with a recorded line of enquiry",
                description:
                    "Of crimes first allocated to an investigator in the period, the share with at least one line "
                    + "of enquiry recorded by the end of the period (\(Citations.linesOfEnquiryNotPursued.short)).",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 95, adequate: 85, requiresImprovement: 70),
                thresholdSource:
                    "Bluelamp default: good at 95% or more, adequate from 85%, requires improvement from 70%"),
            IndicatorDefinition(
                id: ID.actionsOnTime, name: "Investigation actions done by their due day",
                description:
                    "Of actions due in the period, the share marked done by the end of their due day (London time); "
                    + "an action not done is late.",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 90, adequate: 75, requiresImprovement: 60),
                thresholdSource:
                    "Bluelamp default: good at 90% or more, adequate from 75%, requires improvement from 60%"),
            IndicatorDefinition(
                id: ID.flaggedNotesReviewed, name: "Flagged notes and contact summaries reviewed by a supervisor",
                description:
                    "Of investigation notes and victim contact summaries written in the period that the "
                    + "victim-blaming lexicon flagged, the share a supervisor has marked reviewed (\(Citations.engageExitImprovements.inspection): "
                    + "identifying victim-blaming language).",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 95, adequate: 85, requiresImprovement: 70),
                thresholdSource:
                    "Bluelamp default: good at 95% or more, adequate from 85%, requires improvement from 70%"),
        ]
    }
}
