import Foundation

/// Turns the fields of one police.uk row into a record, or says exactly what is wrong with each field.
///
/// The rules, column by column (checked against every police.uk file in shared/data, all of which pass):
/// - **Crime ID**: empty, or 64 hexadecimal characters. Required in an outcomes file.
/// - **Month**: `YYYY-MM`, month 01–12.
/// - **Reported by**, **Falls within**: not empty.
/// - **Longitude**, **Latitude**: both empty, or both decimal numbers (`-0.111497`; no exponents, no
///   "nan") within `PoliceUKRowValidator.Options`' ranges, by default the United Kingdom
///   (longitude −9 to 2.5, latitude 49 to 61), so swapped coordinates are caught.
/// - **Location**: not empty (police.uk writes "No Location").
/// - **LSOA code**, **LSOA name**: both empty, or a code (a capital letter and eight digits, e.g.
///   `E01000914`) and a name ending in a space and an LSOA number (`Camden 028B`).
/// - **Crime type**: one of police.uk's 14 (13 crime categories and "Anti-social behaviour").
/// - **Last outcome category**: empty, or one of `PoliceUKOutcome`; always empty for anti-social behaviour.
/// - **Outcome type**: one of `PoliceUKOutcome`, required.
/// - **Context**: any text.
public struct PoliceUKRowValidator: Sendable {
    public struct Options: Sendable, Hashable {
        public var longitudeRange: ClosedRange<Double>
        public var latitudeRange: ClosedRange<Double>
        /// The name of the area the ranges cover, for error messages.
        public var areaName: String

        /// The United Kingdom, Northern Ireland and the Isles of Scilly to Shetland.
        public static let unitedKingdom = Options(
            longitudeRange: -9.0...2.5, latitudeRange: 49.0...61.0, areaName: "the United Kingdom")

        public init(longitudeRange: ClosedRange<Double>, latitudeRange: ClosedRange<Double>, areaName: String) {
            self.longitudeRange = longitudeRange
            self.latitudeRange = latitudeRange
            self.areaName = areaName
        }
    }

    public let kind: PoliceUKFileKind
    public let options: Options

    public init(kind: PoliceUKFileKind, options: Options = .unitedKingdom) {
        self.kind = kind
        self.options = options
    }

    // Column positions, the same in both formats up to LSOA name.
    private enum Column {
        static let crimeID = 0, month = 1, reportedBy = 2, fallsWithin = 3, longitude = 4, latitude = 5
        static let location = 6, lsoaCode = 7, lsoaName = 8, crimeType = 9, lastOutcome = 10, context = 11
        static let outcomeType = 9
    }

    /// Validates a street row's fields (there must be 12).
    public func streetRecord(_ fields: [String], line: Int) -> Result<PoliceUKStreetRecord, PoliceUKRowProblems> {
        precondition(fields.count == 12, "a street row has 12 fields")
        var errors: [FileProblem] = []
        let common = commonFields(fields, line: line, crimeIDRequired: false, errors: &errors)

        let typeText = fields[Column.crimeType]
        let crimeType = PoliceUKRowValidator.crimeTypes[typeText]
        if crimeType == nil {
            errors.append(error(line, Column.crimeType, "\(quoted(typeText)) is not a police.uk crime type"))
        }
        let outcomeText = fields[Column.lastOutcome]
        var lastOutcome: PoliceUKOutcome?
        if !outcomeText.isEmpty {
            lastOutcome = PoliceUKRowValidator.outcomes[outcomeText]
            if lastOutcome == nil {
                errors.append(error(line, Column.lastOutcome, "\(quoted(outcomeText)) is not a police.uk outcome"))
            } else if crimeType == .antiSocialBehaviour {
                errors.append(
                    error(
                        line, Column.lastOutcome,
                        "anti-social behaviour has no outcome, but the row has \(quoted(outcomeText))"))
            }
        }
        guard errors.isEmpty, let common, let crimeType else { return .failure(PoliceUKRowProblems(errors: errors)) }
        return .success(
            PoliceUKStreetRecord(
                crimeID: common.crimeID, month: common.month, reportedBy: common.reportedBy,
                fallsWithin: common.fallsWithin, location: common.location, crimeType: crimeType,
                lastOutcome: lastOutcome, context: fields[Column.context]))
    }

