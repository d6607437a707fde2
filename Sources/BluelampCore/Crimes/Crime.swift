import Foundation

/// A crime record: the spine every inspected area hangs from.
///
/// The value holds what the crime is and where it stands; people, plans, reviews and the timeline live
/// beside it. Every rule that moves it on takes `now` as an argument.
public struct Crime: Sendable, Hashable, Codable {
    /// The force's crime reference, e.g. `5212345/24`.
    public var reference: String
    /// When the report reached the police: starts the 24-hour recording clock.
    public var reportedAt: Date
    /// When the recording decision was made; nil until then.
    public var recordedAt: Date?
    /// False when nobody knows when the recording decision was made: police.uk publishes only the month
    /// a crime was recorded in, so an imported crime's `recordedAt` is that month's first day and says
    /// nothing about the 24-hour recording clock.
    public var isRecordingDecisionTimeKnown: Bool
    /// The recording decision; nil while the report awaits it (`recordedAt` is nil then too).
    public var recordingDecision: RecordingDecision?
    public var category: CrimeCategory
    /// The finer offence, e.g. "Burglary – residential", "Assault occasioning actual bodily harm".
    public var offenceDescription: String
    /// The BCU responsible; usually the BCU of `location`, `FORCE` for force-wide units.
    public var bcu: BCU?
    public var borough: String?
    public var location: CrimeLocation
    public var flags: CrimeFlags
    public var thrive: ThriveAssessment?
    public var screening: ScreeningDecision?
    public var status: CrimeStatus
    public var people: [CrimePerson]
    public var outcome: CrimeOutcome?
    /// The police.uk Crime ID when the crime came from, or has been published to, police.uk.
    public var policeUKCrimeID: String?

    public init(
        reference: String, reportedAt: Date, recordedAt: Date? = nil, category: CrimeCategory,
        offenceDescription: String = "", bcu: BCU? = nil, borough: String? = nil,
        location: CrimeLocation = CrimeLocation(),
        flags: CrimeFlags = [], thrive: ThriveAssessment? = nil, screening: ScreeningDecision? = nil,
        status: CrimeStatus = .recorded, people: [CrimePerson] = [], outcome: CrimeOutcome? = nil,
        policeUKCrimeID: String? = nil, isRecordingDecisionTimeKnown: Bool = true,
        recordingDecision: RecordingDecision? = nil
    ) {
        self.reference = reference
        self.reportedAt = reportedAt
        self.recordedAt = recordedAt
        self.isRecordingDecisionTimeKnown = isRecordingDecisionTimeKnown
        // A crime given a recording time and no decision was recorded as a crime then.
        self.recordingDecision =
            recordingDecision
            ?? recordedAt.map { RecordingDecision(kind: .crime, decidedAt: isRecordingDecisionTimeKnown ? $0 : nil) }
        self.category = category
        self.offenceDescription = offenceDescription
        self.bcu = bcu ?? location.bcu
        self.borough = borough ?? location.borough
        self.location = location
        self.flags = flags
        self.thrive = thrive
        self.screening = screening
        self.status = status
        self.people = people
        self.outcome = outcome
        self.policeUKCrimeID = policeUKCrimeID
    }

    /// The THRIVE priority; priority 3 until an assessment is made.
    public var priority: CrimePriority { thrive?.priority ?? .three }

    /// Where the crime stands against the Crime Recording Rules' 24-hour decision at `now`; for a
    /// crime recorded at a time nobody knows, `.decisionTimeNotKnown`.
    public func recordingState(now: Date, clock: CrimeRecordingClock = CrimeRecordingClock()) -> RecordingDecisionState
    {
        if recordedAt != nil && !isRecordingDecisionTimeKnown { return .decisionTimeNotKnown }
        return clock.state(reportedAt: reportedAt, decidedAt: recordedAt, now: now)
    }

    /// Whether the report still waits for its recording decision.
    public var isAwaitingRecordingDecision: Bool { recordingDecision == nil }

    /// The status the report takes when it is recorded as a crime: what its screening gave it.
    public var statusOnceRecorded: CrimeStatus {
        switch screening {
        case .screenedOut(let reason)?: .screenedOut(reason: reason)
        case .screenedIn?, nil: .awaitingAllocation
        }
    }

    /// Makes the recording decision on a report awaiting it, at `at` by `by`: the clock stops, and the report
    /// moves to `statusOnceRecorded` when recorded as a crime, to `notRecorded` otherwise. A decision is made
    /// once: a report already decided is refused.
    public mutating func decideRecording(
        _ kind: RecordingDecisionKind, reason: String?, at: Date, by: String
    ) throws(RecordingDecisionError) {
        guard recordingDecision == nil else { throw .alreadyDecided(recordingDecision!.kind) }
        if kind.needsReason && (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .reasonRequired(kind)
        }
        recordingDecision = RecordingDecision(kind: kind, decidedAt: at, decidedBy: by, reason: reason)
        recordedAt = at
        isRecordingDecisionTimeKnown = true
        status = kind == .crime ? statusOnceRecorded : .notRecorded
    }

    /// Moves the crime to `next` if the lifecycle allows it (see `CrimeStatus`).
    public mutating func transition(to next: CrimeStatus) throws(CrimeStatusError) {
        status = try status.transition(to: next)
    }

    public var victims: [PersonRecord] { people.filter { $0.role == .victim }.map(\.person) }
    public var suspects: [PersonRecord] { people.filter { $0.role == .suspect }.map(\.person) }
}

/// A person and the part they play in a crime.
public struct CrimePerson: Sendable, Hashable, Codable {
    public var role: PersonRole
    public var person: PersonRecord

    public init(role: PersonRole, person: PersonRecord) {
        self.role = role
        self.person = person
    }
}

/// A recording decision refused.
public enum RecordingDecisionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The report has had its decision; a second is a conflict, never a silent change.
    case alreadyDecided(RecordingDecisionKind)
    case reasonRequired(RecordingDecisionKind)

    public var description: String {
        switch self {
        case .alreadyDecided(let kind):
            "the recording decision has already been made (\(kind.label.lowercased())); it is made once"
        case .reasonRequired(let kind): "a reason is required for the decision \(kind.label.lowercased())"
        }
    }
}
