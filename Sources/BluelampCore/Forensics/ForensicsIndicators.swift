import Foundation

/// The digital forensics indicators (issue 18), defined once and computed by `ForensicsIndicatorStore` from the
/// device submissions and crimes. PEEL 2023–25 found that only two devices could be submitted to the unit at one time,
/// which "increases the likelihood that investigative opportunities are being missed", and put the no-further-action
/// rate of indecent-imagery-of-children investigations at 60%. Under "Investigating crime".
public enum ForensicsIndicators {
    public enum ID {
        public static let devicesWaiting = "forensics.devices-waiting"
        public static let medianWait = "forensics.median-wait-days"
        public static let p90Wait = "forensics.p90-wait-days"
        public static let childRiskWaitingOver2Days = "forensics.child-risk-waiting-over-2-days"
        public static let iiocNoFurtherAction = "forensics.iioc-no-further-action"
    }

    public static let area = "investigating-crime"

    /// The outcome types counted as no further action: formal action or further investigation not in the public
    /// interest (10, 21), evidential difficulties (14, 15, 16) and investigation complete with no suspect
    /// identified (18).
    public static let noFurtherActionOutcomes: [OutcomeType] = [
        .formalActionNotInPublicInterestPolice, .evidentialDifficultiesSuspectNotIdentified,
        .evidentialDifficultiesVictimSupports, .evidentialDifficultiesVictimDoesNotSupport,
        .investigationCompleteNoSuspectIdentified, .furtherInvestigationNotInPublicInterest,
    ]

    /// How long a device with risk to children may wait before it counts against the unit, in days.
    public static let childRiskWaitDays = 2

    public static let definitions: [IndicatorDefinition] = [
        IndicatorDefinition(
            id: ID.devicesWaiting, name: "Devices waiting for digital triage",
            description:
                "Devices submitted to the digital forensics unit and not yet started, as the records stand at the "
                + "end of the period (submitted, with no examination begun); by the BCU of the device's crime.",
            areaID: area, unit: .count, direction: .lowerIsBetter,
            thresholds: IndicatorThresholds(good: 20, adequate: 50, requiresImprovement: 100),
            thresholdSource: "Bluelamp default: good at 20 or fewer, adequate to 50, requires improvement to 100"),
        IndicatorDefinition(
            id: ID.medianWait, name: "Median wait for digital triage",
            description:
                "Of devices whose triage started in the period, the median days from submission to the start "
                + "(nearest rank).",
            areaID: area, unit: .days, direction: .lowerIsBetter,
            thresholds: IndicatorThresholds(good: 2, adequate: 7, requiresImprovement: 14),
            thresholdSource: "Bluelamp default: good at 2 days or less, adequate to 7, requires improvement to 14"),
        IndicatorDefinition(
            id: ID.p90Wait, name: "90th percentile wait for digital triage",
            description:
                "Of devices whose triage started in the period, the days from submission to the start within which "
                + "90% started (nearest rank).",
            areaID: area, unit: .days, direction: .lowerIsBetter,
            thresholds: IndicatorThresholds(good: 7, adequate: 14, requiresImprovement: 28),
            thresholdSource: "Bluelamp default: good at 7 days or less, adequate to 14, requires improvement to 28"),
        IndicatorDefinition(
            id: ID.childRiskWaitingOver2Days, name: "Devices with risk to children waiting over 2 days",
            description:
                "Devices marked as a risk to children, not yet started at the end of the period and submitted more "
                + "than \(childRiskWaitDays) days before it.",
            areaID: area, unit: .count, direction: .lowerIsBetter,
            thresholds: IndicatorThresholds(good: 0, adequate: 2, requiresImprovement: 5),
            thresholdSource: "Bluelamp default: good at none, adequate to 2, requires improvement to 5"),
        IndicatorDefinition(
            id: ID.iiocNoFurtherAction, name: "No further action in indecent-imagery-of-children investigations",
            description:
                "Of crimes with a device submitted as a risk to children (indecent imagery of children) whose outcome "
                + "was recorded in the period, the share with a no-further-action outcome: Home Office outcome types "
                + "10, 14, 15, 16, 18 or 21. PEEL 2023–25 put the Met's rate at 60%.",
            areaID: area, unit: .percent, direction: .lowerIsBetter,
            thresholds: IndicatorThresholds(good: 30, adequate: 45, requiresImprovement: 60),
            thresholdSource:
                "Bluelamp default: good at 30% or less, adequate to 45%, requires improvement to 60% (the rate the "
                + "2023–25 report found)"),
    ]
}
