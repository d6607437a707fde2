/// The Professionalising Investigation Programme level an investigator is accredited to.
///
/// PIP1 volume and priority crime; PIP2 serious and complex (detectives); PIP3 major crime
/// (senior investigating officer); PIP4 strategic. Raw values match the allocation benchmark's `level`.
public enum PIPLevel: Int, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case pip1 = 1
    case pip2 = 2
    case pip3 = 3
    case pip4 = 4

    public var label: String { "PIP\(rawValue)" }

    public var description: String {
        switch self {
        case .pip1: "Volume and priority crime"
        case .pip2: "Serious and complex crime"
        case .pip3: "Major crime (SIO)"
        case .pip4: "Strategic lead"
        }
    }

    public init?(label: String) {
        let digits = label.uppercased().hasPrefix("PIP") ? String(label.dropFirst(3)) : label
        guard let n = Int(digits), let level = PIPLevel(rawValue: n) else { return nil }
        self = level
    }

    public static func < (lhs: PIPLevel, rhs: PIPLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An investigative specialism an officer can be accredited in (with an expiry date).
public enum Specialism: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    /// Domestic abuse.
    case domesticAbuse = "DA"
    /// Rape and serious sexual offences.
    case sexualOffences = "SO"
    /// Child abuse and exploitation.
    case childAbuse = "CSA"
    case fraud = "FRAUD"
    /// Force-wide homicide (major investigation) teams, PIP3.
    case homicide = "HOMICIDE"

    public var code: String { rawValue }

    public var name: String {
        switch self {
        case .domesticAbuse: "Domestic abuse"
        case .sexualOffences: "Rape and serious sexual offences"
        case .childAbuse: "Child abuse and exploitation"
        case .fraud: "Fraud"
        case .homicide: "Homicide and major crime"
        }
    }

    public static func < (lhs: Specialism, rhs: Specialism) -> Bool { lhs.rawValue < rhs.rawValue }
}
