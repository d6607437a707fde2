import BluelampCore
import Foundation

extension BankHolidayCalendar {
    /// The bank holidays of England and Wales the app ships (Resources/bank-holidays-england-and-wales.csv, which
    /// names its source), read once per process.
    static func bundled() throws -> BankHolidayCalendar { try bundledData.get() }

    private static let bundledData: Result<BankHolidayCalendar, CommandFailure> = {
        guard
            let url = Bundle.module.url(
                forResource: "bank-holidays-england-and-wales", withExtension: "csv", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return .failure(CommandFailure(message: "the bank-holiday data is missing from the app's resources")) }
        do {
            return .success(try BankHolidayCalendar(csv: text))
        } catch {
            return .failure(CommandFailure(message: "the app's bank-holiday data is bad: \(error)"))
        }
    }()
}
