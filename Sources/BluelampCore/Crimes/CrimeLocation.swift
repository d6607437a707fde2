import Foundation

/// Where a crime happened, in police.uk's terms: an anonymised map point, a description of the place,
/// and the Lower-layer Super Output Area (LSOA) it falls in.
///
/// police.uk snaps every point to an anonymous "On or near …" location and writes "No Location" with
/// empty coordinates and LSOA when a crime has none. The LSOA name is the local authority district
/// (a London borough in London) followed by a space and a number such as `001A`, so the borough, and
/// from it the Met BCU, come from the name: "Camden 001A" → Camden → CN.
public struct CrimeLocation: Sendable, Hashable, Codable {
    /// WGS84 decimal degrees; nil when police.uk gives no location.
    public var longitude: Double?
    public var latitude: Double?
    /// police.uk's `Location` column, e.g. "On or near Artizan Street", or "No Location".
    public var place: String
    /// The LSOA code, e.g. `E01000005`; nil when there is no location.
    public var lsoaCode: String?
    /// The LSOA name, e.g. "City of London 001E"; nil when there is no location.
    public var lsoaName: String?

    /// police.uk's text for a crime with no location.
    public static let noLocation = "No Location"

    public init(
        longitude: Double? = nil, latitude: Double? = nil, place: String = CrimeLocation.noLocation,
        lsoaCode: String? = nil, lsoaName: String? = nil
    ) {
        self.longitude = longitude
        self.latitude = latitude
        self.place = place
        self.lsoaCode = lsoaCode
        self.lsoaName = lsoaName
    }

    /// The local authority district the LSOA is in (the London borough, in London): the LSOA name
    /// without its final space and number. nil without an LSOA.
    public var borough: String? { lsoaName.flatMap(CrimeLocation.borough(fromLSOAName:)) }

    /// The Met BCU that polices the borough; nil outside the 32 Met boroughs (the City of London and
    /// every other force's area).
    public var bcu: BCU? { boroughAndBCU.bcu }

    /// `borough` and `bcu` together, the borough worked out once (an import needs both for every row).
    public var boroughAndBCU: (borough: String?, bcu: BCU?) {
        let borough = self.borough
        return (borough, borough.flatMap(BCU.init(borough:)))
    }

    /// "Camden 001A" → "Camden"; nil if the name does not end in a space and an LSOA number (three
    /// digits and a capital letter).
    public static func borough(fromLSOAName name: String) -> String? {
        guard PoliceUKRowValidator.isLSOAName(name) else { return nil }
        // The name's bytes but the last five (ASCII: a space, three digits and a letter), copied once.
        return String(Substring(name.utf8.dropLast(5)))
    }
}
