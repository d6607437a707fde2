import Foundation

/// The indicators of responding to the public (issue 18), defined once and computed by `CallIndicatorStore` from the
/// call records alone (`CallFigures` gives the same figures in memory). The area is PEEL 2023–25's graded
/// "Responding to the public": the Met entered Engage in June 2022 after it was found inadequate at it, and answering
/// calls more quickly was among the improvements found when it left (`Citations.engageExitImprovements`).
public enum CallIndicators {
    public enum ID {
        public static let emergencyAnsweredInTime = "calls.999-answered-within-10s"
        public static let nonEmergencyAbandoned = "calls.101-abandoned"
        public static let immediateAttendedInTime = "calls.immediate-attended-within-15m"
        public static let significantAttendedInTime = "calls.significant-attended-within-60m"
    }

    public static let area = "responding-to-the-public"

    public static func definitions(under standards: CallStandards = .standard) -> [IndicatorDefinition] {
        let target = Int((standards.emergencyAnswerTarget * 100).rounded())
        return [
            IndicatorDefinition(
                id: ID.emergencyAnsweredInTime,
                name: "999 calls answered within \(standards.emergencyAnswerSeconds) seconds",
                description:
                    "Of 999 calls received in the period and answered, the share answered within "
                    + "\(standards.emergencyAnswerSeconds) seconds of ringing; abandoned 999 calls are not counted. The national "
                    + "standard is \(target)%.",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: Double(target), adequate: 85, requiresImprovement: 75),
                thresholdSource:
                    "National standard: \(target)% of 999 calls answered within \(standards.emergencyAnswerSeconds) "
                    + "seconds (good); Bluelamp default below it: adequate from 85%, requires improvement from 75%"),
            IndicatorDefinition(
                id: ID.nonEmergencyAbandoned, name: "101 calls abandoned",
                description:
                    "Of 101 calls received in the period that were answered or abandoned, the share abandoned (the "
                    + "caller hung up before a call handler answered).",
                areaID: area, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 10, adequate: 20, requiresImprovement: 30),
                thresholdSource: "Bluelamp default: good at 10% or less, adequate to 20%, requires improvement to 30%"),
            IndicatorDefinition(
                id: ID.immediateAttendedInTime,
                name: "Immediate incidents attended within \(standards.immediateAttendMinutes) minutes",
                description:
                    "Of calls received in the period whose incident was graded I (immediate), the share attended "
                    + "within \(standards.immediateAttendMinutes) minutes of the call being received; one never "
                    + "attended counts as not within.",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 90, adequate: 80, requiresImprovement: 70),
                thresholdSource:
                    "Bluelamp default: good at 90% or more, adequate from 80%, requires improvement from 70%"),
            IndicatorDefinition(
                id: ID.significantAttendedInTime,
                name: "Significant incidents attended within \(standards.significantAttendMinutes) minutes",
                description:
                    "Of calls received in the period whose incident was graded S (significant), the share attended "
                    + "within \(standards.significantAttendMinutes) minutes of the call being received; one never "
                    + "attended counts as not within.",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 90, adequate: 80, requiresImprovement: 70),
                thresholdSource:
                    "Bluelamp default: good at 90% or more, adequate from 80%, requires improvement from 70%"),
        ]
    }
}
