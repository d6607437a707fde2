/// What a team or unit does; the allocation policy's unit kind chooses among these.
public enum TeamKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// Emergency response (Immediate and Significant grade calls).
    case response
    /// Neighbourhood (safer neighbourhood teams).
    case neighbourhood
    /// BCU investigation team (CID): volume and priority crime, PIP1 and PIP2.
    case investigation
    /// Public protection / safeguarding: domestic abuse, sexual offences, child abuse.
    case safeguarding
    /// Crime management unit: assesses and allocates crimes.
    case crimeManagement = "crime_management"
    /// Offender management: registered sex offenders (MOSOVO) and IOM.
    case offenderManagement = "offender_management"
    /// Force-wide specialist unit (homicide, fraud, child exploitation), BCU `FORCE`.
    case forceWide = "force_wide"

    public var label: String {
        switch self {
        case .response: "Emergency response"
        case .neighbourhood: "Neighbourhood"
        case .investigation: "Investigation (CID)"
        case .safeguarding: "Public protection and safeguarding"
        case .crimeManagement: "Crime management unit"
        case .offenderManagement: "Offender management"
        case .forceWide: "Force-wide specialist unit"
        }
    }
}
