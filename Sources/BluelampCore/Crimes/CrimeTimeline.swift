import Foundation

/// What kind of thing happened to a crime, for its timeline.
public enum CrimeEventKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// The report reached the police; its recording decision is due.
    case reported
    /// The recording decision: recorded as a crime, as an incident, or no crime.
    case recordingDecision = "recording_decision"
    /// The recording decision: the crime was recorded.
    case recorded
    /// Solvability screening: screened in or out, with the reasons.
    case screening
    /// A move in the status lifecycle (`CrimeStatus`).
    case status
    /// A Home Office outcome was recorded.
    case outcome
    /// Allocated to an investigator (the allocation feature writes these).
    case allocation
    /// Imported from a police.uk file.
    case imported
    case note

    public var label: String {
        switch self {
        case .reported: "Reported"
        case .recordingDecision: "Recording decision"
        case .recorded: "Recorded"
        case .screening: "Screening"
        case .status: "Status"
        case .outcome: "Outcome"
        case .allocation: "Allocation"
        case .imported: "Imported"
        case .note: "Note"
        }
    }
}

/// One entry in a crime's timeline.
public struct CrimeTimelineEntry: Sendable, Hashable {
    public var at: Date
    public var kind: CrimeEventKind
    /// Who did it: a user's name, or "police.uk import".
    public var actor: String
    public var detail: String
    public var fromStatus: CrimeStatus.Code?
    public var toStatus: CrimeStatus.Code?

    public init(
        at: Date, kind: CrimeEventKind, actor: String, detail: String, fromStatus: CrimeStatus.Code? = nil,
        toStatus: CrimeStatus.Code? = nil
    ) {
        self.at = at
        self.kind = kind
        self.actor = actor
        self.detail = detail
        self.fromStatus = fromStatus
        self.toStatus = toStatus
    }
}

extension PoliceUKMonth {
    /// Midnight UTC on the first day of the month: the only date a police.uk row gives.
    public var firstDay: Date {
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = 1
        return Calendar.bluelampUTC.date(from: components)!
    }

    /// The month a date falls in (UTC).
    public init(date: Date) {
        let components = Calendar.bluelampUTC.dateComponents([.year, .month], from: date)
        self.init(year: components.year!, month: components.month!)!
    }
}
