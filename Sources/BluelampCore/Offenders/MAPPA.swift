import Foundation

/// The Multi-Agency Public Protection Arrangements category an offender is managed under.
///
/// Registered sex offenders are category 1 (Criminal Justice Act 2003, s.327; MAPPA Guidance).
public enum MAPPACategory: Int, CaseIterable, Codable, Sendable, Hashable, Comparable {
    /// Registered sexual offenders.
    case registeredSexualOffender = 1
    /// Violent offenders sentenced to 12 months or more, or to a hospital order.
    case violentOffender = 2
    /// Other dangerous offenders, by a MAPPA agency's referral.
    case otherDangerousOffender = 3

    public var label: String { "Category \(rawValue)" }

    public var description: String {
        switch self {
        case .registeredSexualOffender: "Registered sexual offender"
        case .violentOffender: "Violent offender"
        case .otherDangerousOffender: "Other dangerous offender"
        }
    }

    public static func < (lhs: MAPPACategory, rhs: MAPPACategory) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The MAPPA management level: how many agencies manage the offender together.
public enum MAPPALevel: Int, CaseIterable, Codable, Sendable, Hashable, Comparable {
    /// Ordinary agency management: the lead agency alone, sharing information.
    case ordinaryAgencyManagement = 1
    /// Active multi-agency management at MAPP meetings.
    case multiAgencyManagement = 2
    /// Multi-agency management with senior representatives who can commit resources.
    case multiAgencyManagementWithSeniorOversight = 3

    public var label: String { "Level \(rawValue)" }

    public var description: String {
        switch self {
        case .ordinaryAgencyManagement: "Ordinary agency management"
        case .multiAgencyManagement: "Active multi-agency management"
        case .multiAgencyManagementWithSeniorOversight: "Multi-agency management with senior oversight"
        }
    }

    public static func < (lhs: MAPPALevel, rhs: MAPPALevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
