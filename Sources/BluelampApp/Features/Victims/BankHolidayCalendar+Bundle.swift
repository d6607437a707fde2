import BluelampCore
import Foundation

extension BankHolidayCalendar {
    /// The bank holidays of England and Wales the app ships (Resources/bank-holidays-england-and-wales.csv, which
    /// names its source).
    static func bundled() throws -> BankHolidayCalendar {
        guard
            let url = Bundle.module.url(
                forResource: "bank-holidays-england-and-wales", withExtension: "csv", subdirectory: "Resources")
        else { throw CommandFailure(message: "the bank-holiday data is missing from the app's resources") }
        return try BankHolidayCalendar(csv: String(contentsOf: url, encoding: .utf8))
    }
}
