import Foundation

/// The organisation indicators, defined once: officers' status, specialist accreditations, supervision and
/// investigator levels; `OrganisationIndicatorStore` computes them. The thresholds are Bluelamp's defaults,
/// stated in each definition; a force sets its own in policy.
public enum OrganisationIndicators {
    public enum ID {
        public static let officersUnavailable = "workforce.officers-unavailable"
        public static let accreditationsExpired = "vulnerability.specialist-accreditations-expired"
        public static let investigatorsPerSupervisor = "investigation.investigators-per-supervisor"
        public static let investigatorsPIP2 = "investigation.investigators-pip2-or-above"
    }

    public static let definitions: [IndicatorDefinition] = [
        IndicatorDefinition(
            id: ID.officersUnavailable, name: "Officers on leave or restricted duties",
            description: "Share of officers and staff investigators whose status is on leave or restricted duties, "
                + "as their records stand today (officers.status).",
            areaID: "building-supporting-and-protecting-the-workforce", unit: .percent, direction: .lowerIsBetter,
            thresholds: IndicatorThresholds(good: 8, adequate: 12, requiresImprovement: 16),
            thresholdSource: "Bluelamp default: good at 8% or less, adequate to 12%, requires improvement to 16%"),
        IndicatorDefinition(
            id: ID.accreditationsExpired, name: "Public protection accreditations expired",
            description: "Share of domestic abuse, sexual offences and child abuse accreditations whose "
                + "accredited-until date has passed, from the officers' accreditation records.",
            areaID: "protecting-vulnerable-people", unit: .percent, direction: .lowerIsBetter,
            thresholds: IndicatorThresholds(good: 2, adequate: 5, requiresImprovement: 10),
            thresholdSource: "Bluelamp default: good at 2% or less, adequate to 5%, requires improvement to 10%"),
        IndicatorDefinition(
            id: ID.investigatorsPerSupervisor, name: "Investigators per supervisor",
            description: "In investigation and safeguarding teams: constables, detective constables and staff "
                + "investigators for each sergeant or detective sergeant (with no supervisor, every one of them "
                + "counts as unsupervised and the figure is their number).",
            areaID: "investigating-crime", unit: .ratio, direction: .lowerIsBetter,
            thresholds: IndicatorThresholds(good: 6, adequate: 8, requiresImprovement: 10),
            thresholdSource: "Bluelamp default: good at 6 or fewer, adequate to 8, requires improvement to 10"),
        IndicatorDefinition(
            id: ID.investigatorsPIP2, name: "Investigators at PIP2 or above",
            description: "Share of officers in investigation (CID) teams accredited at PIP level 2 or above, "
                + "who may take serious and complex crime.",
            areaID: "investigating-crime", unit: .percent, direction: .higherIsBetter,
            thresholds: IndicatorThresholds(good: 60, adequate: 50, requiresImprovement: 40),
            thresholdSource: "Bluelamp default: good at 60% or more, adequate from 50%, requires improvement from 40%"),
    ]
}
