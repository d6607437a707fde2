import Foundation

/// What the wanted list's forms and the API record on a wanted suspect, before checking. Field keys: `action`,
/// `on`, `warrant_number`.
public struct WantedSuspectUpdate: Sendable, Hashable {
    public enum Action: String, CaseIterable, Sendable, Hashable {
        case arrested
        case circulated
        case officer
    }

    public var action: Action
    /// `YYYY-MM-DD` for an arrest or a circulation; empty for today.
    public var on: String = ""
    /// For `officer`: the responsible officer's warrant number; empty for nobody.
    public var warrantNumber: String = ""

    public init(action: Action, on: String = "", warrantNumber: String = "") {
        self.action = action
        self.on = on
        self.warrantNumber = warrantNumber
    }

    /// The day an arrest or circulation is recorded for, checked on `today` against when the suspect became
    /// wanted; today for `officer`.
    public func day(today: Date, wantedSince: Date) -> Result<Date, FieldErrors> {
        func fail(_ message: String) -> Result<Date, FieldErrors> {
            .failure(FieldErrors(errors: [FieldError(field: "on", label: "Date", message: message)]))
        }
        guard action != .officer else { return .success(today) }
        let text = on.trimmingCharacters(in: .whitespaces)
        var day = today
        if !text.isEmpty {
            guard let parsed = OffenderCalendar.parseDay(text) else {
                return fail("enter a date such as \(OffenderCalendar.format(today)).")
            }
            day = parsed
        }
        if OffenderCalendar.days(from: today, to: day) > 0 { return fail("it cannot be after today.") }
        if OffenderCalendar.days(from: wantedSince, to: day) < 0 {
            return fail("it is before the suspect was wanted (\(OffenderCalendar.format(wantedSince))).")
        }
        return .success(day)
    }
}
