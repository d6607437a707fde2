import Foundation

/// The kinds of finding an inspection report makes.
public enum FindingKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// A serious or critical shortcoming; always comes with one or more recommendations.
    case causeOfConcern = "cause-of-concern"
    /// What the force must do, usually to resolve a cause of concern.
    case recommendation
    /// Something the force should improve; not a cause of concern.
    case areaForImprovement = "area-for-improvement"
    /// Innovative or promising practice other forces could learn from.
    case innovativePractice = "innovative-practice"

    public var label: String {
        switch self {
        case .causeOfConcern: "Cause of concern"
        case .recommendation: "Recommendation"
        case .areaForImprovement: "Area for improvement"
        case .innovativePractice: "Innovative or promising practice"
        }
    }

    public var pluralLabel: String {
        switch self {
        case .causeOfConcern: "Causes of concern"
        case .recommendation: "Recommendations"
        case .areaForImprovement: "Areas for improvement"
        case .innovativePractice: "Innovative or promising practice"
        }
    }

    /// Whether the force owes action on it. Innovative practice is recorded, not worked on.
    public var needsAction: Bool { self != .innovativePractice }
}

/// Where a finding stands.
///
/// The path is open → in progress → evidence submitted → closed; evidence the inspectorate does not
/// accept sends a finding back to in progress; any finding not yet closed may be superseded (by a
/// later inspection's finding, or because the inspectorate withdrew it). Closed and superseded are
/// final.
public enum FindingStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case open
    case inProgress = "in-progress"
    case evidenceSubmitted = "evidence-submitted"
    case closed
    case superseded

    public var label: String {
        switch self {
        case .open: "Open"
        case .inProgress: "In progress"
        case .evidenceSubmitted: "Evidence submitted"
        case .closed: "Closed"
        case .superseded: "Superseded"
        }
    }

    /// The statuses a finding may move to from this one.
    public var allowedNext: [FindingStatus] {
        switch self {
        case .open: [.inProgress, .superseded]
        case .inProgress: [.evidenceSubmitted, .superseded]
        case .evidenceSubmitted: [.closed, .inProgress, .superseded]
        case .closed, .superseded: []
        }
    }

    public func canChange(to next: FindingStatus) -> Bool { allowedNext.contains(next) }

    /// Closed or superseded: nothing more to do.
    public var isResolved: Bool { self == .closed || self == .superseded }

    /// Work that lies with the finding's owner (open or in progress). Once evidence is submitted the
    /// next move is the reviewer's, so reminders stop.
    public var awaitsOwner: Bool { self == .open || self == .inProgress }
}

/// One recorded change of a finding's status: who made it, why and when.
public struct FindingStatusChange: Codable, Sendable, Hashable {
    public var from: FindingStatus
    public var to: FindingStatus
    /// The person who made the change (user identifier or name, as the app records people).
    public var by: String
    public var reason: String
    public var at: Date

    public init(from: FindingStatus, to: FindingStatus, by: String, reason: String, at: Date) {
        self.from = from
        self.to = to
        self.by = by
        self.reason = reason
        self.at = at
    }
}

/// A piece of evidence that a finding is being dealt with.
public struct FindingEvidence: Codable, Sendable, Hashable {
    /// What sort of evidence it is.
    public enum Kind: String, CaseIterable, Codable, Sendable, Hashable {
        /// A written note.
        case note
        /// An uploaded document; `reference` is where the app stored it.
        case document
        /// A live indicator and the value it must reach; `target` says which and how far.
        case indicator
    }

    public var kind: Kind
    /// The note, or a description of the document or of why the indicator shows progress.
    public var text: String
    /// The stored document's key or URL (documents only).
    public var reference: String?
    /// The indicator and the value it must reach (indicator links only).
    public var target: IndicatorTarget?
    public var addedBy: String
    public var addedAt: Date

    public init(
        kind: Kind, text: String, reference: String? = nil, target: IndicatorTarget? = nil, addedBy: String,
        addedAt: Date
    ) {
        self.kind = kind
        self.text = text
        self.reference = reference
        self.target = target
        self.addedBy = addedBy
        self.addedAt = addedAt
    }

