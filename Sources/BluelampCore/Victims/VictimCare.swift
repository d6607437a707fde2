import Foundation

extension ContactPreference {
    /// The ways a contact can be made (everything but "no contact").
    public static let methods: [ContactPreference] = allCases.filter { $0 != .noContact }
}

/// Information the Code says a victim is given, recorded with the time it was given.
public enum VictimInformation: String, CaseIterable, Sendable, Codable, Hashable {
    case communicationNeeds = "communication_needs"
    case reporting = "reporting"
    case compensation = "compensation"
    case expenses = "expenses"
    case complaints = "complaints"
    case trial = "trial"
    case contactScheme = "contact_scheme"

    public var label: String {
        switch self {
        case .communicationNeeds: "Communication needs checked (Right 1)"
        case .reporting: "Written acknowledgement and information on reporting (Right 3)"
        case .compensation: "Information on compensation (Right 5)"
        case .expenses: "Information on expenses and property (Right 10)"
        case .complaints: "How to complain (Right 12)"
        case .trial: "Trial information (Right 8)"
        case .contactScheme: "Victim Contact Scheme offered (Right 11)"
        }
    }
}

/// What the force holds about a victim's care on one crime: their circumstances (for enhanced rights), how often
/// they want updates (how they want to be contacted is the person's `ContactPreference`), the needs assessment, the
/// Victim Personal Statement and the information given.
public struct VictimCare: Sendable, Hashable, Codable {
    public var crimeID: Int
    public var personID: Int
    public var circumstances: VictimCircumstances
    /// Agreed with the victim; nil for the Code's 28 days.
    public var updateIntervalDays: Int?
    public var needsAssessedAt: Date?
    public var needs: String?
    public var referralOutcome: NeedsReferralOutcome?
    public var statement: VictimPersonalStatementRecord
    public var information: [VictimInformation: Date]

    public init(
        crimeID: Int, personID: Int, circumstances: VictimCircumstances = VictimCircumstances(),
        updateIntervalDays: Int? = nil, needsAssessedAt: Date? = nil,
        needs: String? = nil, referralOutcome: NeedsReferralOutcome? = nil,
        statement: VictimPersonalStatementRecord = VictimPersonalStatementRecord(),
        information: [VictimInformation: Date] = [:]
    ) {
        self.crimeID = crimeID
        self.personID = personID
        self.circumstances = circumstances
        self.updateIntervalDays = updateIntervalDays
        self.needsAssessedAt = needsAssessedAt
        self.needs = needs
        self.referralOutcome = referralOutcome
        self.statement = statement
        self.information = information
    }
}

/// A victim's circumstances and contact preferences as an officer gives them, before they are checked.
public struct VictimCareDraft: Sendable, Hashable {
    public var circumstances: VictimCircumstances
    public var preferredContact: String
    /// Whole days; empty for the Code's 28.
    public var updateIntervalDays: String

    public init(circumstances: VictimCircumstances, preferredContact: String, updateIntervalDays: String) {
        self.circumstances = circumstances
        self.preferredContact = preferredContact
        self.updateIntervalDays = updateIntervalDays
    }

    /// Updates agreed with a victim come at least this often; the Code's default is 28 days.
    public static let allowedInterval = 1...VictimsCode.routineUpdateDays

    public func check() -> Result<(VictimCircumstances, ContactPreference?, Int?), FieldErrors> {
        var errors: [FieldError] = []
        let methodText = preferredContact.trimmingCharacters(in: .whitespaces)
        let method = ContactPreference(rawValue: methodText)
        if !methodText.isEmpty && method == nil {
            errors.append(
                FieldError(
                    field: "preferred_contact", label: "Preferred contact", message: "choose how to contact them"))
        }
        let intervalText = updateIntervalDays.trimmingCharacters(in: .whitespaces)
        var interval: Int?
        if !intervalText.isEmpty {
            interval = Int(intervalText)
            if interval.map({ !Self.allowedInterval.contains($0) }) ?? true {
                errors.append(
                    FieldError(
                        field: "update_interval_days", label: "Updates every (days)",
                        message:
                            "give a whole number of days from 1 to \(VictimsCode.routineUpdateDays): the Code promises an update at least every \(VictimsCode.routineUpdateDays) days"
                    ))
            }
        }
        guard errors.isEmpty else { return .failure(FieldErrors(errors: errors)) }
        return .success((circumstances, method, interval))
    }
}

