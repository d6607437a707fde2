import Foundation

/// An outcome as a person gives it (a page form or an API call), before it is checked.
public struct CrimeOutcomeDraft: Sendable, Hashable {
    /// The Home Office outcome type's number, as typed.
    public var type: String
    /// The day the outcome was assigned, `YYYY-MM-DD`.
    public var date: String

    public init(type: String, date: String) {
        self.type = type
        self.date = date
    }

    /// The outcome, dated at noon UTC on the day given, or every problem. An outcome is assigned on a day that
    /// has come: a date after today (in any time zone within twelve hours of UTC) is refused.
    public func check(now: Date) -> Result<CrimeOutcome, FieldErrors> {
        var errors: [FieldError] = []
        let type = Int(type.trimmingCharacters(in: .whitespaces)).flatMap(OutcomeType.init(rawValue:))
        if type == nil {
            errors.append(
                FieldError(
                    field: "outcome_type", label: "Outcome type",
                    message: "choose a Home Office outcome type from 1 to 22 (there is no type 19)"))
        }
        let trimmed = date.trimmingCharacters(in: .whitespaces)
        let day = CrimeDraft.parseDay(trimmed)?.addingTimeInterval(12 * 3600)
        if trimmed.isEmpty {
            errors.append(
                FieldError(field: "date", label: "Date", message: "give the date the outcome was assigned (YYYY-MM-DD)")
            )
        } else if day == nil {
            errors.append(
                FieldError(field: "date", label: "Date", message: "\"\(trimmed)\" is not a date (YYYY-MM-DD)"))
        } else if let day, day > now.addingTimeInterval(12 * 3600) {
            errors.append(
                FieldError(field: "date", label: "Date", message: "the outcome cannot be dated in the future"))
        }
        guard errors.isEmpty, let type, let day else { return .failure(FieldErrors(errors: errors)) }
        return .success(CrimeOutcome(type: type, date: day))
    }
}

/// A move of a crime to another status as a person asks for it, before it is checked.
public struct CrimeStatusDraft: Sendable, Hashable {
    /// The status's code, as sent.
    public var status: String
    public var reason: String

    public init(status: String, reason: String) {
        self.status = status
        self.reason = reason
    }

    /// The status asked for, with its reason, or the problem. A reason is given to screen out or cancel a
    /// crime (and is then required); with any other status it is refused rather than silently dropped.
    public func check() -> Result<CrimeStatus, FieldErrors> {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let code = CrimeStatus.Code(rawValue: status.trimmingCharacters(in: .whitespaces)) else {
            return .failure(
                FieldErrors(errors: [
                    FieldError(field: "status", label: "New status", message: "choose the status to move the crime to")
                ]))
        }
        if !code.needsReason && !reason.isEmpty {
            return .failure(
                FieldErrors(errors: [
                    FieldError(
                        field: "reason", label: "Reason", message: "is only given to screen out or cancel a crime")
                ]))
        }
        guard let next = CrimeStatus(code: code, reason: code.needsReason ? reason : nil) else {
            return .failure(
                FieldErrors(errors: [
                    FieldError(
                        field: "reason", label: "Reason", message: CrimeStatusError.reasonRequired(code).description)
                ]))
        }
        return .success(next)
    }
}