    public static func note(_ text: String, by: String, at: Date) -> FindingEvidence {
        FindingEvidence(kind: .note, text: text, addedBy: by, addedAt: at)
    }

    public static func document(_ description: String, reference: String, by: String, at: Date) -> FindingEvidence {
        FindingEvidence(kind: .document, text: description, reference: reference, addedBy: by, addedAt: at)
    }

    public static func indicator(_ target: IndicatorTarget, text: String, by: String, at: Date) -> FindingEvidence {
        FindingEvidence(kind: .indicator, text: text, target: target, addedBy: by, addedAt: at)
    }
}

/// A cause of concern, recommendation, area for improvement or innovative practice from an inspection.
public struct Finding: Codable, Sendable, Hashable, Identifiable {
    /// Unique within its inspection: `AFI1`, `COC1`, `COC1-R3`, `R1`, `IP1` as the report parser
    /// numbers them (in report order).
    public var id: String
    public var kind: FindingKind
    /// The framework area (question, pillar or area) the finding sits under.
    public var areaID: String
    /// The finding's words as the report prints them.
    public var text: String
    /// For recommendations printed as a list under a shared opening ("The force should immediately
    /// take steps to improve its services to vulnerable people by:"), that opening, verbatim.
    public var leadIn: String?
    /// For a recommendation made under a cause of concern, that cause of concern's id.
    public var causeOfConcernID: String?
    /// The person accountable for it (user identifier or name, as the app records people).
    public var owner: String?
    public var due: Date?
    public var status: FindingStatus
    /// Every status change, oldest first.
    public var history: [FindingStatusChange]
    public var evidence: [FindingEvidence]

    public init(
        id: String, kind: FindingKind, areaID: String, text: String, leadIn: String? = nil,
        causeOfConcernID: String? = nil, owner: String? = nil, due: Date? = nil, status: FindingStatus = .open,
        history: [FindingStatusChange] = [], evidence: [FindingEvidence] = []
    ) {
        self.id = id
        self.kind = kind
        self.areaID = areaID
        self.text = text
        self.leadIn = leadIn
        self.causeOfConcernID = causeOfConcernID
        self.owner = owner
        self.due = due
        self.status = status
        self.history = history
        self.evidence = evidence
    }

    /// The recommendation as one sentence: its lead-in and its text, e.g. "The force should
    /// immediately take steps to improve its services to vulnerable people by: improving the
    /// completion rate, quality and supervision of DASH forms;".
    public var fullText: String {
        guard let leadIn, !leadIn.isEmpty else { return text }
        return "\(leadIn) \(text)"
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, areaID, text, leadIn, causeOfConcernID, owner, due, status, history, evidence
    }

    /// Decodes a finding; status defaults to open and history and evidence to empty, so fixture
    /// files list only what a report printed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decode(FindingKind.self, forKey: .kind)
        areaID = try c.decode(String.self, forKey: .areaID)
        text = try c.decode(String.self, forKey: .text)
        leadIn = try c.decodeIfPresent(String.self, forKey: .leadIn)
        causeOfConcernID = try c.decodeIfPresent(String.self, forKey: .causeOfConcernID)
        owner = try c.decodeIfPresent(String.self, forKey: .owner)
        due = try c.decodeIfPresent(Date.self, forKey: .due)
        status = try c.decodeIfPresent(FindingStatus.self, forKey: .status) ?? .open
        history = try c.decodeIfPresent([FindingStatusChange].self, forKey: .history) ?? []
        evidence = try c.decodeIfPresent([FindingEvidence].self, forKey: .evidence) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(areaID, forKey: .areaID)
        try c.encode(text, forKey: .text)
        try c.encodeIfPresent(leadIn, forKey: .leadIn)
        try c.encodeIfPresent(causeOfConcernID, forKey: .causeOfConcernID)
        try c.encodeIfPresent(owner, forKey: .owner)
        try c.encodeIfPresent(due, forKey: .due)
        try c.encode(status, forKey: .status)
        if !history.isEmpty { try c.encode(history, forKey: .history) }
        if !evidence.isEmpty { try c.encode(evidence, forKey: .evidence) }
    }
}