    /// Validates an outcomes row's fields (there must be 10).
    public func outcomeRecord(_ fields: [String], line: Int) -> Result<PoliceUKOutcomeRecord, PoliceUKRowProblems> {
        precondition(fields.count == 10, "an outcomes row has 10 fields")
        var errors: [FileProblem] = []
        let common = commonFields(fields, line: line, crimeIDRequired: true, errors: &errors)
        let outcomeText = fields[Column.outcomeType]
        let outcome = PoliceUKRowValidator.outcomes[outcomeText]
        if outcomeText.isEmpty {
            errors.append(error(line, Column.outcomeType, "empty; the outcome is required"))
        } else if outcome == nil {
            errors.append(error(line, Column.outcomeType, "\(quoted(outcomeText)) is not a police.uk outcome"))
        }
        guard errors.isEmpty, let common, let crimeID = common.crimeID, let outcome else {
            return .failure(PoliceUKRowProblems(errors: errors))
        }
        return .success(
            PoliceUKOutcomeRecord(
                crimeID: crimeID, month: common.month, reportedBy: common.reportedBy,
                fallsWithin: common.fallsWithin, location: common.location, outcome: outcome))
    }

    // MARK: - The columns both formats share

    private struct Common {
        var crimeID: String?
        var month: PoliceUKMonth
        var reportedBy: String
        var fallsWithin: String
        var location: CrimeLocation
    }

    private func commonFields(
        _ fields: [String], line: Int, crimeIDRequired: Bool, errors: inout [FileProblem]
    ) -> Common? {
        let before = errors.count
        let crimeID = fields[Column.crimeID]
        if crimeID.isEmpty {
            if crimeIDRequired { errors.append(error(line, Column.crimeID, "empty; an outcome must name its crime")) }
        } else if !PoliceUKRowValidator.isCrimeID(crimeID) {
            errors.append(
                error(
                    line, Column.crimeID, "\(quoted(crimeID)) is not a police.uk Crime ID (64 hexadecimal characters)"))
        }

        let monthText = fields[Column.month]
        let month = PoliceUKMonth(monthText)
        if month == nil { errors.append(error(line, Column.month, "\(quoted(monthText)) is not a month (YYYY-MM)")) }

        let reportedBy = fields[Column.reportedBy]
        if reportedBy.isEmpty {
            errors.append(error(line, Column.reportedBy, "empty; the reporting force is required"))
        }
        let fallsWithin = fields[Column.fallsWithin]
        if fallsWithin.isEmpty { errors.append(error(line, Column.fallsWithin, "empty; the force area is required")) }

        let longitude = coordinate(
            fields, line: line, column: Column.longitude, other: Column.latitude, range: options.longitudeRange,
            errors: &errors)
        let latitude = coordinate(
            fields, line: line, column: Column.latitude, other: Column.longitude, range: options.latitudeRange,
            errors: &errors)

        let place = fields[Column.location]
        if place.isEmpty {
            errors.append(error(line, Column.location, "empty; police.uk writes \"No Location\" when there is none"))
        }

        let lsoaCode = fields[Column.lsoaCode]
        let lsoaName = fields[Column.lsoaName]
        if lsoaCode.isEmpty != lsoaName.isEmpty {
            let (empty, given) =
                lsoaCode.isEmpty ? (Column.lsoaCode, Column.lsoaName) : (Column.lsoaName, Column.lsoaCode)
            errors.append(error(line, empty, "empty while \(name(of: given)) is given"))
        } else if !lsoaCode.isEmpty {
            if !PoliceUKRowValidator.isLSOACode(lsoaCode) {
                errors.append(
                    error(
                        line, Column.lsoaCode,
                        "\(quoted(lsoaCode)) is not an LSOA code (a letter and eight digits, e.g. E01000001)"))
            }
            if !PoliceUKRowValidator.isLSOAName(lsoaName) {
                errors.append(
                    error(
                        line, Column.lsoaName,
                        "\(quoted(lsoaName)) is not an LSOA name (a district, a space and a number such as 001A)"))
            }
        }

        guard errors.count == before, let month else { return nil }
        return Common(
            crimeID: crimeID.isEmpty ? nil : crimeID, month: month, reportedBy: reportedBy, fallsWithin: fallsWithin,
            location: CrimeLocation(
                longitude: longitude, latitude: latitude, place: place,
                lsoaCode: lsoaCode.isEmpty ? nil : lsoaCode, lsoaName: lsoaName.isEmpty ? nil : lsoaName))
    }

    private func coordinate(
        _ fields: [String], line: Int, column: Int, other: Int, range: ClosedRange<Double>,
        errors: inout [FileProblem]
    ) -> Double? {
        let text = fields[column]
        if text.isEmpty {
            if !fields[other].isEmpty { errors.append(error(line, column, "empty while \(name(of: other)) is given")) }
            return nil
        }
        guard let value = PoliceUKRowValidator.decimal(text) else {
            errors.append(error(line, column, "\(quoted(text)) is not a decimal number"))
            return nil
        }
        guard range.contains(value) else {
            errors.append(
                error(
                    line, column,
                    "\(text) is out of range (\(format(range.lowerBound)) to \(format(range.upperBound)), \(options.areaName))"
                ))
            return nil
        }
        return value
    }

