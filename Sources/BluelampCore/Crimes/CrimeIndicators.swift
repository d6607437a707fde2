import Foundation

/// The crime indicators, defined once (issue 5, "Indicators"): recording decisions within 24 hours,
/// crimes by type (for any BCU and month), outcome rates, and open investigations by age.
/// `CrimeIndicatorStore` computes them; the inspection dashboard reads them through the registry.
///
/// Denominators: outcome rates are shares of the crimes recorded in the period (cancelled records
/// excepted) **whose outcome is known**. A crime still under investigation is neither charged nor not:
/// counted in the denominator, as "no outcome yet", it pulled the newest period's rates down until its
/// investigations finished, and graded a force down by its own newest crimes (issue 15). Each figure's
/// note says how many crimes recorded in the period are still awaiting an outcome and so left out.
/// Open-investigation figures describe the crimes open now, aged at the
/// end of the period. The thresholds are Bluelamp's defaults, stated in each definition; a force sets
/// its own in policy.
public enum CrimeIndicators {
    public enum ID {
        public static let recordedWithin24Hours = "crimes.recorded-within-24h"
        public static let recorded = "crimes.recorded"
        public static func recorded(_ category: CrimeCategory) -> String { "crimes.recorded.\(category.code)" }
        public static let chargeRate = "crimes.outcome-rate.charge-summons"
        public static let noSuspectRate = "crimes.outcome-rate.no-suspect-identified"
        public static let victimDoesNotSupportRate = "crimes.outcome-rate.victim-does-not-support"
        public static let openInvestigations = "crimes.open-investigations"
        public static let openOver28Days = "crimes.open-over-28-days"
        public static let openOver90Days = "crimes.open-over-90-days"
    }

    /// Outcome types each outcome-rate indicator counts.
    public static let outcomeTypes: [String: [OutcomeType]] = [
        ID.chargeRate: [.chargedOrSummonsed],
        ID.noSuspectRate: [.investigationCompleteNoSuspectIdentified],
        // The Home Office group "evidential difficulties: victim does not support" (outcomes 14 and 16).
        ID.victimDoesNotSupportRate: [
            .evidentialDifficultiesSuspectNotIdentified, .evidentialDifficultiesVictimDoesNotSupport,
        ],
    ]

    static let recording = "recording-data-about-crime"
    static let investigating = "investigating-crime"
    static let preventing = "preventing-and-deterring-crime"
    /// A volume has no good or bad: the edges are set so far out that every count is "good".
    static let volume = IndicatorThresholds(good: 1e12, adequate: 1e12, requiresImprovement: 1e12)

    public static let definitions: [IndicatorDefinition] = {
        var list: [IndicatorDefinition] = [
            IndicatorDefinition(
                id: ID.recordedWithin24Hours, name: "Crimes recorded within 24 hours of the report",
                description:
                    "Share of the reports decided in the period whose recording decision (recorded as a crime, as an incident, or no crime) "
                    + "was made within the allowance of the force's recording policy (24 hours by default) of the report reaching the police; "
                    + "reports still awaiting a decision whose allowance ran out in the period count as late. "
                    + "Crimes whose decision time is not known are left out, and each figure says how many: crimes imported from police.uk, "
                    + "which publishes only the month a crime was recorded in.",
                areaID: recording, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 95, adequate: 90, requiresImprovement: 80),
                thresholdSource:
                    "Crime Recording Rules: the decision is due within 24 hours; Bluelamp default bands 95/90/80%"),
            IndicatorDefinition(
                id: ID.recorded, name: "Crimes recorded",
                description: "Reports recorded as crimes in the period (cancelled records excepted).",
                areaID: preventing, unit: .count, direction: .lowerIsBetter, thresholds: volume,
                thresholdSource: "A volume: no threshold"),
        ]
        list += CrimeCategory.allCases.map { category in
            IndicatorDefinition(
                id: ID.recorded(category), name: "Crimes recorded: \(category.name.lowercased())",
                description:
                    "Crimes of the police.uk category \"\(category.name)\" recorded in the period (cancelled records excepted).",
                areaID: preventing, unit: .count, direction: .lowerIsBetter, thresholds: volume,
                thresholdSource: "A volume: no threshold")
        }
        list += [
            IndicatorDefinition(
                id: ID.chargeRate, name: "Charge or summons rate",
                description:
                    "Share of the crimes recorded in the period whose outcome is known that were given outcome 1, charged or summonsed."
                    + " Crimes still awaiting an outcome are left out, and each figure says how many.",
                areaID: investigating, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 10, adequate: 7, requiresImprovement: 5),
                thresholdSource:
                    "Bluelamp default, around the national charge rate of about 7% (Home Office crime outcomes)"),
            IndicatorDefinition(
                id: ID.noSuspectRate, name: "Closed with no suspect identified",
                description:
                    "Share of the crimes recorded in the period whose outcome is known that were closed with outcome 18, investigation complete – no suspect identified."
                    + " Crimes still awaiting an outcome are left out, and each figure says how many.",
                areaID: investigating, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 40, adequate: 50, requiresImprovement: 60),
                thresholdSource: "Bluelamp default bands 40/50/60%"),
            IndicatorDefinition(
                id: ID.victimDoesNotSupportRate, name: "Evidential difficulties: victim does not support",
                description:
                    "Share of the crimes recorded in the period whose outcome is known that were closed with outcome 14 or 16, the victim not supporting (or withdrawing support from) police action."
                    + " Crimes still awaiting an outcome are left out, and each figure says how many.",
                areaID: investigating, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 10, adequate: 15, requiresImprovement: 20),
                thresholdSource: "Bluelamp default bands 10/15/20%"),
            IndicatorDefinition(
                id: ID.openInvestigations, name: "Open investigations",
                description:
                    "Crimes open now (recorded, awaiting allocation, allocated, under investigation or awaiting a supervisor) that were recorded before the end of the period.",
                areaID: investigating, unit: .count, direction: .lowerIsBetter, thresholds: volume,
                thresholdSource: "A volume: no threshold"),
            IndicatorDefinition(
                id: ID.openOver28Days, name: "Open investigations older than 28 days",
                description:
                    "Share of the open investigations recorded more than 28 days before the end of the period.",
                areaID: investigating, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 30, adequate: 40, requiresImprovement: 50),
                thresholdSource: "Bluelamp default bands 30/40/50%"),
            IndicatorDefinition(
                id: ID.openOver90Days, name: "Open investigations older than 90 days",
                description:
                    "Share of the open investigations recorded more than 90 days before the end of the period.",
                areaID: investigating, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 10, adequate: 15, requiresImprovement: 25),
                thresholdSource: "Bluelamp default bands 10/15/25%"),
        ]
        return list
    }()
}
