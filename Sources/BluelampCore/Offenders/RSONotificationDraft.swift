import Foundation

/// A notification the offender made in person (Sexual Offences Act 2003 ss.83–85), before checking.
/// Field keys: `kind`, `notified_on`, `changed_on`.
public struct RSONotificationDraft: Sendable, Hashable {
    /// An `RSONotificationKind` raw value.
    public var kind: String = ""
    /// `YYYY-MM-DD`.
    public var notifiedOn: String = ""
    /// For a change not already awaiting notification: the day the notified detail changed.
    public var changedOn: String = ""

    public init(kind: String = "", notifiedOn: String = "", changedOn: String = "") {
        self.kind = kind
        self.notifiedOn = notifiedOn
        self.changedOn = changedOn
    }
}

/// A notification that passed the checks.
public struct CheckedRSONotification: Sendable, Hashable {
    public var kind: RSONotificationKind
    public var notifiedOn: Date
    /// Set when the notification is of a change not yet awaiting one.
    public var changedOn: Date?
}

extension RSONotificationDraft {
    /// Checks the notification on `today`; `awaiting` holds the kinds with a notification due and not yet made.
    public func check(
        today: Date, registeredOn: Date, awaiting: Set<RSONotificationKind>
    ) -> Result<CheckedRSONotification, FieldErrors> {
        var problems: [FieldError] = []
        func fail(_ field: String, _ label: String, _ message: String) {
            problems.append(FieldError(field: field, label: label, message: message))
        }
        let kind = RSONotificationKind(rawValue: kind)
        if kind == nil { fail("kind", "Notification", "choose initial, change or annual.") }
        let day = OffenderCalendar.parseDay(notifiedOn.trimmingCharacters(in: .whitespaces))
        if day == nil {
            fail("notified_on", "Date notified", "enter a date such as \(OffenderCalendar.format(today)).")
        } else if let day, OffenderCalendar.days(from: today, to: day) > 0 {
            fail("notified_on", "Date notified", "it cannot be after today.")
        } else if let day, OffenderCalendar.days(from: registeredOn, to: day) < 0 {
            fail("notified_on", "Date notified", "it is before the offender was registered.")
        }
        let open = kind.map(awaiting.contains) ?? false
        var changed: Date?
        if kind == .initial && !open { fail("kind", "Notification", "the initial notification is already recorded.") }
        if kind == .change && !open {
            changed = OffenderCalendar.parseDay(changedOn.trimmingCharacters(in: .whitespaces))
            if changed == nil {
                fail("changed_on", "Date of the change", "enter the day the notified detail changed.")
            } else if let changed, let day, OffenderCalendar.days(from: changed, to: day) < 0 {
                fail("changed_on", "Date of the change", "it cannot be after the notification.")
            }
        }
        guard problems.isEmpty, let kind, let day else { return .failure(FieldErrors(errors: problems)) }
        return .success(CheckedRSONotification(kind: kind, notifiedOn: day, changedOn: changed))
    }
}

/// A condition of an order or licence, as typed, before checking. Field keys: `kind`, `detail`, `imposed_on`,
/// `expires_on`.
public struct RSOConditionDraft: Sendable, Hashable {
    /// An `RSOConditionKind` raw value.
    public var kind: String = ""
    public var detail: String = ""
    /// Empty for today.
    public var imposedOn: String = ""
    /// Empty while the condition runs indefinitely.
    public var expiresOn: String = ""

    public init(kind: String = "", detail: String = "", imposedOn: String = "", expiresOn: String = "") {
        self.kind = kind
        self.detail = detail
        self.imposedOn = imposedOn
        self.expiresOn = expiresOn
    }

    /// Checks the condition on `today`: the condition, or every problem.
    public func check(today: Date) -> Result<RSOCondition, FieldErrors> {
        var problems: [FieldError] = []
        func fail(_ field: String, _ label: String, _ message: String) {
            problems.append(FieldError(field: field, label: label, message: message))
        }
        let kind = RSOConditionKind(rawValue: kind)
        if kind == nil { fail("kind", "Kind of condition", "choose one of the listed kinds.") }
        let words = detail.trimmingCharacters(in: .whitespacesAndNewlines)
        if words.isEmpty { fail("detail", "Wording", "enter the condition as the order or licence words it.") }
        let imposedText = imposedOn.trimmingCharacters(in: .whitespaces)
        let imposed = imposedText.isEmpty ? today : OffenderCalendar.parseDay(imposedText)
        if imposed == nil { fail("imposed_on", "Imposed on", "enter a date, or leave it empty for today.") }
        let expiresText = expiresOn.trimmingCharacters(in: .whitespaces)
        var expires: Date?
        if !expiresText.isEmpty {
            expires = OffenderCalendar.parseDay(expiresText)
            if expires == nil {
                fail(
                    "expires_on", "Expires on", "enter a date, or leave it empty while the condition runs indefinitely."
                )
            } else if let imposed, let expires, OffenderCalendar.days(from: imposed, to: expires) < 0 {
                fail("expires_on", "Expires on", "it cannot be before the condition was imposed.")
            }
        }
        guard problems.isEmpty, let kind, let imposed else { return .failure(FieldErrors(errors: problems)) }
        return .success(RSOCondition(kind: kind, detail: words, imposedOn: imposed, expiresOn: expires))
    }
}
