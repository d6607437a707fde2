/// A police rank, constable to commissioner, plus police staff investigators.
public enum Rank: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case policeStaff = "STAFF"
    case constable = "PC"
    case detectiveConstable = "DC"
    case sergeant = "PS"
    case detectiveSergeant = "DS"
    case inspector = "INSP"
    case detectiveInspector = "DI"
    case chiefInspector = "CI"
    case detectiveChiefInspector = "DCI"
    case superintendent = "SUPT"
    case detectiveSuperintendent = "DSU"
    case chiefSuperintendent = "CH SUPT"
    case commander = "CDR"
    case deputyAssistantCommissioner = "DAC"
    case assistantCommissioner = "AC"
    case deputyCommissioner = "DPC"
    case commissioner = "COMM"

    public var abbreviation: String { rawValue }

    public var name: String {
        switch self {
        case .policeStaff: "Police staff investigator"
        case .constable: "Police constable"
        case .detectiveConstable: "Detective constable"
        case .sergeant: "Police sergeant"
        case .detectiveSergeant: "Detective sergeant"
        case .inspector: "Inspector"
        case .detectiveInspector: "Detective inspector"
        case .chiefInspector: "Chief inspector"
        case .detectiveChiefInspector: "Detective chief inspector"
        case .superintendent: "Superintendent"
        case .detectiveSuperintendent: "Detective superintendent"
        case .chiefSuperintendent: "Chief superintendent"
        case .commander: "Commander"
        case .deputyAssistantCommissioner: "Deputy assistant commissioner"
        case .assistantCommissioner: "Assistant commissioner"
        case .deputyCommissioner: "Deputy commissioner"
        case .commissioner: "Commissioner"
        }
    }

    /// Sergeants and above supervise (first supervisory reviews, overrides).
    public var supervises: Bool { self >= .sergeant }

    private var order: Int { Rank.allCases.firstIndex(of: self)! }
    public static func < (lhs: Rank, rhs: Rank) -> Bool { lhs.order < rhs.order }
}

/// Whether an officer can take new work today.
public enum OfficerStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case onDuty = "on_duty"
    case leave = "leave"
    case restricted = "restricted"

    public var label: String {
        switch self {
        case .onDuty: "On duty"
        case .leave: "On leave"
        case .restricted: "Restricted duties"
        }
    }

    /// Officers on leave or restricted duties take no new work (allocation policy).
    public var takesNewWork: Bool { self == .onDuty }
}
