/// A Basic Command Unit of the Metropolitan Police, or `FORCE` for force-wide specialist units.
///
/// The twelve BCUs and their boroughs are the Met's since 2019 (shared/DESIGN.md "Domain facts";
/// shared/data/geography/met-bcu-borough-lookup.csv).
public enum BCU: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case centralEast = "CE"
    case centralNorth = "CN"
    case centralSouth = "CS"
    case centralWest = "CW"
    case eastArea = "EA"
    case northArea = "NA"
    case northEast = "NE"
    case northWest = "NW"
    case southArea = "SN"
    case southEast = "SE"
    case southWest = "SW"
    case westArea = "WA"
    case force = "FORCE"

    /// The code as written in files and URLs: `CE`, `CN`, … `FORCE`.
    public var code: String { rawValue }

    /// The twelve territorial BCUs, without `FORCE`.
    public static var territorial: [BCU] { allCases.filter { $0 != .force } }

    public var name: String {
        switch self {
        case .centralEast: "Central East"
        case .centralNorth: "Central North"
        case .centralSouth: "Central South"
        case .centralWest: "Central West"
        case .eastArea: "East Area"
        case .northArea: "North Area"
        case .northEast: "North East"
        case .northWest: "North West"
        case .southArea: "South Area"
        case .southEast: "South East"
        case .southWest: "South West"
        case .westArea: "West Area"
        case .force: "Force-wide units"
        }
    }

    /// The London boroughs the BCU polices (empty for `FORCE`).
    public var boroughs: [String] {
        switch self {
        case .centralEast: ["Hackney", "Tower Hamlets"]
        case .centralNorth: ["Camden", "Islington"]
        case .centralSouth: ["Lambeth", "Southwark"]
        case .centralWest: ["Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"]
        case .eastArea: ["Barking and Dagenham", "Havering", "Redbridge"]
        case .northArea: ["Enfield", "Haringey"]
        case .northEast: ["Newham", "Waltham Forest"]
        case .northWest: ["Barnet", "Brent", "Harrow"]
        case .southArea: ["Bromley", "Croydon", "Sutton"]
        case .southEast: ["Bexley", "Greenwich", "Lewisham"]
        case .southWest: ["Kingston upon Thames", "Merton", "Richmond upon Thames", "Wandsworth"]
        case .westArea: ["Ealing", "Hillingdon", "Hounslow"]
        case .force: []
        }
    }

    /// The BCU for a borough name as police.uk and the ONS write it ("Camden" → `.centralNorth`).
    public init?(borough: String) {
        guard let bcu = BCU.byBorough[borough] else { return nil }
        self = bcu
    }

    /// Every borough's BCU, built once: imports look up a BCU for every row.
    private static let byBorough: [String: BCU] = Dictionary(
        uniqueKeysWithValues: territorial.flatMap { bcu in bcu.boroughs.map { ($0, bcu) } })

    /// The BCU for its full name as the lookup file writes it ("Central North" → `.centralNorth`).
    public init?(name: String) {
        guard let bcu = BCU.allCases.first(where: { $0.name == name }) else { return nil }
        self = bcu
    }

    public static func < (lhs: BCU, rhs: BCU) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
