import Foundation

/// A task on an investigation: what is to be done, by whom, by when.
public struct InvestigationAction: Sendable, Hashable, Codable {
    public var id: Int
    public var crimeID: Int
    public var description: String
    public var ownerOfficerID: Int
    public var ownerName: String
    public var dueOn: CalendarDay
    public var doneAt: Date?
    public var createdAt: Date
    public var createdBy: String

    public init(
        id: Int, crimeID: Int, description: String, ownerOfficerID: Int, ownerName: String, dueOn: CalendarDay,
        doneAt: Date?, createdAt: Date, createdBy: String
    ) {
        self.id = id
        self.crimeID = crimeID
        self.description = description
        self.ownerOfficerID = ownerOfficerID
        self.ownerName = ownerName
        self.dueOn = dueOn
        self.doneAt = doneAt
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// Not done, and its due day has passed (in London).
    public func isOverdue(now: Date) -> Bool {
        doneAt == nil && dueOn < CalendarDay(containing: now, in: .london)
    }
}

/// A new action as a person gives it, before it is checked.
public struct InvestigationActionDraft: Sendable, Hashable {
    public var description: String
    /// The officer's id, as typed or chosen.
    public var ownerOfficerID: String
    /// `YYYY-MM-DD`.
    public var dueOn: String

    public init(description: String, ownerOfficerID: String, dueOn: String) {
        self.description = description
        self.ownerOfficerID = ownerOfficerID
        self.dueOn = dueOn
    }

    /// The action's text, owner and due day, or every problem. An action is due today or later (in London).
    public func check(now: Date) -> Result<(description: String, owner: Int, dueOn: CalendarDay), FieldErrors> {
        var errors: [FieldError] = []
        let text = description.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            errors.append(FieldError(field: "description", label: "Action", message: "say what is to be done"))
        } else if text.count > LineOfEnquiryDraft.maxDescription {
            errors.append(
                FieldError(
                    field: "description", label: "Action",
                    message: "is \(text.count) characters; keep it to \(LineOfEnquiryDraft.maxDescription)"))
        }
        let owner = Int(ownerOfficerID.trimmingCharacters(in: .whitespaces)).flatMap { $0 > 0 ? $0 : nil }
        if owner == nil {
            errors.append(
                FieldError(field: "owner_officer_id", label: "Owner", message: "choose the officer who owns it"))
        }
        let dayText = dueOn.trimmingCharacters(in: .whitespaces)
        let day = CalendarDay(dayText)
        if dayText.isEmpty {
            errors.append(FieldError(field: "due_on", label: "Due by", message: "give the day it is due (YYYY-MM-DD)"))
        } else if day == nil {
            errors.append(
                FieldError(field: "due_on", label: "Due by", message: "\"\(dayText)\" is not a date (YYYY-MM-DD)"))
        } else if let day, day < CalendarDay(containing: now, in: .london) {
            errors.append(FieldError(field: "due_on", label: "Due by", message: "cannot be a day that has passed"))
        }
        guard errors.isEmpty, let owner, let day else { return .failure(FieldErrors(errors: errors)) }
        return .success((text, owner, day))
    }
}

/// An entry in the investigator's log. The log is append-only: an entry is never changed or removed, and each is
/// audited; a later entry corrects an earlier one.
public struct InvestigationNote: Sendable, Hashable, Codable {
    public var id: Int
    public var crimeID: Int
    public var writtenAt: Date
    public var author: String
    public var text: String
    /// The victim-blaming phrasings the lexicon found in it, for the supervisor (never blocked or changed).
    public var flaggedPhrases: [String]
    public var flagReviewedAt: Date?
    public var flagReviewedBy: String?

    public init(
        id: Int, crimeID: Int, writtenAt: Date, author: String, text: String, flaggedPhrases: [String],
        flagReviewedAt: Date?, flagReviewedBy: String?
    ) {
        self.id = id
        self.crimeID = crimeID
        self.writtenAt = writtenAt
        self.author = author
        self.text = text
        self.flaggedPhrases = flaggedPhrases
        self.flagReviewedAt = flagReviewedAt
        self.flagReviewedBy = flagReviewedBy
    }

    public var awaitsFlagReview: Bool { !flaggedPhrases.isEmpty && flagReviewedAt == nil }

    public static let maxLength = 8_000

    /// The note's text, trimmed, or the problem.
    public static func check(_ text: String, field: String = "text", label: String = "Note") -> Result<
        String, FieldErrors
    > {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            return .failure(FieldErrors(errors: [FieldError(field: field, label: label, message: "write the note")]))
        }
        if trimmed.count > maxLength {
            return .failure(
                FieldErrors(errors: [
                    FieldError(
                        field: field, label: label, message: "is \(trimmed.count) characters; keep it to \(maxLength)")
                ]))
        }
        return .success(trimmed)
    }
}
