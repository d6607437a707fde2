import Foundation

/// Writes records back in police.uk's exact CSV format.
///
/// What police.uk does, and so what this does (checked byte for byte against every street and outcomes
/// file in shared/data): the header line as `PoliceUKFileKind.header`; columns in that order; `\n` line
/// endings, including after the last row; a field quoted only when it contains a comma, a quote or a
/// line break, with quotes doubled (in the files here only some `Location`s, such as
/// `"On or near Great Central Railway, Quorn"`); coordinates with six decimal places; empty fields
/// for what a row does not have. So reading a file and writing its records reproduces it exactly.
public enum PoliceUKCSV {
    /// The header line, with its line break.
    public static func headerLine(_ kind: PoliceUKFileKind) -> String {
        kind.header.map(field).joined(separator: ",") + "\n"
    }

    /// A street record as one line, with its line break.
    public static func line(_ record: PoliceUKStreetRecord) -> String {
        var line = ""
        line.reserveCapacity(256)
        appendCommonFields(
            to: &line, crimeID: record.crimeID ?? "", month: record.month, reportedBy: record.reportedBy,
            fallsWithin: record.fallsWithin, location: record.location)
        line += ","
        line += field(record.crimeType.rawValue)
        line += ","
        line += field(record.lastOutcome?.rawValue ?? "")
        line += ","
        line += field(record.context)
        line += "\n"
        return line
    }

    /// An outcome record as one line, with its line break.
    public static func line(_ record: PoliceUKOutcomeRecord) -> String {
        var line = ""
        line.reserveCapacity(256)
        appendCommonFields(
            to: &line, crimeID: record.crimeID, month: record.month, reportedBy: record.reportedBy,
            fallsWithin: record.fallsWithin, location: record.location)
        line += ","
        line += field(record.outcome.rawValue)
        line += "\n"
        return line
    }

    /// A whole street file: the header and every record.
    public static func file(_ records: some Sequence<PoliceUKStreetRecord>) -> String {
        records.reduce(into: headerLine(.street)) { $0 += line($1) }
    }

    /// A whole outcomes file: the header and every record.
    public static func file(_ records: some Sequence<PoliceUKOutcomeRecord>) -> String {
        records.reduce(into: headerLine(.outcomes)) { $0 += line($1) }
    }

    /// A field as police.uk writes it: quoted only if it holds a comma, a quote, or a line break.
    public static func field(_ text: String) -> String { CSVRecord.field(text) }

    /// A coordinate with six decimal places, as police.uk writes them: `-0.111497`, `51.518226`.
    public static func coordinate(_ value: Double) -> String {
        let negative = value.sign == .minus
        let micro = Int64((abs(value) * 1_000_000).rounded())
        let whole = micro / 1_000_000
        let fraction = String(micro % 1_000_000)
        let padding = String(repeating: "0", count: 6 - fraction.count)
        return (negative ? "-" : "") + String(whole) + "." + padding + fraction
    }

    /// The nine columns both formats begin with, comma-separated, appended to `line` (no array of fields to join:
    /// the importer writes a line for every row without a Crime ID, to hash it).
    private static func appendCommonFields(
        to line: inout String, crimeID: String, month: PoliceUKMonth, reportedBy: String, fallsWithin: String,
        location: CrimeLocation
    ) {
        line += field(crimeID)
        line += ","
        line += month.text
        line += ","
        line += field(reportedBy)
        line += ","
        line += field(fallsWithin)
        line += ","
        if let longitude = location.longitude { line += coordinate(longitude) }
        line += ","
        if let latitude = location.latitude { line += coordinate(latitude) }
        line += ","
        line += field(location.place)
        line += ","
        line += field(location.lsoaCode ?? "")
        line += ","
        line += field(location.lsoaName ?? "")
    }
}
