/// A calendar month as police.uk writes it: `YYYY-MM`.
///
/// police.uk publishes crimes by month only (never a day), so the month is the finest date an
/// imported crime has.
public struct PoliceUKMonth: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1–12.
    public let month: Int

    /// nil unless `month` is 1–12 and `year` has four digits.
    public init?(year: Int, month: Int) {
        guard (1000...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses exactly `YYYY-MM` (four digits, a hyphen, two digits, month 01–12).
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard
            let (year, month) = text.withUTF8({ bytes -> (Int, Int)? in
                guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return nil }
                var value = 0
                for index in 0..<7 where index != 4 {
                    let byte = bytes[index]
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                return (value / 100, value % 100)
            })
        else { return nil }
        self.init(year: year, month: month)
    }

    /// `2019-01`.
    public var text: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        return "\(year)-\(m)"
    }

    public var description: String { text }

    /// The month after this one.
    public var next: PoliceUKMonth {
        month == 12 ? PoliceUKMonth(year: year + 1, month: 1)! : PoliceUKMonth(year: year, month: month + 1)!
    }

    public static func < (lhs: PoliceUKMonth, rhs: PoliceUKMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let month = PoliceUKMonth(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not YYYY-MM")
        }
        self = month
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
