import Foundation

/// Days of the week for the Victims' Code clocks (`CalendarDay` itself counts days): whole days, with no time of
/// day and so no clock change to trip on.
extension CalendarDay {
    /// ISO 8601 day of the week: 1 is Monday, 7 is Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let fromThursday = ((dayNumber % 7) + 7) % 7
        return (fromThursday + 3) % 7 + 1
    }

    /// Saturday or Sunday.
    public var isWeekend: Bool { isoWeekday >= 6 }
}

extension TimeZone {
    /// Europe/London: the Victims' Code's days are the days people in England and Wales live by, so an event at
    /// 00:05 BST (23:05 UTC the day before) happened on the later date.
    public static let london = TimeZone(identifier: "Europe/London")!
}
