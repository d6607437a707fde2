import Foundation

/// The unit's working time as moments: for each local day, the window its working hours cover, as seconds since
/// 1970 UTC, so the forecast counts real elapsed time across a clock change (a 00:00–24:00 day is 23 hours long
/// in March and 25 in October).
///
/// Local times are Europe/London by default. A local time repeated when the clocks go back is read as its first
/// occurrence; a window boundary that falls in the hour skipped when they go forward moves an hour later (01:30
/// on that Sunday is 02:30 BST), as a clock on the wall would show it.
struct ForensicsWorkingCalendar {
    struct Window {
        var start: Int
        var end: Int
    }

    let policy: ForensicsCapacityPolicy
    let holidays: BankHolidayCalendar?
    let timeZone: TimeZone
    /// Windows by local day number, filled as the forecast reaches them: `.some(nil)` is a day off.
    private var windows: [Int: Window?] = [:]

    init(policy: ForensicsCapacityPolicy, holidays: BankHolidayCalendar?, timeZone: TimeZone) {
        self.policy = policy
        self.holidays = holidays
        self.timeZone = timeZone
    }

    /// The working window of local day `day`, nil on a day off. Throws when bank holidays count and `day` is outside
    /// the bank-holiday data: a forecast never guesses which days are holidays.
    mutating func window(day: Int) throws(ForensicsForecastError) -> Window? {
        if let known = windows[day] { return known }
        let date = CalendarDay(dayNumber: day)
        var working = policy.workingHours.days.contains(Weekday(rawValue: date.isoWeekday)!)
        if working && policy.bankHolidaysOff {
            guard let holidays, holidays.range.contains(date) else { throw .outsideBankHolidays(date) }
            working = holidays.holidayName(on: date) == nil
        }
        let window =
            working
            ? Window(
                start: LocalTime.moment(localSecond: day * 86_400 + policy.workingHours.startMinute * 60, in: timeZone),
                end: LocalTime.moment(localSecond: day * 86_400 + policy.workingHours.endMinute * 60, in: timeZone))
            : nil
        // `.some`: a day off is stored as known, not as a missing key.
        windows[day] = .some(window)
        return window
    }

    /// The first working moment at or after `moment`, and the end of the window it is in.
    mutating func nextWorking(atOrAfter moment: Int) throws(ForensicsForecastError) -> (moment: Int, windowEnd: Int) {
        // A local day's window lies within a day of its UTC day, so the search starts the UTC day before.
        var day = Int((Double(moment) / 86_400).rounded(.down)) - 1
        // Every policy works at least one day a week; bank holidays never fill three weeks.
        for _ in 0..<30 {
            if let window = try window(day: day), window.end > moment {
                return (max(moment, window.start), window.end)
            }
            day += 1
        }
        throw .noWorkingTime
    }

    /// The moment `seconds` of working time after the working moment `start` (which is its own answer for 0).
    mutating func advance(from start: Int, by seconds: Int) throws(ForensicsForecastError) -> Int {
        var remaining = seconds
        var moment = start
        while true {
            let (from, end) = try nextWorking(atOrAfter: moment)
            if remaining <= end - from { return from + remaining }
            remaining -= end - from
            moment = end
        }
    }
}

/// Reading local wall-clock times as moments and back, with whole-second arithmetic.
public enum LocalTime {
    /// The moment (seconds since 1970 UTC) a local wall-clock time names, `localSecond` counting local seconds since
    /// local 1970-01-01 00:00. A repeated time is its first occurrence; a skipped time is read with the offset in
    /// force before the change (so it lands after the change, as far past it as it was into the gap).
    public static func moment(localSecond: Int, in timeZone: TimeZone) -> Int {
        exactMoment(localSecond: localSecond, in: timeZone)
            ?? localSecond - offset(atMoment: localSecond - 86_400, in: timeZone)
    }

    /// The moment a local time names, nil if the clocks skipped it; a repeated time is its first occurrence.
    public static func exactMoment(localSecond: Int, in timeZone: TimeZone) -> Int? {
        // Offsets change at most once in two days, so the offset a day either side are the only candidates.
        let before = offset(atMoment: localSecond - 86_400, in: timeZone)
        let after = offset(atMoment: localSecond + 86_400, in: timeZone)
        let candidates = Set([before, after]).map { localSecond - $0 }.filter {
            localSecond - offset(atMoment: $0, in: timeZone) == $0
        }
        return candidates.min()
    }

    /// Local seconds since local 1970-01-01 00:00 at `moment`.
    public static func localSecond(atMoment moment: Int, in timeZone: TimeZone) -> Int {
        moment + offset(atMoment: moment, in: timeZone)
    }

    /// `YYYY-MM-DDTHH:MM` in `timeZone` at `date` (seconds dropped).
    public static func minuteText(_ date: Date, in timeZone: TimeZone) -> String {
        let moment = Int(date.timeIntervalSince1970.rounded(.down))
        let local = localSecond(atMoment: moment, in: timeZone)
        let day = Int((Double(local) / 86_400).rounded(.down))
        let minuteOfDay = (local - day * 86_400) / 60
        return CalendarDay(dayNumber: day).text + "T" + ForensicsWorkingHours.clockText(minuteOfDay)
    }

    /// Reads a strict `YYYY-MM-DDTHH:MM` as a time in `timeZone`. Fails for a malformed text and for a time the
    /// clocks skipped; a time repeated when they go back is its first occurrence.
    public static func parseMinute(_ text: String, in timeZone: TimeZone) -> Result<Date, LocalTimeProblem> {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let day = CalendarDay(parts[0]),
            let minute = ForensicsWorkingHours.minute(String(parts[1])),
            minute < 24 * 60
        else { return .failure(.malformed(text)) }
        guard let moment = exactMoment(localSecond: day.dayNumber * 86_400 + minute * 60, in: timeZone) else {
            return .failure(.skipped(text))
        }
        return .success(Date(timeIntervalSince1970: Double(moment)))
    }

    static func offset(atMoment moment: Int, in timeZone: TimeZone) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(moment)))
    }
}

/// Why a `YYYY-MM-DDTHH:MM` could not be read.
public enum LocalTimeProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)
    case skipped(String)

    public var description: String {
        switch self {
        case .malformed(let text): "\"\(text)\" is not a date and time in the form YYYY-MM-DDTHH:MM"
        case .skipped(let text): "\(text) does not exist in Europe/London: the clocks go forward over it"
        }
    }
}
