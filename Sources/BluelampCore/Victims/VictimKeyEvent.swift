import Foundation

/// A key event in an investigation that the victim must be told about (Code of Practice for Victims of Crime in
/// England and Wales, 2020, Right 6: information about the investigation and prosecution). Each opens a "tell the
/// victim" clock (`VictimsCode.tellVictimDue`). The raw values are stored and appear in files; they never change.
public enum VictimKeyEvent: String, CaseIterable, Sendable, Codable, Hashable {
    case arrested
    case interviewed
    case releasedOnBail = "released_on_bail"
    case releasedUnderInvestigation = "released_under_investigation"
    case charged
    case noFurtherAction = "no_further_action"
    case investigationClosed = "investigation_closed"
    case outcomeRecorded = "outcome_recorded"

    /// What happened, in plain English, e.g. "Suspect released on bail".
    public var label: String {
        switch self {
        case .arrested: "Suspect arrested"
        case .interviewed: "Suspect interviewed"
        case .releasedOnBail: "Suspect released on bail"
        case .releasedUnderInvestigation: "Suspect released under investigation"
        case .charged: "Suspect charged"
        case .noFurtherAction: "No further action decided"
        case .investigationClosed: "Investigation closed"
        case .outcomeRecorded: "Outcome recorded"
        }
    }
}
