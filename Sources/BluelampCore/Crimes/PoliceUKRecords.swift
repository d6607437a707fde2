import Foundation

/// The two police.uk file formats Bluelamp imports and exports, with their exact headers.
public enum PoliceUKFileKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// `YYYY-MM-<force>-street.csv`: every crime and anti-social behaviour incident of a month, with
    /// each crime's latest outcome.
    case street
    /// `YYYY-MM-<force>-outcomes.csv`: the outcomes assigned in a month, to crimes of that month or earlier.
    case outcomes

    /// The header line's fields, exactly as police.uk writes them.
    public var header: [String] {
        switch self {
        case .street:
            [
                "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
            ]
        case .outcomes:
            [
                "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                "LSOA code", "LSOA name", "Outcome type",
            ]
        }
    }

    /// The kind whose header this is, exactly; nil for any other header.
    public init?(header: [String]) {
        guard let kind = PoliceUKFileKind.allCases.first(where: { $0.header == header }) else { return nil }
        self = kind
    }

    /// The header of police.uk's stop-and-search files, recognised only to say clearly that they are
    /// not crime files.
    public static let stopAndSearchHeader = [
        "Type", "Date", "Part of a policing operation", "Policing operation", "Latitude", "Longitude", "Gender",
        "Age range", "Self-defined ethnicity", "Officer-defined ethnicity", "Legislation", "Object of search",
        "Outcome", "Outcome linked to object of search", "Removal of more than just outer clothing",
    ]
}

/// One row of a police.uk street-level file: a crime, or an anti-social behaviour incident.
///
/// The values are exactly what the row says, so `PoliceUKCSV.line(_:)` writes the same bytes back.
/// Most crimes carry a 64-character `Crime ID`, by which outcomes attach; anti-social behaviour never
/// does, and some forces (British Transport Police, Police Service of Northern Ireland in the files
/// here) publish crimes without one, so a missing ID does not by itself make a row an incident:
/// the crime type does.
public struct PoliceUKStreetRecord: Sendable, Hashable, Codable {
    /// nil when the column is empty.
    public var crimeID: String?
    public var month: PoliceUKMonth
    /// The force that reported the crime, e.g. "City of London Police".
    public var reportedBy: String
    /// The force whose area the crime falls within (usually the same).
    public var fallsWithin: String
    public var location: CrimeLocation
    public var crimeType: PoliceUKCrimeType
    /// The latest outcome; nil when the column is empty (anti-social behaviour, or forces that publish
    /// no outcomes).
    public var lastOutcome: PoliceUKOutcome?
    /// Free text police.uk may add; empty in every file here.
    public var context: String

    public init(
        crimeID: String?, month: PoliceUKMonth, reportedBy: String, fallsWithin: String, location: CrimeLocation,
        crimeType: PoliceUKCrimeType, lastOutcome: PoliceUKOutcome?, context: String = ""
    ) {
        self.crimeID = crimeID
        self.month = month
        self.reportedBy = reportedBy
        self.fallsWithin = fallsWithin
        self.location = location
        self.crimeType = crimeType
        self.lastOutcome = lastOutcome
        self.context = context
    }

    /// Anti-social behaviour becomes an incident, not a crime.
    public var isIncident: Bool { crimeType.isIncident }
    /// The borough (local authority district) from the LSOA name, e.g. "Camden".
    public var borough: String? { location.borough }
    /// The Met BCU; nil outside the Met's 32 boroughs.
    public var bcu: BCU? { location.bcu }
}

/// One row of a police.uk outcomes file: an outcome assigned to a crime in a month.
///
/// A crime may have outcomes in several months (a charge, then a court result), and so appear in
/// several outcomes files.
public struct PoliceUKOutcomeRecord: Sendable, Hashable, Codable {
    /// Always present: the outcome attaches to its crime by this ID.
    public var crimeID: String
    /// The month the outcome was assigned.
    public var month: PoliceUKMonth
    public var reportedBy: String
    public var fallsWithin: String
    public var location: CrimeLocation
    public var outcome: PoliceUKOutcome

    public init(
        crimeID: String, month: PoliceUKMonth, reportedBy: String, fallsWithin: String, location: CrimeLocation,
        outcome: PoliceUKOutcome
    ) {
        self.crimeID = crimeID
        self.month = month
        self.reportedBy = reportedBy
        self.fallsWithin = fallsWithin
        self.location = location
        self.outcome = outcome
    }

    /// The Home Office outcome type the string stands for (see `PoliceUKOutcome`).
    public var homeOfficeOutcome: OutcomeType? { outcome.homeOfficeOutcome }
    public var borough: String? { location.borough }
    public var bcu: BCU? { location.bcu }
}
