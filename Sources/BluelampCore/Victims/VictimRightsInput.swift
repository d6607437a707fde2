import Foundation

/// What became of the referral to support services after the needs assessment (Victims' Code, Right 4). The raw
/// values are stored and appear in the API.
public enum NeedsReferralOutcome: String, CaseIterable, Sendable, Codable, Hashable {
    /// The victim accepted a referral and their details were passed on.
    case accepted
    /// The victim was offered a referral and declined it.
    case declined
    /// The victim said they want no support at all.
    case notWanted = "not_wanted"

    public var label: String {
        switch self {
        case .accepted: "Referral accepted"
        case .declined: "Referral declined"
        case .notWanted: "No support wanted"
        }
    }
}

/// Where the Victim Personal Statement stands (Victims' Code, Right 7). The raw values are stored.
public enum VPSStatus: String, CaseIterable, Sendable, Codable, Hashable {
    /// Offered, and the victim has neither made one nor declined yet.
    case offered
    /// The victim made a statement.
    case made
    /// The victim was offered the chance and declined it.
    case declined

    public var label: String {
        switch self {
        case .offered: "Offered"
        case .made: "Made"
        case .declined: "Declined"
        }
    }
}

/// The Victim Personal Statement's dates: offered, made, declined.
public struct VictimPersonalStatementRecord: Sendable, Hashable, Codable {
    public var offeredAt: Date?
    public var madeAt: Date?
    public var declinedAt: Date?

    public init(offeredAt: Date? = nil, madeAt: Date? = nil, declinedAt: Date? = nil) {
        self.offeredAt = offeredAt
        self.madeAt = madeAt
        self.declinedAt = declinedAt
    }

    /// Made, else declined, else offered; nil if never offered. Making or declining one implies it was offered.
    public var status: VPSStatus? {
        if madeAt != nil { return .made }
        if declinedAt != nil { return .declined }
        if offeredAt != nil { return .offered }
        return nil
    }
}

/// A key event and when the victim was told of it (nil: not yet).
public struct VictimKeyEventRecord: Sendable, Hashable, Codable {
    public var event: VictimKeyEvent
    public var occurredAt: Date
    public var toldAt: Date?

    public init(event: VictimKeyEvent, occurredAt: Date, toldAt: Date? = nil) {
        self.event = event
        self.occurredAt = occurredAt
        self.toldAt = toldAt
    }
}

/// Everything the service knows about one victim that bears on the Code's 12 rights, as plain values. A date left nil
/// means "not done" (or "has not happened"), never "unknown but probably done".
public struct VictimRightsInput: Sendable, Hashable, Codable {
    // Right 1
    /// When the officer checked whether the victim needs an interpreter or other help to understand and be understood.
    public var communicationNeedsCheckedAt: Date?

    // Right 2
    /// When the crime was reported.
    public var reportedAt: Date
    /// When the crime was recorded.
    public var crimeRecordedAt: Date?
    /// Hours the force allows from report to recording decision: 24 under the Home Office Counting Rules unless the
    /// force's recording policy says otherwise (`CrimeRecordingPolicy`).
    public var recordingAllowanceHours: Int

    // Right 3
    /// When the victim was given the written acknowledgement and information on reporting (crime reference, what
    /// happens next, the officer's contact details).
    public var reportingInformationGivenAt: Date?

    // Right 4
    /// When the needs assessment was done.
    public var needsAssessmentAt: Date?
    /// What became of the referral to support services.
    public var referralOutcome: NeedsReferralOutcome?

    // Right 5
    /// When the victim was told how to claim compensation (the Criminal Injuries Compensation Scheme, court orders).
    public var compensationInformationGivenAt: Date?

    // Right 6
    /// The key events so far and when the victim was told of each.
    public var keyEvents: [VictimKeyEventRecord]
    public var investigationOpenedAt: Date
    /// nil while the investigation is open.
    public var investigationClosedAt: Date?
    /// The last routine update given to the victim.
    public var lastRoutineUpdateAt: Date?
    /// The update interval agreed with the victim, in days; nil for the default of 28.
    public var agreedUpdateIntervalDays: Int?

