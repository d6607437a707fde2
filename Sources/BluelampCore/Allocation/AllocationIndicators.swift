import Foundation

/// The allocation indicators, defined once: how fast crimes reach an investigator against the policy's deadlines,
/// whether they reach the right one, caseloads against caps, and overrides. Their bands follow from the
/// allocation policy in force (its deadlines, caps and call-out); `AllocationIndicatorStore` computes them.
///
/// PEEL 2023–25 graded investigating crime inadequate, finding complex crimes allocated to officers with
/// only "basic investigative training" and novices handling over 25 crimes at once
/// (`Citations.complexCrimesBasicTraining`, `Citations.novicesOver25Crimes`; the 2016 report had found crimes
/// allocated effectively). The thresholds are Bluelamp's defaults, stated in each definition; a force sets its
/// own in policy.
public enum AllocationIndicators {
    public enum ID {
        public static let withinDeadline = "allocation.within-deadline"
        public static func hoursToAllocation(_ priority: CrimePriority) -> String {
            "allocation.median-hours-to-allocation-p\(priority.rawValue)"
        }
        public static let atRequiredLevel = "allocation.at-required-level"
        public static let withRequiredSpecialism = "allocation.with-required-specialism"
        public static let officersOverCap = "allocation.investigators-over-cap"
        public static func caseload(_ statistic: CaseloadStatistic, _ level: PIPLevel) -> String {
            "allocation.caseload-\(statistic.rawValue)-pip\(level.rawValue)"
        }
        public static let overrides = "allocation.overrides"
        public static let flaggedOverrides = "allocation.overrides-flagged"
        public static func overrides(_ reason: AllocationOverrideReason) -> String {
            "allocation.overrides-\(reason.rawValue.replacingOccurrences(of: "_", with: "-"))"
        }
    }

    public enum CaseloadStatistic: String, CaseIterable, Sendable {
        case median
        case p90
        case max

        public var label: String {
            switch self {
            case .median: "Median"
            case .p90: "90th percentile"
            case .max: "Largest"
            }
        }
    }

    public static let levels: [PIPLevel] = [.pip1, .pip2, .pip3]
    public static let area = "investigating-crime"

