import Foundation

/// A crime category exactly as police.uk publishes it in the `Crime type` column.
///
/// police.uk publishes 14 categories (shared/DESIGN.md "Domain facts"); these are the 13 that are
/// crimes. The fourteenth, "Anti-social behaviour", is deliberately not here: it is an incident type,
/// not a crime to investigate (see `PoliceUKCrimeType`, which holds all 14). The raw values are
/// police.uk's spelling, checked against every street file in shared/data, and never change.
public enum CrimeCategory: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case bicycleTheft = "Bicycle theft"
    case burglary = "Burglary"
    case criminalDamageAndArson = "Criminal damage and arson"
    case drugs = "Drugs"
    case otherCrime = "Other crime"
    case otherTheft = "Other theft"
    case possessionOfWeapons = "Possession of weapons"
    case publicOrder = "Public order"
    case robbery = "Robbery"
    case shoplifting = "Shoplifting"
    case theftFromThePerson = "Theft from the person"
    case vehicleCrime = "Vehicle crime"
    case violenceAndSexualOffences = "Violence and sexual offences"

    /// police.uk's spelling, e.g. "Criminal damage and arson".
    public var name: String { rawValue }

    /// A short stable code for URLs, filters and storage: `violence-and-sexual-offences` (the name in
    /// lower case, spaces as hyphens). Spelt out rather than derived: it is read for every row of an
    /// import, an export and the allocation queue.
    public var code: String {
        switch self {
        case .bicycleTheft: "bicycle-theft"
        case .burglary: "burglary"
        case .criminalDamageAndArson: "criminal-damage-and-arson"
        case .drugs: "drugs"
        case .otherCrime: "other-crime"
        case .otherTheft: "other-theft"
        case .possessionOfWeapons: "possession-of-weapons"
        case .publicOrder: "public-order"
        case .robbery: "robbery"
        case .shoplifting: "shoplifting"
        case .theftFromThePerson: "theft-from-the-person"
        case .vehicleCrime: "vehicle-crime"
        case .violenceAndSexualOffences: "violence-and-sexual-offences"
        }
    }

    public init?(code: String) {
        guard let category = CrimeCategory.byCode[code] else { return nil }
        self = category
    }

    private static let byCode = Dictionary(uniqueKeysWithValues: allCases.map { ($0.code, $0) })

    public static func < (lhs: CrimeCategory, rhs: CrimeCategory) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a police.uk street-level row records: one of the 14 crime categories, or an anti-social
/// behaviour incident.
///
/// police.uk puts both in the same `Crime type` column, but they are different things for Bluelamp:
/// a crime is recorded, allocated and investigated; anti-social behaviour becomes an incident.
public enum PoliceUKCrimeType: Sendable, Hashable, Codable, RawRepresentable, CaseIterable {
    case crime(CrimeCategory)
    case antiSocialBehaviour

    /// police.uk's spelling of the incident type.
    public static let antiSocialBehaviourName = "Anti-social behaviour"

    public init?(rawValue: String) {
        if rawValue == Self.antiSocialBehaviourName {
            self = .antiSocialBehaviour
        } else if let category = CrimeCategory(rawValue: rawValue) {
            self = .crime(category)
        } else {
            return nil
        }
    }

    public var rawValue: String {
        switch self {
        case .crime(let category): category.rawValue
        case .antiSocialBehaviour: Self.antiSocialBehaviourName
        }
    }

    /// The crime category, or nil for anti-social behaviour.
    public var category: CrimeCategory? {
        if case .crime(let category) = self { category } else { nil }
    }

    /// Anti-social behaviour is an incident, not a crime.
    public var isIncident: Bool { self == .antiSocialBehaviour }

    public static var allCases: [PoliceUKCrimeType] {
        CrimeCategory.allCases.map(PoliceUKCrimeType.crime) + [.antiSocialBehaviour]
    }
}
