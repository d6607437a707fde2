/// The level given to one element of a THRIVE assessment.
public enum ThriveLevel: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case low
    case medium
    case high

    public var label: String { rawValue.capitalized }

    private var order: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: ThriveLevel, rhs: ThriveLevel) -> Bool { lhs.order < rhs.order }
}

/// How urgently a crime must be dealt with: 1 is the most urgent.
///
/// Allocation targets (shared/DESIGN.md "Domain facts"): priority 1 allocated within 24 hours,
/// priority 2 within 72 hours, priority 3 within 7 days.
public enum CrimePriority: Int, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case one = 1
    case two = 2
    case three = 3

    public var label: String { "Priority \(rawValue)" }

    /// More urgent sorts first: `.one < .two`.
    public static func < (lhs: CrimePriority, rhs: CrimePriority) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A THRIVE assessment: Threat, Harm, Risk, Investigation, Vulnerability, Engagement, each
/// low / medium / high, and the overall priority they give.
///
/// THRIVE is the national risk-based model forces use to decide the response to a report. The rule
/// Bluelamp applies to reach an overall priority (a force may change it in its policy):
///
/// - **Priority 1** if threat, harm, risk or vulnerability is high: someone may be in danger or
///   suffer significant harm, so the crime is urgent whatever the investigative picture.
/// - **Priority 2** otherwise, if threat, harm, risk or vulnerability is medium, or if investigation
///   or engagement is high (strong lines of enquiry, or a victim who needs a lot of contact, deserve a
///   timely start even when nobody is in danger).
/// - **Priority 3** otherwise: every danger-related element low, investigation and engagement at most
///   medium.
///
/// Investigation and engagement alone never make a crime priority 1: they describe the work needed,
/// not the danger.
public struct ThriveAssessment: Sendable, Hashable, Codable {
    public var threat: ThriveLevel
    public var harm: ThriveLevel
    public var risk: ThriveLevel
    public var investigation: ThriveLevel
    public var vulnerability: ThriveLevel
    public var engagement: ThriveLevel

    public init(
        threat: ThriveLevel, harm: ThriveLevel, risk: ThriveLevel,
        investigation: ThriveLevel, vulnerability: ThriveLevel, engagement: ThriveLevel
    ) {
        self.threat = threat
        self.harm = harm
        self.risk = risk
        self.investigation = investigation
        self.vulnerability = vulnerability
        self.engagement = engagement
    }

    /// Every element low.
    public static let allLow = ThriveAssessment(
        threat: .low, harm: .low, risk: .low, investigation: .low, vulnerability: .low, engagement: .low)

    /// The elements that speak to danger to a person: threat, harm, risk, vulnerability.
    public var dangerLevels: [ThriveLevel] { [threat, harm, risk, vulnerability] }

    /// The overall priority, by the rule in the type's documentation.
    public var priority: CrimePriority {
        if dangerLevels.contains(.high) { return .one }
        if dangerLevels.contains(.medium) || investigation == .high || engagement == .high { return .two }
        return .three
    }

    /// Which elements decided the priority, in THRIVE order, for the explanation on the crime page.
    public var priorityReasons: [String] {
        let named: [(String, ThriveLevel)] = [
            ("threat", threat), ("harm", harm), ("risk", risk),
            ("investigation", investigation), ("vulnerability", vulnerability), ("engagement", engagement),
        ]
        let danger: Set<String> = ["threat", "harm", "risk", "vulnerability"]
        switch priority {
        case .one:
            return named.filter { danger.contains($0.0) && $0.1 == .high }.map { "\($0.0) high" }
        case .two:
            return named.filter {
                (danger.contains($0.0) && $0.1 == .medium) || (!danger.contains($0.0) && $0.1 == .high)
            }.map { "\($0.0) \($0.1.rawValue)" }
        case .three:
            return []
        }
    }
}
