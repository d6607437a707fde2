import Foundation

/// The Victims' Code indicators (issue 16), defined once: victims told of key events in time (enhanced and standard
/// apart), routine updates on time, needs assessments and Victim Personal Statements. `VictimIndicatorStore`
/// computes them. They sit under the graded area "Investigating crime" (the victim service assessment of PEEL 2023–25
/// is reported, not graded, and the registry ties every indicator to a graded area); the inspectorate found victims
/// not helped to use their rights and enhanced rights not recognised. A victim who asked
/// not to be contacted is left out of the clocks. The bands are Bluelamp's defaults, stated in each definition.
public enum VictimIndicators {
    public enum ID {
        public static func toldOnTime(enhanced: Bool) -> String {
            enhanced ? "victims.told-on-time-enhanced" : "victims.told-on-time-standard"
        }
        public static let updatesOnTime = "victims.updates-on-time"
        public static let needsAssessed = "victims.needs-assessed"
        public static let statementOffered = "victims.vps-offered"
    }

    public static let area = "investigating-crime"

    public static let definitions: [IndicatorDefinition] = [
        IndicatorDefinition(
            id: ID.toldOnTime(enhanced: true), name: "Victims with enhanced rights told of key events in time",
            description:
                "Of key events (arrest, interview, bail, release under investigation, charge, no further action, "
                + "investigation closed, outcome) whose telling fell due in the period for a victim with enhanced "
                + "rights, the share told by the end of the next working day (Code of Practice for Victims of Crime, "
                + "Right 6; bank holidays of England and Wales skipped). Not yet told once due counts as late.",
            areaID: area, unit: .percent, direction: .higherIsBetter,
            thresholds: IndicatorThresholds(good: 95, adequate: 85, requiresImprovement: 70),
            thresholdSource: "Bluelamp default: good at 95% or more, adequate from 85%, requires improvement from 70%"),
        IndicatorDefinition(
            id: ID.toldOnTime(enhanced: false), name: "Victims with standard rights told of key events in time",
            description:
                "As for enhanced rights, within 5 working days of the event (Code of Practice for Victims of Crime, "
                + "Right 6).",
            areaID: area, unit: .percent, direction: .higherIsBetter,
            thresholds: IndicatorThresholds(good: 95, adequate: 85, requiresImprovement: 70),
            thresholdSource: "Bluelamp default: good at 95% or more, adequate from 85%, requires improvement from 70%"),
        IndicatorDefinition(
            id: ID.updatesOnTime, name: "Routine updates to victims on time",
            description:
                "Of routine updates that fell due in the period (every 28 days while the investigation is open, or "
                + "as agreed with the victim), the share made by then; an update not made by now on an open "
                + "investigation counts as late.",
            areaID: area, unit: .percent, direction: .higherIsBetter,
            thresholds: IndicatorThresholds(good: 90, adequate: 80, requiresImprovement: 65),
            thresholdSource: "Bluelamp default: good at 90% or more, adequate from 80%, requires improvement from 65%"),
        IndicatorDefinition(
            id: ID.needsAssessed, name: "Victims with a needs assessment",
            description:
                "Of victims on crimes first allocated in the period, the share whose needs were assessed and referral "
                + "to support services offered (Right 4).",
            areaID: area, unit: .percent, direction: .higherIsBetter,
            thresholds: IndicatorThresholds(good: 95, adequate: 85, requiresImprovement: 70),
            thresholdSource: "Bluelamp default: good at 95% or more, adequate from 85%, requires improvement from 70%"),
        IndicatorDefinition(
            id: ID.statementOffered, name: "Victims offered a Victim Personal Statement",
            description:
                "Of victims on crimes closed or charged in the period, the share offered the chance to make a Victim "
                + "Personal Statement (Right 7).",
            areaID: area, unit: .percent, direction: .higherIsBetter,
            thresholds: IndicatorThresholds(good: 95, adequate: 85, requiresImprovement: 70),
            thresholdSource: "Bluelamp default: good at 95% or more, adequate from 85%, requires improvement from 70%"),
    ]
}