/// A needs assessment as an officer records it.
public struct NeedsAssessmentDraft: Sendable, Hashable {
    public var needs: String
    public var referral: String

    public init(needs: String, referral: String) {
        self.needs = needs
        self.referral = referral
    }

    public func check() -> Result<(needs: String, referral: NeedsReferralOutcome), FieldErrors> {
        var errors: [FieldError] = []
        let text = needs.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            errors.append(
                FieldError(
                    field: "needs", label: "Needs", message: "record what the victim needs (or that they need nothing)")
            )
        } else if text.count > InvestigationNote.maxLength {
            errors.append(
                FieldError(
                    field: "needs", label: "Needs", message: "keep it to \(InvestigationNote.maxLength) characters"))
        }
        let referral = NeedsReferralOutcome(rawValue: referral.trimmingCharacters(in: .whitespaces))
        if referral == nil {
            errors.append(
                FieldError(
                    field: "referral", label: "Referral to support services",
                    message: "say whether the referral was accepted, declined or not wanted"))
        }
        guard errors.isEmpty, let referral else { return .failure(FieldErrors(errors: errors)) }
        return .success((text, referral))
    }
}

/// A key event as an officer records it: what happened and when (London time).
public struct VictimKeyEventDraft: Sendable, Hashable {
    public var event: String
    /// `YYYY-MM-DDTHH:MM` in London, as a datetime-local field sends it, or ISO 8601 with an offset.
    public var occurredAt: String

    public init(event: String, occurredAt: String) {
        self.event = event
        self.occurredAt = occurredAt
    }

    public func check(now: Date) -> Result<(event: VictimKeyEvent, occurredAt: Date), FieldErrors> {
        var errors: [FieldError] = []
        let event = VictimKeyEvent(rawValue: event.trimmingCharacters(in: .whitespaces))
        if event == nil {
            errors.append(FieldError(field: "event", label: "Key event", message: "choose what happened"))
        }
        let when = VictimTime.parse(occurredAt)
        if occurredAt.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(
                FieldError(field: "occurred_at", label: "When", message: "give the date and time it happened"))
        } else if when == nil {
            errors.append(
                FieldError(
                    field: "occurred_at", label: "When",
                    message: "\"\(occurredAt)\" is not a date and time (YYYY-MM-DD HH:MM)"))
        } else if let when, when > now.addingTimeInterval(300) {
            errors.append(FieldError(field: "occurred_at", label: "When", message: "cannot be in the future"))
        }
        guard errors.isEmpty, let event, let when else { return .failure(FieldErrors(errors: errors)) }
        return .success((event, when))
    }
}

/// A contact with a victim as an officer logs it.
public struct VictimContactDraft: Sendable, Hashable {
    public var method: String
    public var summary: String
    public var contactedAt: String
    /// The key-event notifications this contact told the victim of, by id.
    public var told: [String]

    public init(method: String, summary: String, contactedAt: String, told: [String]) {
        self.method = method
        self.summary = summary
        self.contactedAt = contactedAt
        self.told = told
    }

    public func check(now: Date) -> Result<
        (method: ContactPreference, summary: String, at: Date, told: [Int]), FieldErrors
    > {
        var errors: [FieldError] = []
        let method = ContactPreference(rawValue: method.trimmingCharacters(in: .whitespaces))
        if method == nil || method == .noContact {
            errors.append(FieldError(field: "method", label: "How", message: "choose how the victim was contacted"))
        }
        let text = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            errors.append(
                FieldError(field: "summary", label: "What was said", message: "record what the victim was told"))
        } else if text.count > InvestigationNote.maxLength {
            errors.append(
                FieldError(
                    field: "summary", label: "What was said",
                    message: "keep it to \(InvestigationNote.maxLength) characters"))
        }
        let atText = contactedAt.trimmingCharacters(in: .whitespaces)
        let at = atText.isEmpty ? now : VictimTime.parse(atText)
        if at == nil {
            errors.append(
                FieldError(
                    field: "contacted_at", label: "When",
                    message: "\"\(atText)\" is not a date and time (YYYY-MM-DD HH:MM)"))
        } else if let at, at > now.addingTimeInterval(300) {
            errors.append(FieldError(field: "contacted_at", label: "When", message: "cannot be in the future"))
        }
        let told = told.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if told.count != self.told.count {
            errors.append(
                FieldError(field: "told", label: "Key events told", message: "choose key events from the list"))
        }
        guard errors.isEmpty, let method, let at else { return .failure(FieldErrors(errors: errors)) }
        return .success((method, text, at, told))
    }
}