    // MARK: - Helpers

    // Hashed lookups: the synthesized `init(rawValue:)` compares the text with each case in turn.
    private static let crimeTypes = Dictionary(
        uniqueKeysWithValues: PoliceUKCrimeType.allCases.map { ($0.rawValue, $0) })
    private static let outcomes = Dictionary(uniqueKeysWithValues: PoliceUKOutcome.allCases.map { ($0.rawValue, $0) })

    private func name(of column: Int) -> String { kind.header[column] }

    private func error(_ line: Int, _ column: Int, _ reason: String) -> FileProblem {
        FileProblem(line: line, field: name(of: column), reason: reason)
    }

    private func quoted(_ text: String) -> String {
        // Keep messages to one readable line whatever the field holds.
        let shown = text.utf8.count > 80 ? String(text.prefix(80)) + "…" : text
        return "\"" + shown + "\""
    }

    private func format(_ bound: Double) -> String {
        bound == bound.rounded() ? String(Int(bound)) : String(bound)
    }

    /// 64 hexadecimal characters, as police.uk's Crime IDs are.
    public static func isCrimeID(_ text: String) -> Bool {
        withUTF8(text) { bytes in
            guard bytes.count == 64 else { return false }
            var index = 0
            while index < 64 {
                guard isHexDigit(bytes[index]) else { return false }
                index += 1
            }
            return true
        }
    }

    /// A GSS code: a capital letter and eight digits.
    public static func isLSOACode(_ text: String) -> Bool {
        withUTF8(text) { bytes in
            guard bytes.count == 9, isCapital(bytes[0]) else { return false }
            var index = 1
            while index < 9 {
                guard isDigit(bytes[index]) else { return false }
                index += 1
            }
            return true
        }
    }

    /// A district name, a space, three digits and a capital letter: `Camden 028B`.
    public static func isLSOAName(_ text: String) -> Bool {
        withUTF8(text) { bytes in
            let n = bytes.count
            guard n >= 6, bytes[n - 5] == 0x20, isDigit(bytes[n - 4]), isDigit(bytes[n - 3]), isDigit(bytes[n - 2]),
                isCapital(bytes[n - 1])
            else { return false }
            // The district name must not be blank.
            var index = 0
            while index < n - 5 {
                if bytes[index] != 0x20 { return true }
                index += 1
            }
            return false
        }
    }

    /// The value of `-?digits(.digits)?`, what police.uk writes, or nil for anything else, including
    /// what `Double.init` would also accept (exponents, "inf", "nan", hexadecimal).
    ///
    /// With at most 15 significant digits and 22 decimal places, the digits and the power of ten are
    /// both exact doubles, so one division gives the correctly rounded value, the same as `Double(text)`
    /// (Clinger's fast path); anything longer goes to `Double(text)`.
    public static func decimal(_ text: String) -> Double? {
        let parsed = withUTF8(text) { bytes -> (negative: Bool, digits: UInt64, scale: Int, count: Int)? in
            var index = 0
            var negative = false
            if index < bytes.count && bytes[index] == 0x2D {  // "-"
                negative = true
                index += 1
            }
            var digits: UInt64 = 0
            var count = 0
            var scale = 0
            var seenPoint = false
            var wholeDigits = 0
            var fractionDigits = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x2E && !seenPoint {  // "."
                    seenPoint = true
                } else if isDigit(byte) {
                    if count < 19 { digits = digits &* 10 &+ UInt64(byte - 0x30) }
                    count += 1
                    if seenPoint {
                        scale += 1
                        fractionDigits += 1
                    } else {
                        wholeDigits += 1
                    }
                } else {
                    return nil
                }
                index += 1
            }
            guard wholeDigits > 0, !seenPoint || fractionDigits > 0 else { return nil }
            return (negative, digits, scale, count)
        }
        guard let parsed else { return nil }
        guard parsed.count <= 15, parsed.scale <= 22 else { return Double(text) }
        let magnitude = Double(parsed.digits) / powersOfTen[parsed.scale]
        return parsed.negative ? -magnitude : magnitude
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// Runs `body` over the string's UTF-8 bytes without copying them when the string is native.
    static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    // Byte ranges as literals, which stay constants in a debug build: 0x30...0x39 is 0-9,
    // 0x61...0x66 a-f, 0x41...0x46 A-F, 0x41...0x5A A-Z.
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }

    static func isCapital(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
}

/// Every problem found in one row.
public struct PoliceUKRowProblems: Error, Sendable, Hashable {
    public var errors: [FileProblem]

    public init(errors: [FileProblem]) { self.errors = errors }
}