    // Right 7
    public var statement: VictimPersonalStatementRecord

    // Right 8
    /// When a suspect was charged (a `charged` key event counts too).
    public var chargedAt: Date?
    /// When the victim was given information about the trial, the trial process and their role as a witness.
    public var trialInformationGivenAt: Date?

    // Right 9
    /// When the case's outcome (verdict, sentence, or the case being dropped) became known.
    public var caseOutcomeAt: Date?
    /// When the victim was told of it.
    public var caseOutcomeToldAt: Date?

    // Right 10
    /// The police hold property of the victim's (as evidence or found).
    public var propertyHeld: Bool
    public var propertyReturnedAt: Date?
    /// When a victim who is a witness was told how to claim expenses.
    public var expensesInformationGivenAt: Date?

    // Right 11
    /// When an offender was convicted.
    public var convictedAt: Date?
    /// When the victim was offered the Victim Contact Scheme (or told they are not eligible for it).
    public var victimContactSchemeOfferedAt: Date?

    // Right 12
    /// When the victim was told how to complain if their rights are not met.
    public var complaintInformationGivenAt: Date?

    public init(
        reportedAt: Date, investigationOpenedAt: Date, communicationNeedsCheckedAt: Date? = nil,
        crimeRecordedAt: Date? = nil, recordingAllowanceHours: Int = 24, reportingInformationGivenAt: Date? = nil,
        needsAssessmentAt: Date? = nil, referralOutcome: NeedsReferralOutcome? = nil,
        compensationInformationGivenAt: Date? = nil, keyEvents: [VictimKeyEventRecord] = [],
        investigationClosedAt: Date? = nil, lastRoutineUpdateAt: Date? = nil, agreedUpdateIntervalDays: Int? = nil,
        statement: VictimPersonalStatementRecord = VictimPersonalStatementRecord(), chargedAt: Date? = nil,
        trialInformationGivenAt: Date? = nil, caseOutcomeAt: Date? = nil, caseOutcomeToldAt: Date? = nil,
        propertyHeld: Bool = false, propertyReturnedAt: Date? = nil, expensesInformationGivenAt: Date? = nil,
        convictedAt: Date? = nil, victimContactSchemeOfferedAt: Date? = nil,
        complaintInformationGivenAt: Date? = nil
    ) {
        self.reportedAt = reportedAt
        self.investigationOpenedAt = investigationOpenedAt
        self.communicationNeedsCheckedAt = communicationNeedsCheckedAt
        self.crimeRecordedAt = crimeRecordedAt
        self.recordingAllowanceHours = recordingAllowanceHours
        self.reportingInformationGivenAt = reportingInformationGivenAt
        self.needsAssessmentAt = needsAssessmentAt
        self.referralOutcome = referralOutcome
        self.compensationInformationGivenAt = compensationInformationGivenAt
        self.keyEvents = keyEvents
        self.investigationClosedAt = investigationClosedAt
        self.lastRoutineUpdateAt = lastRoutineUpdateAt
        self.agreedUpdateIntervalDays = agreedUpdateIntervalDays
        self.statement = statement
        self.chargedAt = chargedAt
        self.trialInformationGivenAt = trialInformationGivenAt
        self.caseOutcomeAt = caseOutcomeAt
        self.caseOutcomeToldAt = caseOutcomeToldAt
        self.propertyHeld = propertyHeld
        self.propertyReturnedAt = propertyReturnedAt
        self.expensesInformationGivenAt = expensesInformationGivenAt
        self.convictedAt = convictedAt
        self.victimContactSchemeOfferedAt = victimContactSchemeOfferedAt
        self.complaintInformationGivenAt = complaintInformationGivenAt
    }

    /// A suspect has been charged: `chargedAt` is set or a `charged` key event is recorded.
    public var isCharged: Bool { chargedAt != nil || keyEvents.contains { $0.event == .charged } }

    /// The investigation is open at `now`.
    public func isOpen(at now: Date) -> Bool { investigationClosedAt.map { $0 > now } ?? true }
}
