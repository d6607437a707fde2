import Foundation

/// Something about a crime that gives a realistic line of enquiry.
///
/// Strong factors can on their own lead to a suspect; supporting factors help only together.
public enum SolvabilityFactor: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    /// The victim or a witness names the suspect.
    case suspectNamed = "suspect_named"
    /// The suspect was detained at or near the scene.
    case suspectDetained = "suspect_detained"
    /// CCTV, body-worn, doorbell or phone footage of the offence or the suspect exists.
    case cctv = "cctv"
    /// Fingerprints, DNA, footwear marks or other forensic material can be recovered.
    case forensicOpportunity = "forensic_opportunity"
    /// Stolen property can be traced (serial number, tracker, marked or unique item).
    case stolenPropertyTraceable = "stolen_property_traceable"
    /// A vehicle used in the offence is identified (registration number).
    case vehicleIdentified = "vehicle_identified"
    /// A digital trace points to the suspect (phone number, account, transaction, IP address).
    case digitalTrace = "digital_trace"
    /// An independent witness saw the offence.
    case witness = "witness"
    /// The suspect can be described well enough to be recognised.
    case suspectDescribed = "suspect_described"
    /// The crime is linked to a series by time, place or method.
    case linkedToSeries = "linked_to_series"

    public var code: String { rawValue }

    /// Strong factors screen a crime in on their own.
    public var isStrong: Bool {
        switch self {
        case .suspectNamed, .suspectDetained, .cctv, .forensicOpportunity, .stolenPropertyTraceable,
            .vehicleIdentified, .digitalTrace:
            true
        case .witness, .suspectDescribed, .linkedToSeries:
            false
        }
    }

    public var label: String {
        switch self {
        case .suspectNamed: "Suspect named"
        case .suspectDetained: "Suspect detained"
        case .cctv: "CCTV or other footage"
        case .forensicOpportunity: "Forensic opportunity"
        case .stolenPropertyTraceable: "Stolen property traceable"
        case .vehicleIdentified: "Vehicle identified"
        case .digitalTrace: "Digital trace"
        case .witness: "Independent witness"
        case .suspectDescribed: "Suspect described"
        case .linkedToSeries: "Linked to a series"
        }
    }

    public static func < (lhs: SolvabilityFactor, rhs: SolvabilityFactor) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Why a crime is screened in for investigation.
public enum ScreenInReason: Sendable, Hashable, Codable {
    /// Priority 1 crimes are always investigated.
    case priorityOne
    /// Crimes with these flags are always investigated.
    case flagged(CrimeFlags)
    /// A strong solvability factor.
    case strongFactor(SolvabilityFactor)
    /// Two or more supporting factors together.
    case supportingFactors([SolvabilityFactor])
    /// The deciding officer chose to investigate although the rule would allow screening out.
    case officerDecision(String)

    public var explanation: String {
        switch self {
        case .priorityOne: "priority 1 crimes are always investigated"
        case .flagged(let flags):
            "flagged "
                + CrimeFlags.all.filter { flags.contains($0) }.compactMap(\.label).joined(separator: ", ").lowercased()
        case .strongFactor(let factor): factor.label.lowercased()
        case .supportingFactors(let factors): factors.map { $0.label.lowercased() }.joined(separator: " and ")
        case .officerDecision(let reason): "officer's decision: \(reason)"
        }
    }
}

/// What the screening rule proposes before the officer decides.
public enum ScreeningProposal: Sendable, Hashable {
    case screenIn([ScreenInReason])
    /// Screening out is allowed, but the officer must record why.
    case screenOutAllowed
}

/// The screening decision recorded on the crime.
public enum ScreeningDecision: Sendable, Hashable, Codable {
    case screenedIn([ScreenInReason])
    case screenedOut(reason: String)

    public var isScreenedIn: Bool {
        if case .screenedIn = self { true } else { false }
    }
}

public enum SolvabilityScreeningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule does not allow screening this crime out.
    case cannotScreenOut([ScreenInReason])
    /// A screen-out must carry the officer's reason.
    case screenOutReasonRequired

    public var description: String {
        switch self {
        case .cannotScreenOut(let reasons):
            "this crime cannot be screened out: " + reasons.map(\.explanation).joined(separator: "; ")
        case .screenOutReasonRequired:
            "a reason is required to screen a crime out"
        }
    }
}

/// Solvability screening: whether a crime is investigated further or filed pending new information.
///
/// The rule (a force may change it in its policy):
/// 1. A priority 1 crime (see `ThriveAssessment`) is always screened in.
/// 2. A crime with any `CrimeFlags` (domestic, hate, child victim, sexual, weapon, vulnerable or repeat
///    victim) is always screened in: the inspection reports found vulnerable victims' crimes closed
///    without investigation, and the Victims' Code gives these victims enhanced rights.
/// 3. Any strong factor (`SolvabilityFactor.isStrong`) screens the crime in.
/// 4. Two or more supporting factors together screen it in.
/// 5. Otherwise the crime may be screened out, and the officer must record a reason. The officer may
///    always choose to investigate instead (screening in is never refused).
public struct SolvabilityScreening: Sendable, Hashable, Codable {
    public var factors: Set<SolvabilityFactor>

    public init(factors: Set<SolvabilityFactor> = []) { self.factors = factors }

    /// What the rule proposes for a crime with these factors, priority and flags.
    public func proposal(priority: CrimePriority, flags: CrimeFlags) -> ScreeningProposal {
        var reasons: [ScreenInReason] = []
        if priority == .one { reasons.append(.priorityOne) }
        if !flags.isEmpty { reasons.append(.flagged(flags)) }
        let sorted = factors.sorted()
        reasons += sorted.filter(\.isStrong).map(ScreenInReason.strongFactor)
        let supporting = sorted.filter { !$0.isStrong }
        if supporting.count >= 2 { reasons.append(.supportingFactors(supporting)) }
        return reasons.isEmpty ? .screenOutAllowed : .screenIn(reasons)
    }

    /// The rule's decision when the officer accepts the proposal: screened in, or screened out with
    /// `screenOutReason`, which must be given (not blank) when the crime is screened out.
    public func decide(
        priority: CrimePriority, flags: CrimeFlags, screenOutReason: String?
    ) throws(SolvabilityScreeningError) -> ScreeningDecision {
        switch proposal(priority: priority, flags: flags) {
        case .screenIn(let reasons):
            return .screenedIn(reasons)
        case .screenOutAllowed:
            let reason = screenOutReason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !reason.isEmpty else { throw .screenOutReasonRequired }
            return .screenedOut(reason: reason)
        }
    }

    /// The officer's explicit request to screen the crime out, refused when the rule screens it in.
    public func screenOut(
        priority: CrimePriority, flags: CrimeFlags, reason: String
    ) throws(SolvabilityScreeningError) -> ScreeningDecision {
        if case .screenIn(let reasons) = proposal(priority: priority, flags: flags) {
            throw .cannotScreenOut(reasons)
        }
        return try decide(priority: priority, flags: flags, screenOutReason: reason)
    }

    /// The officer's decision to investigate although screening out was allowed.
    public func screenIn(priority: CrimePriority, flags: CrimeFlags, officerReason: String) -> ScreeningDecision {
        switch proposal(priority: priority, flags: flags) {
        case .screenIn(let reasons): .screenedIn(reasons)
        case .screenOutAllowed: .screenedIn([.officerDecision(officerReason)])
        }
    }
}
