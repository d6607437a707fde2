import Foundation

/// How often a supervisor reviews an open investigation (DESIGN.md, "Supervision"): the first review within
/// `firstReviewDays` of allocation, then at most `reviewIntervalDays` apart while the investigation is open. The
/// force's administrators may change both; each version is kept with who changed it and why.
public struct SupervisionPolicy: Sendable, Hashable, Codable {
    public var firstReviewDays: Int
    public var reviewIntervalDays: Int

    public init(firstReviewDays: Int, reviewIntervalDays: Int) {
        self.firstReviewDays = firstReviewDays
        self.reviewIntervalDays = reviewIntervalDays
    }

    /// The design's default: 7 days, then every 28.
    public static let standard = SupervisionPolicy(firstReviewDays: 7, reviewIntervalDays: 28)

    /// The limits an administrator may set: a review at least once a quarter, never more than daily.
    public static let allowedDays = 1...90

    /// When the next review falls due: `firstReviewDays` after allocation until the first review, then the day the
    /// last review set (never later than `reviewIntervalDays` after it).
    public func nextReviewDue(allocatedAt: Date, lastReview: (at: Date, nextOn: CalendarDay?)?) -> Date {
        guard let lastReview else { return allocatedAt.addingTimeInterval(Double(firstReviewDays) * 86_400) }
        let latest = lastReview.at.addingTimeInterval(Double(reviewIntervalDays) * 86_400)
        guard let nextOn = lastReview.nextOn else { return latest }
        // The end of the day the supervisor set, in London.
        let endOfDay = Self.endOfDay(nextOn)
        return min(endOfDay, latest)
    }

    /// The last instant of a London day.
    public static func endOfDay(_ day: CalendarDay) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .london
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        return calendar.date(byAdding: .day, value: 1, to: start)!.addingTimeInterval(-1)
    }

    /// The policy an administrator asks for, or every problem.
    public static func check(firstReviewDays: String, reviewIntervalDays: String, reason: String) -> Result<
        (policy: SupervisionPolicy, reason: String), FieldErrors
    > {
        var errors: [FieldError] = []
        func days(_ text: String, _ field: String, _ label: String) -> Int? {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), allowedDays.contains(value) else {
                errors.append(
                    FieldError(
                        field: field, label: label,
                        message:
                            "give a whole number of days from \(allowedDays.lowerBound) to \(allowedDays.upperBound)"))
                return nil
            }
            return value
        }
        let first = days(firstReviewDays, "first_review_days", "First review within (days)")
        let interval = days(reviewIntervalDays, "review_interval_days", "Then every (days)")
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if why.isEmpty {
            errors.append(FieldError(field: "reason", label: "Reason", message: "say why the policy changes"))
        }
        guard errors.isEmpty, let first, let interval else { return .failure(FieldErrors(errors: errors)) }
        return .success((SupervisionPolicy(firstReviewDays: first, reviewIntervalDays: interval), why))
    }
}

/// A supervisor's review of an investigation: the direction given and when to look again.
public struct SupervisoryReview: Sendable, Hashable, Codable {
    public var id: Int
    public var crimeID: Int
    public var reviewedAt: Date
    public var reviewer: String
    public var reviewerUserID: Int?
    public var direction: String
    public var nextReviewOn: CalendarDay?
    /// When it was due, and so whether it was on time.
    public var dueAt: Date

    public init(
        id: Int, crimeID: Int, reviewedAt: Date, reviewer: String, reviewerUserID: Int?, direction: String,
        nextReviewOn: CalendarDay?, dueAt: Date
    ) {
        self.id = id
        self.crimeID = crimeID
        self.reviewedAt = reviewedAt
        self.reviewer = reviewer
        self.reviewerUserID = reviewerUserID
        self.direction = direction
        self.nextReviewOn = nextReviewOn
        self.dueAt = dueAt
    }

    public var onTime: Bool { reviewedAt <= dueAt }
}

/// A review as a supervisor gives it, before it is checked.
public struct SupervisoryReviewDraft: Sendable, Hashable {
    public var direction: String
    /// `YYYY-MM-DD`; empty for the policy's longest interval.
    public var nextReviewOn: String