/// Times a person types for victims' records: London local time from a form, or ISO 8601 with an offset.
public enum VictimTime {
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if case .success(let date) = ISO8601Timestamp.parse(trimmed) { return date }
        // A datetime-local field: YYYY-MM-DDTHH:MM (or a space), in London.
        let normalised = trimmed.replacingOccurrences(of: " ", with: "T")
        let parts = normalised.split(separator: "T")
        guard parts.count == 2, let day = CalendarDay(parts[0]) else { return nil }
        let clock = parts[1].split(separator: ":")
        guard clock.count == 2 || clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]),
            clock[0].count == 2, clock[1].count == 2, (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .london
        return calendar.date(
            from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
    }
}

/// A key event recorded on an investigation.
public struct VictimKeyEventEntry: Sendable, Hashable, Codable {
    public var id: Int
    public var crimeID: Int
    public var event: VictimKeyEvent
    public var occurredAt: Date
    public var recordedBy: String

    public init(id: Int, crimeID: Int, event: VictimKeyEvent, occurredAt: Date, recordedBy: String) {
        self.id = id
        self.crimeID = crimeID
        self.event = event
        self.occurredAt = occurredAt
        self.recordedBy = recordedBy
    }
}

/// One victim's clock for one key event: tell them by the end of `dueOn` (London).
public struct VictimNotification: Sendable, Hashable, Codable {
    public var id: Int
    public var keyEventID: Int
    public var crimeID: Int
    public var personID: Int
    public var event: VictimKeyEvent
    public var occurredAt: Date
    public var enhanced: Bool
    /// The victim asked not to be contacted: the clock does not run.
    public var optedOut: Bool
    public var dueOn: CalendarDay
    public var dueBy: Date
    public var toldAt: Date?
    public var toldBy: String?

    public init(
        id: Int, keyEventID: Int, crimeID: Int, personID: Int, event: VictimKeyEvent, occurredAt: Date,
        enhanced: Bool, optedOut: Bool, dueOn: CalendarDay, dueBy: Date, toldAt: Date?, toldBy: String?
    ) {
        self.id = id
        self.keyEventID = keyEventID
        self.crimeID = crimeID
        self.personID = personID
        self.event = event
        self.occurredAt = occurredAt
        self.enhanced = enhanced
        self.optedOut = optedOut
        self.dueOn = dueOn
        self.dueBy = dueBy
        self.toldAt = toldAt
        self.toldBy = toldBy
    }

    public var isOutstanding: Bool { toldAt == nil && !optedOut }
    public func isOverdue(now: Date) -> Bool { isOutstanding && now > dueBy }
    public var toldInTime: Bool? { toldAt.map { $0 <= dueBy } }
}

/// A contact with a victim, in the contact log.
public struct VictimContact: Sendable, Hashable, Codable {
    public var id: Int
    public var crimeID: Int
    public var personID: Int
    public var contactedAt: Date
    public var method: ContactPreference
    public var summary: String
    public var by: String
    /// When this update was due; a contact after it was a late routine update.
    public var updateDueAt: Date
    /// The victim-blaming phrasings the lexicon found in the summary, for the supervisor (never blocked or changed).
    public var flaggedPhrases: [String]
    public var flagReviewedAt: Date?
    public var flagReviewedBy: String?

    public init(
        id: Int, crimeID: Int, personID: Int, contactedAt: Date, method: ContactPreference, summary: String, by: String,
        updateDueAt: Date, flaggedPhrases: [String] = [], flagReviewedAt: Date? = nil, flagReviewedBy: String? = nil
    ) {
        self.id = id
        self.crimeID = crimeID
        self.personID = personID
        self.contactedAt = contactedAt
        self.method = method
        self.summary = summary
        self.by = by
        self.updateDueAt = updateDueAt
        self.flaggedPhrases = flaggedPhrases
        self.flagReviewedAt = flagReviewedAt
        self.flagReviewedBy = flagReviewedBy
    }

    public var awaitsFlagReview: Bool { !flaggedPhrases.isEmpty && flagReviewedAt == nil }
}
