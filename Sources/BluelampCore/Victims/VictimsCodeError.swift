import Foundation

/// Why a Victims' Code clock could not be worked out.
public enum VictimsCodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The day lies outside the bank-holiday data, so whether it is a working day is unknown. Bluelamp never guesses:
    /// a wrong guess would tell an officer a victim is not yet owed an update when they are.
    case outsideCalendar(CalendarDay)

    public var description: String {
        switch self {
        case .outsideCalendar(let day):
            "\(day.text) is outside the bank-holiday data, so its working days are unknown"
        }
    }
}
