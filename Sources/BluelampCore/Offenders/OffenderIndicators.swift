import Foundation

/// The indicators for "Managing offenders and suspects" (PEEL 2023–25, graded inadequate for the Met), defined
/// once (issue 8, "Indicators"): home visits overdue by risk level, unannounced visits, offenders not seen for a
/// year, risk reviews overdue, wanted suspects outstanding over 28 days, escalations nobody has decided, visit
/// intervals longer than the minimum and high-risk offenders with an unannounced visit in the year.
/// `OffenderIndicatorStore` computes them.
///
/// Figures that describe a state ("overdue", "outstanding", "without a decision") are taken as at the last day
/// of the period. The thresholds are Bluelamp's defaults, stated in each definition; a force sets its own in
/// policy.
public enum OffenderIndicators {
    public static let area = "managing-offenders-and-suspects"

    public enum ID {
        public static func visitsOverdue(_ risk: OffenderRiskLevel) -> String {
            "offenders.visits-overdue.\(risk.rawValue.replacingOccurrences(of: "_", with: "-"))"
        }
        public static let visitsUnannounced = "offenders.visits-unannounced"
        public static let noSuccessfulVisit12Months = "offenders.no-successful-visit-12-months"
        public static let riskReviewsOverdue = "offenders.risk-reviews-overdue"
        public static let wantedOver28Days = "suspects.wanted-over-28-days"
        public static let escalationsUndecided = "offenders.escalations-undecided"
        public static let intervalsLongerThanMinimum = "offenders.visit-intervals-longer-than-minimum"
        public static let highRiskUnannouncedYearly = "offenders.high-risk-unannounced-visit-12-months"
    }

    public static let definitions: [IndicatorDefinition] = {
        var list: [IndicatorDefinition] = OffenderRiskLevel.allCases.reversed().map { risk in
            IndicatorDefinition(
                id: ID.visitsOverdue(risk), name: "Home visits overdue: \(risk.label.lowercased()) risk",
                description:
                    "Share of registered sex offenders assessed \(risk.label.lowercased()) risk on the last day "
                    + "of the period (not under reactive management) whose last successful visit, or registration, "
                    + "is more than their visit frequency ago (default every \(risk.defaultVisitFrequencyMonths) "
                    + "month\(risk.defaultVisitFrequencyMonths == 1 ? "" : "s")).",
                areaID: area, unit: .percent, direction: .lowerIsBetter,
                thresholds: risk >= .high
                    ? IndicatorThresholds(good: 0, adequate: 2, requiresImprovement: 5)
                    : IndicatorThresholds(good: 2, adequate: 5, requiresImprovement: 10),
                thresholdSource: risk >= .high
                    ? "Bluelamp default: good at 0%, adequate to 2%, requires improvement to 5% "
                        + "(\(Citations.rsoNotSeenSince2017.short))"
                    : "Bluelamp default: good at 2% or less, adequate to 5%, requires improvement to 10%")
        }
        list += [
            IndicatorDefinition(
                id: ID.visitsUnannounced, name: "Home visits unannounced",
                description: "Share of home visits made in the period (any outcome) that were not announced to the "
                    + "offender in advance.",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 70, adequate: 50, requiresImprovement: 35),
                thresholdSource: "Force target: at least half of visits unannounced; good from 70%, "
                    + "requires improvement from 35% (\(Citations.visitsAnnounced.short))"),
            IndicatorDefinition(
                id: ID.noSuccessfulVisit12Months, name: "Offenders not seen in 12 months",
                description: "Share of registered sex offenders registered for at least 12 months on the last day of "
                    + "the period (not under reactive management) with no successful visit in the 12 months to it.",
                areaID: area, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 0.5, adequate: 2, requiresImprovement: 5),
                thresholdSource: "Bluelamp default: good at 0.5% or less, adequate to 2%, requires improvement to 5% "
                    + "(every risk level is due a visit at least yearly)"),
            IndicatorDefinition(
                id: ID.riskReviewsOverdue, name: "Risk reviews overdue",
                description: "Share of registered sex offenders whose risk assessment in force on the last day of the "
                    + "period was past its review date.",
                areaID: area, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 2, adequate: 5, requiresImprovement: 10),
                thresholdSource: "Bluelamp default: good at 2% or less, adequate to 5%, requires improvement to 10%"),
            IndicatorDefinition(
                id: ID.wantedOver28Days, name: "Wanted suspects outstanding over 28 days",
                description: "Share of named suspects not yet arrested on the last day of the period who had been "
                    + "outstanding for more than 28 days.",
                areaID: area, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 20, adequate: 35, requiresImprovement: 50),
                thresholdSource: "Bluelamp default: good at 20% or less, adequate to 35%, requires improvement to 50% "
                    + "(\(Citations.offendersAndSuspectsInadequate.short); \(Citations.wantedMonitoredActively2016.short))"
            ),
            IndicatorDefinition(
                id: ID.escalationsUndecided, name: "Arrest or warrant escalations without a decision",
                description:
                    "\"Consider arrest or warrant\" cases (no successful visit for twice the frequency) raised "
                    + "on or before the last day of the period and not decided by its end.",
                areaID: area, unit: .count, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 0, adequate: 2, requiresImprovement: 5),
                thresholdSource: "Bluelamp default: good at none, adequate to 2, requires improvement to 5 "
                    + "(\(Citations.noArrestConsidered.short))"),
            IndicatorDefinition(
                id: ID.intervalsLongerThanMinimum, name: "Visit intervals longer than the minimum",
                description:
                    "Registered sex offenders (not under reactive management) whose visit interval, as the risk "
                    + "management plan now sets it, is longer than the minimum for the risk level in force on the last "
                    + "day of the period (very high every month, high 3, medium 6, low 12). Each needs a supervisor's "
                    + "approval with a reason.",
                areaID: area, unit: .count, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 0, adequate: 2, requiresImprovement: 5),
                thresholdSource: "Bluelamp default: good at none, adequate to 2, requires improvement to 5 "
                    + "(the frequencies are minimums; \(Citations.rsoNotSeenSince2017.short))"),
            IndicatorDefinition(
                id: ID.highRiskUnannouncedYearly, name: "High-risk offenders with an unannounced visit in 12 months",
                description: "Share of registered sex offenders assessed high or very high risk on the last day of the "
                    + "period, registered for at least 12 months and not under reactive management, with at least one "
                    + "unannounced home visit (any outcome) in the 12 months to it, from the visit records.",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 98, adequate: 90, requiresImprovement: 75),
                thresholdSource:
                    "Force target: at least one unannounced visit a year for high and very high risk; good "
                    + "from 98%, requires improvement from 75% (\(Citations.visitsAnnounced.short))"),
        ]
        return list
    }()
}
