import Foundation

/// The bank holidays of England and Wales over whole years, and the working days they leave.
///
/// A working day is Monday to Friday and not a bank holiday: the days on which the Victims' Code's clocks run
/// (Code of Practice for Victims of Crime in England and Wales, 2020, glossary: "working day"). The data comes from
/// a file the app ships (`bank-holidays-england-and-wales.csv`, with its source in its comments); this type only
/// parses it, so it reads no file and no clock. A day outside the years the data covers is an error
/// (`VictimsCodeError.outsideCalendar`), never a guess.
public struct BankHolidayCalendar: Sendable, Hashable {
    /// One bank holiday: the day and its name as the data gives it, e.g. "Boxing Day (substitute day)".
    public struct Holiday: Sendable, Hashable, Codable {
        public let day: CalendarDay
        public let name: String

        public init(day: CalendarDay, name: String) {
            self.day = day
            self.name = name
        }
    }

    /// Why the data could not be read: the line (counting from 1, comments included) and the reason.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public let line: Int
        public let reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        public var description: String { "bank holidays, line \(line): \(reason)" }
    }

    /// The header the data must start with (after any comment lines).
    public static let header = "date,name"

    /// Every bank holiday, in date order.
    public let holidays: [Holiday]
    /// 1 January of the first year in the data to 31 December of the last.
    public let range: ClosedRange<CalendarDay>
    private let names: [CalendarDay: String]

    /// Reads `date,name` rows, after an optional block of `#` comment lines and the header. Refuses a date that is not
    /// `YYYY-MM-DD`, an empty name, a date on a Saturday or Sunday (a holiday that falls on one moves to a substitute
    /// day, which is the one listed), a date out of order or repeated, and a year missing between the first and the
    /// last (its days would otherwise count as working days).
    public init(csv text: String) throws {
        var holidays: [Holiday] = []
        var sawHeader = false
        var lineNumber = 0
        // Lines end at LF, CRLF or a bare CR: Swift reads "\r\n" as one Character, so splitting on "\n" alone
        // would leave a CRLF file as one line.
        for line in text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        {
            lineNumber += 1
            if line.hasPrefix("#") { continue }
            if line.isEmpty {
                continue
            }
            guard sawHeader else {
                guard line == Self.header else {
                    throw Problem(line: lineNumber, reason: "expected the header \"\(Self.header)\", found \"\(line)\"")
                }
                sawHeader = true
                continue
            }
            let holiday = try Self.holiday(line, lineNumber: lineNumber, after: holidays.last)
            holidays.append(holiday)
        }
        guard sawHeader else { throw Problem(line: max(lineNumber, 1), reason: "no header \"\(Self.header)\"") }
        guard let first = holidays.first, let last = holidays.last else {
            throw Problem(line: lineNumber, reason: "no bank holidays listed")
        }
        let years = Set(holidays.map(\.day.year))
        if let missing = (first.day.year...last.day.year).first(where: { !years.contains($0) }) {
            throw Problem(line: lineNumber, reason: "no bank holidays listed for \(missing): every year must be whole")
        }
        self.holidays = holidays
        self.range =
            CalendarDay(year: first.day.year, month: 1, day: 1)!...CalendarDay(
                year: last.day.year, month: 12, day: 31)!
        self.names = Dictionary(uniqueKeysWithValues: holidays.map { ($0.day, $0.name) })
    }

    private static func holiday(_ line: Substring, lineNumber: Int, after previous: Holiday?) throws -> Holiday {
        guard let comma = line.firstIndex(of: ",") else {
            throw Problem(line: lineNumber, reason: "expected date,name, found \"\(line)\"")
        }
        let dateText = line[..<comma]
        let name = line[line.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        guard let day = CalendarDay(dateText) else {
            throw Problem(line: lineNumber, reason: "\"\(dateText)\" is not a date in the form YYYY-MM-DD")
        }
        guard !name.isEmpty else { throw Problem(line: lineNumber, reason: "the holiday has no name") }
        guard !name.contains("\"") else { throw Problem(line: lineNumber, reason: "a name may not contain quotes") }
        guard !day.isWeekend else {
            throw Problem(line: lineNumber, reason: "\(day.text) is a Saturday or Sunday; list the substitute day")
        }
        if let previous, previous.day >= day {
            throw Problem(
                line: lineNumber,
                reason: "\(day.text) is not after \(previous.day.text): dates must be in order, each once")
        }
        return Holiday(day: day, name: name)
    }

    /// The bank holiday's name, or nil if the day is not one (or is outside the data).
    public func holidayName(on day: CalendarDay) -> String? { names[day] }

    /// Monday to Friday and not a bank holiday. Throws `VictimsCodeError.outsideCalendar` outside `range`.
    public func isWorkingDay(_ day: CalendarDay) throws -> Bool {
        guard range.contains(day) else { throw VictimsCodeError.outsideCalendar(day) }
        return !day.isWeekend && names[day] == nil
    }

    /// The `n`th working day strictly after `day`, skipping weekends and bank holidays: with `n` 1, the next working
    /// day. `n` 0 is `day` itself. Throws `VictimsCodeError.outsideCalendar` if `day` or any day looked at on the way
    /// is outside `range`.
    public func workingDay(_ n: Int, after day: CalendarDay) throws -> CalendarDay {
        precondition(n >= 0, "a negative number of working days")
        guard range.contains(day) else { throw VictimsCodeError.outsideCalendar(day) }
        var current = day
        var counted = 0
        while counted < n {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { counted += 1 }
        }
        return current
    }
}
