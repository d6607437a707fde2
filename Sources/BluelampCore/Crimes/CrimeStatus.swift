import Foundation

/// Where a crime is in its life, from recording to closure.
///
/// ```
/// recorded ─▶ awaitingAllocation ─▶ allocated ─▶ underInvestigation ─▶ awaitingSupervisor ─▶ closed
///    │               ▲  │               │  ▲            │      ▲              │                  │
///    │               │  │               └──┼────────────┘      └──────────────┘◀─────────────────┘
///    ▼               │  ▼                  (back to the queue)  (returned)        (reopened)
/// screenedOut ───────┘ (screened back in)
/// cancelled (with a reason) from any state before closure; terminal
/// ```
///
/// - `recorded` → `awaitingAllocation` (screened in), `screenedOut`, `cancelled`
/// - `awaitingAllocation` → `allocated`, `screenedOut`, `cancelled`
/// - `allocated` → `underInvestigation`, `awaitingAllocation` (the officer cannot take it), `cancelled`
/// - `underInvestigation` → `awaitingSupervisor` (investigation complete, for review),
///   `awaitingAllocation` (reallocation), `cancelled`
/// - `awaitingSupervisor` → `closed` (the supervisor agrees), `underInvestigation` (returned with actions)
/// - `closed` → `underInvestigation` (reopened on new information)
/// - `screenedOut` → `awaitingAllocation` (screened back in on new information), `cancelled`
/// - `cancelled` is terminal.
///
/// Before all of these, a report waits for its recording decision (`awaitingRecordingDecision`); the decision
/// (`RecordingDecisionKind`), never a status change, moves it on: to the status its screening gave it
/// (`awaitingAllocation` or `screenedOut`) when it is recorded as a crime, otherwise to `notRecorded`, which is
/// terminal. Neither is an open investigation.
///
/// Screening out and cancelling carry a reason: a screen-out must say why (solvability screening);
/// a cancellation is the Crime Recording Rules' "cancelled record", which needs the additional
/// verifiable information that no crime was committed, recorded as the reason.
public enum CrimeStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A report whose recording decision has not been made (the Crime Recording Rules' clock is running).
    case awaitingRecordingDecision
    /// The recording decision recorded an incident that is not a crime, or no crime.
    case notRecorded
    case recorded
    case awaitingAllocation
    case allocated
    case underInvestigation
    case awaitingSupervisor
    case closed
    case screenedOut(reason: String)
    case cancelled(reason: String)

    /// The status without its reason: what is stored in a column and filtered on.
    public enum Code: String, CaseIterable, Codable, Sendable, Hashable {
        case awaitingRecordingDecision = "awaiting_recording_decision"
        case notRecorded = "not_recorded"
        case recorded = "recorded"
        case awaitingAllocation = "awaiting_allocation"
        case allocated = "allocated"
        case underInvestigation = "under_investigation"
        case awaitingSupervisor = "awaiting_supervisor"
        case closed = "closed"
        case screenedOut = "screened_out"
        case cancelled = "cancelled"

        public var label: String {
            switch self {
            case .awaitingRecordingDecision: "Awaiting recording decision"
            case .notRecorded: "Not recorded as a crime"
            case .recorded: "Recorded"
            case .awaitingAllocation: "Awaiting allocation"
            case .allocated: "Allocated"
            case .underInvestigation: "Under investigation"
            case .awaitingSupervisor: "Awaiting supervisor"
            case .closed: "Closed"
            case .screenedOut: "Screened out"
            case .cancelled: "Cancelled"
            }
        }

        /// Whether a move to this status must carry a reason.
        public var needsReason: Bool { self == .screenedOut || self == .cancelled }

        /// Open crimes count in caseloads and open-investigation indicators.
        public var isOpen: Bool {
            switch self {
            case .recorded, .awaitingAllocation, .allocated, .underInvestigation, .awaitingSupervisor: true
            case .closed, .screenedOut, .cancelled, .awaitingRecordingDecision, .notRecorded: false
            }
        }

        /// The statuses a crime in this status may move to (the table in `CrimeStatus`'s documentation).
        public var allowedNext: [Code] {
            switch self {
            // Only the recording decision moves a report on.
            case .awaitingRecordingDecision, .notRecorded: []
            case .recorded: [.awaitingAllocation, .screenedOut, .cancelled]
            case .awaitingAllocation: [.allocated, .screenedOut, .cancelled]
            case .allocated: [.underInvestigation, .awaitingAllocation, .cancelled]
            case .underInvestigation: [.awaitingSupervisor, .awaitingAllocation, .cancelled]
            case .awaitingSupervisor: [.closed, .underInvestigation]
            case .closed: [.underInvestigation]
            case .screenedOut: [.awaitingAllocation, .cancelled]
            case .cancelled: []
            }
        }

        public func canMove(to next: Code) -> Bool { allowedNext.contains(next) }
    }

    public var code: Code {
        switch self {
        case .awaitingRecordingDecision: .awaitingRecordingDecision
        case .notRecorded: .notRecorded
        case .recorded: .recorded
        case .awaitingAllocation: .awaitingAllocation
        case .allocated: .allocated
        case .underInvestigation: .underInvestigation
        case .awaitingSupervisor: .awaitingSupervisor
        case .closed: .closed
        case .screenedOut: .screenedOut
        case .cancelled: .cancelled
        }
    }

    /// The reason recorded with a screen-out or cancellation.
    public var reason: String? {
        switch self {
        case .screenedOut(let reason), .cancelled(let reason): reason
        default: nil
        }
    }

    public var label: String { code.label }
    public var isOpen: Bool { code.isOpen }
    public var description: String { code.rawValue }

    /// The status for a stored code and reason; nil when a reasoned status has no reason or a plain one has one.
    public init?(code: Code, reason: String? = nil) {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        switch code {
        case .screenedOut, .cancelled:
            guard let reason, !reason.isEmpty else { return nil }
            self = code == .screenedOut ? .screenedOut(reason: reason) : .cancelled(reason: reason)
        default:
            guard reason == nil || reason == "" else { return nil }
            switch code {
            case .awaitingRecordingDecision: self = .awaitingRecordingDecision
            case .notRecorded: self = .notRecorded
            case .recorded: self = .recorded
            case .awaitingAllocation: self = .awaitingAllocation
            case .allocated: self = .allocated
            case .underInvestigation: self = .underInvestigation
            case .awaitingSupervisor: self = .awaitingSupervisor
            default: self = .closed
            }
        }
    }

    /// The new status if the move is allowed; otherwise a `CrimeStatusError` that says what is allowed.
    public func transition(to next: CrimeStatus) throws(CrimeStatusError) -> CrimeStatus {
        guard code.canMove(to: next.code) else {
            throw .illegalTransition(from: code, to: next.code, allowed: code.allowedNext)
        }
        if next.code.needsReason {
            let reason = next.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !reason.isEmpty else { throw .reasonRequired(next.code) }
            return next.code == .screenedOut ? .screenedOut(reason: reason) : .cancelled(reason: reason)
        }
        return next
    }

    // Stored as {"code": "...", "reason": "..."} so the reason never travels without its status.
    private enum CodingKeys: String, CodingKey { case code, reason }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let code = try container.decode(Code.self, forKey: .code)
        let reason = try container.decodeIfPresent(String.self, forKey: .reason)
        guard let status = CrimeStatus(code: code, reason: reason) else {
            throw DecodingError.dataCorruptedError(
                forKey: .reason, in: container,
                debugDescription: "status \(code.rawValue) with reason \(reason ?? "none")")
        }
        self = status
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encodeIfPresent(reason, forKey: .reason)
    }
}

/// A status change the lifecycle refuses.
public enum CrimeStatusError: Error, Sendable, Hashable, CustomStringConvertible {
    case illegalTransition(from: CrimeStatus.Code, to: CrimeStatus.Code, allowed: [CrimeStatus.Code])
    case reasonRequired(CrimeStatus.Code)

    public var description: String {
        switch self {
        case .illegalTransition(.awaitingRecordingDecision, _, _):
            return "a report awaiting its recording decision changes status only by that decision"
        case .illegalTransition(let from, let to, let allowed):
            let options =
                allowed.isEmpty
                ? "it cannot change status"
                : "it can become " + allowed.map { $0.label.lowercased() }.joined(separator: ", ")
            return "a crime that is \(from.label.lowercased()) cannot become \(to.label.lowercased()); \(options)"
        case .reasonRequired(let code):
            return "a reason is required to mark a crime \(code.label.lowercased())"
        }
    }
}
