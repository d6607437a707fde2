import Foundation

/// How the public reached the force: an emergency call, a non-emergency call, or an online report.
public enum CallChannel: String, Sendable, Hashable, Codable, CaseIterable {
    case emergency = "999"
    case nonEmergency = "101"
    case online
}

/// The grade given to the incident a call creates (the National Contact Management Principles' grades as the Met uses
/// them): `I` immediate, `S` significant, `E` extended, `R` referred (no attendance).
public enum IncidentGrade: String, Sendable, Hashable, Codable, CaseIterable {
    case immediate = "I"
    case significant = "S"
    case extended = "E"
    case referred = "R"

    public var name: String {
        switch self {
        case .immediate: "Immediate"
        case .significant: "Significant"
        case .extended: "Extended"
        case .referred: "Referred"
        }
    }
}

/// One call from the public, as a call-handling system exports it (issue 18). It holds no personal data: when and how
/// the call came, how long it waited, how the incident was graded and attended, and the crime recorded from it.
public struct CallRecord: Sendable, Hashable {
    /// The call-handling system's id for the call: unique, 1 to 64 characters.
    public var callID: String
    public var channel: CallChannel
    public var receivedAt: Date
    /// Seconds from the call reaching the force to a call handler answering it; nil when abandoned (or online).
    public var answeredAfterSeconds: Int?
    /// Seconds the caller waited before hanging up unanswered; nil when answered.
    public var abandonedAfterSeconds: Int?
    /// The incident's grade, when the call created one.
    public var grade: IncidentGrade?
    /// When an officer arrived, for an attended incident.
    public var attendedAt: Date?
    public var bcu: BCU
    /// The reference of the crime recorded from the call's incident, if any (e.g. `5212345/24`).
    public var crimeReference: String?

    public init(
        callID: String, channel: CallChannel, receivedAt: Date, answeredAfterSeconds: Int?,
        abandonedAfterSeconds: Int?, grade: IncidentGrade?, attendedAt: Date?, bcu: BCU, crimeReference: String?
    ) {
        self.callID = callID
        self.channel = channel
        self.receivedAt = receivedAt
        self.answeredAfterSeconds = answeredAfterSeconds
        self.abandonedAfterSeconds = abandonedAfterSeconds
        self.grade = grade
        self.attendedAt = attendedAt
        self.bcu = bcu
        self.crimeReference = crimeReference
    }

    /// Minutes from the call to attendance, when attended.
    public var minutesToAttend: Double? {
        attendedAt.map { $0.timeIntervalSince(receivedAt) / 60 }
    }

    /// Whether the incident was attended within its grade's standard (`I` 15 minutes, `S` 60, from the call being
    /// received); an incident of those grades never attended was not. nil for other grades, which have no standard.
    public func attendedWithinStandard(_ standards: CallStandards = .standard) -> Bool? {
        let limit: Int
        switch grade {
        case .immediate?: limit = standards.immediateAttendMinutes
        case .significant?: limit = standards.significantAttendMinutes
        case .extended?, .referred?, nil: return nil
        }
        return minutesToAttend.map { $0 <= Double(limit) } ?? false
    }
}
