import Foundation

/// The clocks of the Code of Practice for Victims of Crime in England and Wales (the Victims' Code, Ministry of
/// Justice, November 2020; in force from 1 April 2021). Pure: the time, the data and the victim's entitlement all come
/// in as arguments.
public enum VictimsCode {
    /// Working days the police have to tell a victim of a key event: 1 for a victim entitled to enhanced rights,
    /// 5 otherwise (Victims' Code, Right 6).
    public static func tellVictimWorkingDays(enhanced: Bool) -> Int { enhanced ? 1 : 5 }

    /// The last day on which the victim may be told of `event`: the Nth working day after the date the event happened
    /// on in Europe/London, N being 1 for enhanced rights and 5 for standard.
    ///
    /// Victims' Code, Right 6 (information about the investigation and prosecution): the police must tell the victim
    /// of an arrest, an interview under caution, release on bail or under investigation, a charge, and a decision to
    /// take no further action or to close the investigation, within 1 working day for a victim entitled to enhanced
    /// rights and within 5 working days otherwise. The day of the event does not count, so an event at 23:30 on a
    /// Friday (London time) is due by the next Monday when enhanced. Throws `VictimsCodeError.outsideCalendar` when
    /// the bank-holiday data does not cover every day the count passes.
    public static func tellVictimDue(
        event: VictimKeyEvent, occurredAt: Date, enhanced: Bool, calendar: BankHolidayCalendar
    ) throws -> CalendarDay {
        // Every key event has the same clock today; `event` is kept so a rule per event can be added in one place.
        _ = event
        let day = CalendarDay(containing: occurredAt, in: .london)
        return try calendar.workingDay(tellVictimWorkingDays(enhanced: enhanced), after: day)
    }

    /// The longest gap between routine updates while the investigation is open, unless the victim agreed another
    /// (Victims' Code, Right 6: the police agree with the victim how often they will be updated; Bluelamp's default,
    /// shared/DESIGN.md "Victims' Code", is at least every 28 days).
    public static let routineUpdateDays = 28

    /// When the next routine update is due: `agreedIntervalDays` (or 28) calendar days after the last update, or after
    /// the investigation opened if there has been none. Days are counted on the London calendar, so the time of day
    /// stays the same across a clock change. An agreed interval under one day counts as one.
    public static func routineUpdateDue(lastUpdate: Date?, investigationOpened: Date, agreedIntervalDays: Int?) -> Date
    {
        let from = lastUpdate ?? investigationOpened
        let days = max(1, agreedIntervalDays ?? routineUpdateDays)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .london
        return calendar.date(byAdding: .day, value: days, to: from) ?? from.addingTimeInterval(Double(days) * 86_400)
    }
}
