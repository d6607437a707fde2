import Foundation

/// What the recording decision decided about a report (Crime Recording Rules; National Crime Recording Standard).
///
/// Every report reaching the police is decided once, within the allowance (24 hours by default): recorded as a
/// crime, recorded as an incident that is not a crime, or no crime. Only a report recorded as a crime goes on to
/// screening, allocation and the crime indicators; the other two must say why, so that a report is never
/// dropped without the reason being written down.
public enum RecordingDecisionKind: String, CaseIterable, Codable, Sendable, Hashable {
    case crime
    case incident
    case noCrime = "no_crime"

    public var label: String {
        switch self {
        case .crime: "Recorded as a crime"
        case .incident: "Recorded as an incident (not a crime)"
        case .noCrime: "No crime"
        }
    }

    /// The decision in a word or two, for a table's cell.
    public var shortLabel: String {
        switch self {
        case .crime: "Crime"
        case .incident: "Incident"
        case .noCrime: "No crime"
        }
    }

    /// Whether the decision must carry its reason: every decision that does not record a crime.
    public var needsReason: Bool { self != .crime }
}

/// A recording decision made: what, when, by whom and (when it records no crime) why.
public struct RecordingDecision: Sendable, Hashable, Codable {
    public var kind: RecordingDecisionKind
    /// Nil when nobody knows (a crime imported from police.uk, which publishes only the month).
    public var decidedAt: Date?
    /// The officer's name; nil when not known (imported).
    public var decidedBy: String?
    public var reason: String?

    public init(kind: RecordingDecisionKind, decidedAt: Date?, decidedBy: String? = nil, reason: String? = nil) {
        self.kind = kind
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.reason = reason
    }
}

/// A recording decision as a person gives it (the queue page's form or an API call), before it is checked.
public struct RecordingDecisionDraft: Sendable, Hashable {
    /// `crime`, `incident` or `no_crime`, as sent.
    public var decision: String
    public var reason: String

    public init(decision: String, reason: String = "") {
        self.decision = decision
        self.reason = reason
    }

    /// The decision's kind and its reason (nil for a crime, whose reason is the crime record itself), or every
    /// problem, keyed `decision` and `reason`.
    public func check() -> Result<(kind: RecordingDecisionKind, reason: String?), FieldErrors> {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let kind = RecordingDecisionKind(rawValue: decision.trimmingCharacters(in: .whitespaces)) else {
            return .failure(
                FieldErrors(errors: [
                    FieldError(
                        field: "decision", label: "Recording decision",
                        message: "choose record as a crime, record as an incident or no crime")
                ]))
        }
        if kind.needsReason && reason.isEmpty {
            return .failure(
                FieldErrors(errors: [
                    FieldError(
                        field: "reason", label: "Reason",
                        message: kind == .incident
                            ? "say why the report is an incident and not a crime"
                            : "say why no crime was committed (the additional verifiable information)")
                ]))
        }
        if reason.count > 2000 {
            return .failure(
                FieldErrors(errors: [
                    FieldError(field: "reason", label: "Reason", message: "keep the reason to 2,000 characters")
                ]))
        }
        return .success((kind, kind.needsReason ? reason : (reason.isEmpty ? nil : reason)))
    }
}
