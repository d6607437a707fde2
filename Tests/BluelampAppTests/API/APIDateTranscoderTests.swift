import Foundation
import Testing

@testable import BluelampApp

/// The API writes every date-time as RFC 3339 in UTC to the second, as `ISO8601DateFormatter` does, from whole
/// seconds rather than a formatter a date.
@Suite struct APIDateTranscoderTests {
    @Test func `a date-time is written as ISO8601DateFormatter writes it, across centuries and within a second`() throws
    {
        var dates: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: -0.5),
            Date(timeIntervalSince1970: 0.999_9), Date(timeIntervalSince1970: 0.999_4),
            Date(timeIntervalSince1970: 86_399.999),
            Date(timeIntervalSince1970: 86_399.999_6), Date(timeIntervalSince1970: -0.000_4),
            Date(timeIntervalSince1970: -0.000_6),
            Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
            Date(timeIntervalSince1970: 4_107_542_399.75),  // 2100-02-28T23:59:59
            Date(timeIntervalSince1970: -2_208_988_800.25),  // 1899-12-31T23:59:59
            Date(timeIntervalSince1970: -30_610_224_000),  // 1000-01-01
            Date(timeIntervalSince1970: -30_610_224_001),  // 0999-12-31: the formatter's
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: -2.5e9...4.5e9, using: &generator)))
        }
        for date in dates {
            #expect(
                try APIDateTranscoder().encode(date) == APIDateTranscoder.formatted(date),
                "\(date.timeIntervalSince1970)")
        }
        #expect(try APIDateTranscoder().encode(Date(timeIntervalSince1970: 1_780_000_000.9)) == "2026-05-28T20:26:40Z")
    }

    @Test func `what it writes reads back to the same second`() throws {
        let date = Date(timeIntervalSince1970: 1_780_000_000)
        #expect(try APIDateTranscoder().decode(try APIDateTranscoder().encode(date)) == date)
    }
}
