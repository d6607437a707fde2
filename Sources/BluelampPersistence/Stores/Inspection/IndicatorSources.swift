import BluelampCore

/// Every feature's indicators, in dashboard order. A feature registers its indicators with one line
/// here (see `IndicatorSource`).
public enum IndicatorSources {
    public static let all: [any IndicatorSource] = [
        OrganisationIndicatorStore(),
        OffenderIndicatorStore(),
        CrimeIndicatorStore(),
        AllocationIndicatorStore(),
        InvestigationIndicatorStore(),
        VictimIndicatorStore(),
        ProtectionIndicatorStore(),
        CallIndicatorStore(),
        ForensicsIndicatorStore(),
        DashIndicatorStore(),
        OrganisedCrimeIndicatorStore(),
    ]
}
