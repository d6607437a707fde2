import BluelampCore
import Foundation

/// The shipped bank-holiday data, read from the repository, and instants written as ISO 8601 text.
enum VictimsTestSupport {
    static let dataFile = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/BluelampApp/Resources/bank-holidays-england-and-wales.csv")

    static let calendar: BankHolidayCalendar = {
        do {
            return try BankHolidayCalendar(csv: String(contentsOf: dataFile, encoding: .utf8))
        } catch {
            fatalError("cannot read \(dataFile.path): \(error)")
        }
    }()

    /// An instant from text such as `2025-03-07T23:30:00Z`; a typo in a test stops the test run.
    static func instant(_ text: String) -> Date {
        switch ISO8601Timestamp.parse(text) {
        case .success(let date): return date
        case .failure(let failure): fatalError(failure.reason)
        }
    }

    static func day(_ text: String) -> CalendarDay {
        guard let day = CalendarDay(text) else { fatalError("not a day: \(text)") }
        return day
    }
}