    /// The definitions with the bands that follow from `policy`.
    public static func definitions(under policy: AllocationPolicy) -> [IndicatorDefinition] {
        var definitions: [IndicatorDefinition] = [
            IndicatorDefinition(
                id: ID.withinDeadline, name: "Crimes allocated within the policy deadline",
                description:
                    "Share of crimes allocated in the period (proposals accepted and overrides) whose allocation "
                    + "came before the allocation policy's deadline for the crime's priority (default 24 hours for "
                    + "priority 1, 72 hours for priority 2, 7 days for priority 3, from recording).",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 90, adequate: 80, requiresImprovement: 70),
                thresholdSource:
                    "Bluelamp default: good at 90% or more, adequate from 80%, requires improvement from 70%")
        ]
        for priority in CrimePriority.allCases {
            let deadline = Double(policy.deadlines.hours(priority: priority))
            definitions.append(
                IndicatorDefinition(
                    id: ID.hoursToAllocation(priority),
                    name: "Median hours to allocation, priority \(priority.rawValue)",
                    description:
                        "Median time from recording to allocation, in hours, of priority \(priority.rawValue) crimes "
                        + "allocated in the period; the allocation policy's deadline is \(Int(deadline)) hours.",
                    areaID: area, unit: .hours, direction: .lowerIsBetter,
                    thresholds: IndicatorThresholds(
                        good: deadline / 2, adequate: deadline, requiresImprovement: deadline * 1.5),
                    thresholdSource:
                        "Bluelamp default against the \(Int(deadline))-hour deadline: good within half of it, "
                        + "adequate within it, requires improvement within half as long again"))
        }
        definitions += [
            IndicatorDefinition(
                id: ID.atRequiredLevel, name: "Allocations at or above the required PIP level",
                description: "Share of crimes allocated in the period to an officer at or above the PIP level the "
                    + "allocation policy required (\(Citations.complexCrimesBasicTraining.short)).",
                areaID: area, unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 99, adequate: 97, requiresImprovement: 94),
                thresholdSource:
                    "Bluelamp default: good at 99% or more, adequate from 97%, requires improvement from 94%"),
            IndicatorDefinition(
                id: ID.withRequiredSpecialism, name: "Allocations with the required specialism",
                description:
                    "Of crimes allocated in the period whose policy rule required a specialism (domestic abuse, "
                    + "sexual offences, child abuse, fraud, homicide), the share given to an officer accredited in it.",
                areaID: "protecting-vulnerable-people", unit: .percent, direction: .higherIsBetter,
                thresholds: IndicatorThresholds(good: 99, adequate: 97, requiresImprovement: 94),
                thresholdSource:
                    "Bluelamp default: good at 99% or more, adequate from 97%, requires improvement from 94%"),
            IndicatorDefinition(
                id: ID.officersOverCap, name: "Investigators over their caseload cap",
                description:
                    "Share of investigators (a PIP level, in an investigation, safeguarding or force-wide team) "
                    + "whose open crimes today exceed their cap (the policy's cap for the level, or their own).",
                areaID: area, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 1, adequate: 3, requiresImprovement: 6),
                thresholdSource: "Bluelamp default: good at 1% or less, adequate to 3%, requires improvement to 6%"),
        ]
        let caps = policy.caseloadCaps
        let callOut = Double(policy.callOutAbove)
        for level in levels {
            let cap = Double(caps.cap(for: level) ?? 0)
            for statistic in CaseloadStatistic.allCases {
                let thresholds: IndicatorThresholds =
                    switch statistic {
                    case .median: IndicatorThresholds(good: cap * 0.6, adequate: cap * 0.8, requiresImprovement: cap)
                    case .p90: IndicatorThresholds(good: cap * 0.9, adequate: cap, requiresImprovement: cap * 1.25)
                    case .max:
                        // Anyone over the call-out is named whatever their cap, so a largest caseload over it is
                        // inadequate; a policy whose call-out is below a quarter over the cap pulls the edges down to it.
                        IndicatorThresholds(
                            good: min(cap, callOut), adequate: min(cap * 1.25, callOut), requiresImprovement: callOut)
                    }
                definitions.append(
                    IndicatorDefinition(
                        id: ID.caseload(statistic, level),
                        name: "\(statistic.label) caseload, \(level.label) investigators",
                        description: "\(statistic.label) of open crimes held today by \(level.label) investigators "
                            + "(the allocation policy caps PIP1 / PIP2 / PIP3 at \(caps.pip1) / \(caps.pip2) / \(caps.pip3)).",
                        areaID: area, unit: .count, direction: .lowerIsBetter, thresholds: thresholds,
                        thresholdSource: "Bluelamp default, against the policy's \(level.label) cap of \(Int(cap))"
                            + (statistic == .max
                                ? " and its call-out above \(policy.callOutAbove) crimes (\(Citations.novicesOver25Crimes.short))"
                                : "")))
            }
        }
        definitions += [
            IndicatorDefinition(
                id: ID.overrides, name: "Allocations made by override",
                description: "Share of crimes allocated in the period where a person chose the officer instead of "
                    + "accepting the allocator's proposal.",
                areaID: area, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 5, adequate: 10, requiresImprovement: 20),
                thresholdSource: "Bluelamp default: good at 5% or less, adequate to 10%, requires improvement to 20%"),
            IndicatorDefinition(
                id: ID.flaggedOverrides, name: "Overrides beyond the cap or below the required level",
                description: "Share of crimes allocated in the period by a supervisor's override that put the officer "
                    + "over their cap, below the required PIP level or without the required specialism.",
                areaID: area, unit: .percent, direction: .lowerIsBetter,
                thresholds: IndicatorThresholds(good: 0.5, adequate: 1, requiresImprovement: 2),
                thresholdSource: "Bluelamp default: good at 0.5% or less, adequate to 1%, requires improvement to 2%"),
        ]
        for reason in AllocationOverrideReason.allCases {
            definitions.append(
                IndicatorDefinition(
                    id: ID.overrides(reason), name: "Overrides: \(reason.shortLabel.lowercased())",
                    description:
                        "Share of crimes allocated in the period by an override whose reason was: \(reason.label).",
                    areaID: area, unit: .percent, direction: .lowerIsBetter,
                    thresholds: IndicatorThresholds(good: 2, adequate: 4, requiresImprovement: 8),
                    thresholdSource: "Bluelamp default: good at 2% or less, adequate to 4%, requires improvement to 8%")
            )
        }
        return definitions
    }
}
