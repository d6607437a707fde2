import Foundation

/// What a supervisor decides when an offender has had no successful visit for twice their frequency
/// ("consider arrest or warrant": shared/DESIGN.md; PEEL 2023–25, a high-risk RSO not seen since 2017 and
/// nobody had considered arrest or a warrant).
public enum ArrestOrWarrantDecision: String, CaseIterable, Codable, Sendable, Hashable {
    /// Circulate for arrest: failing to comply with the notification requirements is an offence
    /// (Sexual Offences Act 2003, s.91), as is breaching an SHPO (s.103I).
    case arrest
    /// Apply to a magistrate for a warrant to enter and search the home (s.96B).
    case warrant
    /// Not yet: further unannounced visits at other times, with a date to come back to it.
    case furtherVisits = "further_visits"
    /// Neither, with the reason recorded (the offender is in hospital, in custody elsewhere…).
    case noAction = "no_action"

    public var label: String {
        switch self {
        case .arrest: "Circulate for arrest"
        case .warrant: "Apply for a warrant to enter (s.96B)"
        case .furtherVisits: "Further unannounced visits first"
        case .noAction: "No action, with reason"
        }
    }
}

/// A "consider arrest or warrant" case: raised on the day twice the visit frequency passed without a
/// successful visit, open until a supervisor records a decision and reason.
///
/// One case per lapse: the key is the offender and the escalation date, which only moves when the offender
/// is seen again, so raising cases is idempotent and a decided case is not raised a second time.
public enum ArrestOrWarrantEscalation {
    /// The escalation date when `status` calls for one on its day, or nil.
    public static func due(_ status: RSOVisitStatus) -> Date? {
        status.considerArrestOrWarrant ? status.escalationDate : nil
    }

    /// Problems with a decision as entered; empty when it may be recorded.
    public static func problems(decision: ArrestOrWarrantDecision?, reason: String) -> [FieldError] {
        var problems: [FieldError] = []
        if decision == nil {
            problems.append(
                FieldError(
                    field: "decision", label: "Decision",
                    message: "choose arrest, warrant, further visits or no action."))
        }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).count < minimumReasonLength {
            problems.append(
                FieldError(
                    field: "reason", label: "Reason",
                    message: "write why (at least \(minimumReasonLength) characters); it is kept with the decision."))
        }
        return problems
    }

    public static let minimumReasonLength = 10
}
