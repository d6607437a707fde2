import Foundation

/// The serious and organised crime indicators (issue 19), defined once, each evidencing one of the Met's five
/// areas for improvement from PEEL 2016 (effectiveness), under the 2014–2019 framework's question "How effective is
/// the force at tackling serious and organised crime?" (area `tackling-serious-and-organised-crime`; PEEL 2021/22's
/// `disrupting-serious-organised-crime` continues it). `OrganisedCrimeIndicatorStore` computes them. The bands
/// are Bluelamp's defaults, stated in each definition.
public enum OrganisedCrimeIndicators {
    public enum ID {
        public static let mappedInTime = "ocg.mapped-within-deadline"
        public static let reassessedInTime = "ocg.reassessed-on-time"
        public static let activeWithLead = "ocg.active-with-lead-officer"
        public static let plansWithFourPs = "ocg.plans-with-4ps"
        public static let seniorMeetings = "ocg.senior-partnership-meetings"
        public static let localProfile = "ocg.local-profile-with-partners"
        public static let intelligencePerGroup = "ocg.neighbourhood-intelligence"
    }

    public static let frameworkID = "peel-2014-2019"
    public static let area = "tackling-serious-and-organised-crime"
    /// The window the senior-meeting figure looks back over from the end of its period.
    public static let quarterDays = 91

    /// Which 2016 area for improvement (metropolitan-peel-2016-effectiveness) each indicator evidences.
    public static let evidences: [String: String] = [
        ID.localProfile: "AFI7",
        ID.seniorMeetings: "AFI8",
        ID.mappedInTime: "AFI9",
        ID.reassessedInTime: "AFI9",
        ID.intelligencePerGroup: "AFI10",
        ID.activeWithLead: "AFI11",
        ID.plansWithFourPs: "AFI11",
    ]

    public static func definitions(under policy: OCGPolicy) -> [IndicatorDefinition] {
        let percentBands = IndicatorThresholds(good: 95, adequate: 85, requiresImprovement: 70)
        let percentSource = "Bluelamp default: good at 95% or more, adequate from 85%, requires improvement from 70%"
        return [
            IndicatorDefinition(
                id: ID.mappedInTime, name: "Organised crime groups mapped within \(policy.mappingDays) days",
                description:
                    "Of organised crime groups whose first mapping fell due in the period (\(policy.mappingDays) days "
                    + "after identification, the OCG policy in force), the share first scored on the threat–harm–risk "
                    + "matrix by that day; a group still unmapped after its due day counts as late (PEEL 2016 AFI9). "
                    + "By the owning BCU.",
                frameworkID: frameworkID, areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: percentBands, thresholdSource: percentSource),
            IndicatorDefinition(
                id: ID.reassessedInTime, name: "Organised crime group re-assessments on time",
                description:
                    "Of re-assessments that fell due in the period (\(policy.reassessmentDays) days after a group's "
                    + "last scoring, for groups active or dormant when it fell due), the share made by that day; one "
                    + "not made by its due day counts as late, as does one still outstanding (PEEL 2016 AFI9).",
                frameworkID: frameworkID, areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: percentBands, thresholdSource: percentSource),
            IndicatorDefinition(
                id: ID.activeWithLead, name: "Active organised crime groups with a lead responsible officer",
                description:
                    "Of organised crime groups active now, the share with a lead responsible officer assigned who "
                    + "holds the policy's rank (\(policy.leadMinimumRank.name.lowercased()) or above) and "
                    + "accreditation (\(policy.leadMinimumPIP.label) or higher) (PEEL 2016 AFI11). Current figure.",
                frameworkID: frameworkID, areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 100, adequate: 90, requiresImprovement: 75),
                thresholdSource:
                    "Bluelamp default: AFI11 asks for all active groups; good at 100%, adequate from 90%, requires "
                    + "improvement from 75%"),
            IndicatorDefinition(
                id: ID.plansWithFourPs, name: "Active groups' plans covering all 4 Ps",
                description:
                    "Of organised crime groups active now, the share whose management plan holds at least one action "
                    + "not cancelled under each of pursue, prevent, protect and prepare (PEEL 2016 AFI11). Current "
                    + "figure.",
                frameworkID: frameworkID, areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 90, adequate: 75, requiresImprovement: 50),
                thresholdSource:
                    "Bluelamp default: good at 90% or more, adequate from 75%, requires improvement from 50%"),
            IndicatorDefinition(
                id: ID.seniorMeetings, name: "Senior partnership meetings in the last quarter",
                description:
                    "Partnership meetings on serious and organised crime held at strategic (senior) level in the "
                    + "\(quarterDays) days up to the end of the period, counted for the BCU that held them (the "
                    + "force figure includes force-level meetings) (PEEL 2016 AFI8: engage routinely with partner "
                    + "agencies at a senior level).",
                frameworkID: frameworkID, areaID: area, unit: .count, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 3, adequate: 2, requiresImprovement: 1),
                thresholdSource:
                    "Bluelamp default: monthly senior engagement is routine — good at 3 a quarter, adequate at 2, "
                    + "requires improvement at 1"),
            IndicatorDefinition(
                id: ID.localProfile, name: "Local profile made with partners and in date",
                description:
                    "The share of territorial BCUs (for a BCU: 100 or 0) whose latest serious and organised crime "
                    + "local profile published by the end of the period names at least one contributing partner and "
                    + "has not passed its review date; a force-wide profile counts for every BCU (PEEL 2016 AFI7).",
                frameworkID: frameworkID, areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 100, adequate: 75, requiresImprovement: 50),
                thresholdSource:
                    "Bluelamp default: good when every BCU has one, adequate from 75%, requires improvement from 50%"),
            IndicatorDefinition(
                id: ID.intelligencePerGroup, name: "Neighbourhood intelligence submissions per active group",
                description:
                    "Intelligence submissions on organised crime groups made in the period through the BCU awareness "
                    + "view, divided by the groups identified by its end and active now, by the group's owning BCU (PEEL "
                    + "2016 AFI10: neighbourhood teams collecting intelligence on groups).",
                frameworkID: frameworkID, areaID: area, unit: .ratio, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 2, adequate: 1, requiresImprovement: 0.5),
                thresholdSource:
                    "Bluelamp default: good at 2 or more submissions per active group, adequate from 1, requires "
                    + "improvement from 0.5"),
        ]
    }
}