    public init(direction: String, nextReviewOn: String) {
        self.direction = direction
        self.nextReviewOn = nextReviewOn
    }

    /// The direction and next review day, or every problem. The next review is after today and no later than the
    /// policy's interval allows; left empty, it is the latest day the policy allows.
    public func check(now: Date, policy: SupervisionPolicy) -> Result<
        (direction: String, nextReviewOn: CalendarDay), FieldErrors
    > {
        var errors: [FieldError] = []
        let text = direction.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            errors.append(
                FieldError(
                    field: "direction", label: "Direction", message: "record the direction given to the investigator"))
        } else if text.count > InvestigationNote.maxLength {
            errors.append(
                FieldError(
                    field: "direction", label: "Direction",
                    message: "keep it to \(InvestigationNote.maxLength) characters"))
        }
        let today = CalendarDay(containing: now, in: .london)
        let latest = CalendarDay(
            containing: now.addingTimeInterval(Double(policy.reviewIntervalDays) * 86_400),
            in: .london)
        let dayText = nextReviewOn.trimmingCharacters(in: .whitespaces)
        var next: CalendarDay? = latest
        if !dayText.isEmpty {
            next = CalendarDay(dayText)
            if let day = next {
                if day <= today {
                    errors.append(
                        FieldError(field: "next_review_on", label: "Next review by", message: "must be after today"))
                } else if day > latest {
                    errors.append(
                        FieldError(
                            field: "next_review_on", label: "Next review by",
                            message:
                                "the policy allows at most \(policy.reviewIntervalDays) days between reviews: \(latest.text) at the latest"
                        ))
                }
            } else {
                errors.append(
                    FieldError(
                        field: "next_review_on", label: "Next review by",
                        message: "\"\(dayText)\" is not a date (YYYY-MM-DD)"))
            }
        }
        guard errors.isEmpty, let next else { return .failure(FieldErrors(errors: errors)) }
        return .success((text, next))
    }
}

/// Closing an investigation: a supervisor's decision. Every line of enquiry must be done or not viable, unless the
/// supervisor writes off the rest with a reason (issue 16); the write-off is kept on each line.
public struct InvestigationClosureDraft: Sendable, Hashable {
    public var note: String
    public var writeOffReason: String

    public init(note: String, writeOffReason: String) {
        self.note = note
        self.writeOffReason = writeOffReason
    }

    /// The closing note goes in the log with the write-off reason, so each is kept within a log entry's length.
    public static let maxLength = 3_000

    /// The closing note and the write-off reason (nil when nothing was outstanding), or the problem.
    public func check(outstandingLines: Int) -> Result<(note: String, writeOff: String?), FieldErrors> {
        var errors: [FieldError] = []
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            errors.append(FieldError(field: "note", label: "Closing note", message: "say why the investigation closes"))
        } else if text.count > Self.maxLength {
            errors.append(
                FieldError(field: "note", label: "Closing note", message: "keep it to \(Self.maxLength) characters"))
        }
        let reason = writeOffReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count > Self.maxLength {
            errors.append(
                FieldError(
                    field: "write_off_reason", label: "Write-off reason",
                    message: "keep it to \(Self.maxLength) characters"))
        }
        if outstandingLines > 0 && reason.isEmpty {
            let lines = outstandingLines == 1 ? "1 line of enquiry is" : "\(outstandingLines) lines of enquiry are"
            errors.append(
                FieldError(
                    field: "write_off_reason", label: "Write-off reason",
                    message: "\(lines) still open: complete them, or give the reason for writing them off"))
        }
        if outstandingLines == 0 && !reason.isEmpty {
            errors.append(
                FieldError(
                    field: "write_off_reason", label: "Write-off reason",
                    message: "no line of enquiry is open, so there is nothing to write off"))
        }
        guard errors.isEmpty else { return .failure(FieldErrors(errors: errors)) }
        return .success((text, reason.isEmpty ? nil : reason))
    }
}
