import BluelampCore
import Crypto
import Foundation

/// The identity of a police.uk row, so a row imported twice (an overlapping or re-issued file) is
/// recognised and never duplicated.
///
/// What the files show (shared/data/README.md and the core's reader): a Crime ID is not unique — the
/// same ID appears on several rows of one street file with the same crime type (683 rows; 30 of them
/// byte-identical), anti-social behaviour never has an ID, and British Transport Police and PSNI
/// publish crimes with no ID at all. So:
///
/// - a street row **with** a Crime ID is `id:<Crime ID>#<n>`, where n counts that ID's rows in the
///   file (1 for the first). A re-issued month, whose rows differ only in their last outcome, gives
///   the same keys, and the stored crime takes the newer outcome.
/// - a street row **without** one is `row:<SHA-256 of the row as police.uk writes it>#<n>`, n counting
///   identical rows in the file, because two different crimes can share every published field.
/// - an outcomes row is `outcome:<Crime ID>:<month>#<n>`, n counting that crime's rows in that month
///   in the file (a charge and a court result can fall in the same month).
///
/// Each repeated row is kept as its own record, so exporting a month gives back every row. Outcomes
/// attach to the first crime with their Crime ID.
struct PoliceUKRowIdentity {
    private var seen: [String: Int] = [:]

    mutating func key(for record: PoliceUKStreetRecord) -> String {
        if let id = record.crimeID { return numbered("id:" + id) }
        let digest = SHA256.hash(data: Data(PoliceUKCSV.line(record).utf8))
        return numbered("row:" + Hex.string(digest.prefix(20)))
    }

    mutating func key(for record: PoliceUKOutcomeRecord) -> String {
        numbered("outcome:\(record.crimeID):\(record.month.text)")
    }

    private mutating func numbered(_ base: String) -> String {
        let n = (seen[base] ?? 0) + 1
        seen[base] = n
        return "\(base)#\(n)"
    }

    /// The crime reference an imported crime is given: `PUK-` and 16 hex digits of its identity
    /// (the Crime ID's, or the row hash's), with the occurrence number when it is not the first.
    static func reference(forKey key: String) -> String {
        let utf8 = key.utf8
        let hash = utf8.firstIndex(of: UInt8(ascii: "#")) ?? utf8.endIndex
        let n = hash == utf8.endIndex ? 1 : Int(Substring(utf8[utf8.index(after: hash)...])) ?? 1
        let base = utf8[..<hash]
        let start = base.lastIndex(of: UInt8(ascii: ":")).map { base.index(after: $0) } ?? base.startIndex
        let hex = Substring(base[start...]).prefix(16)
        return "PUK-\(hex)" + (n > 1 ? "-\(n)" : "")
    }
}

extension PoliceUKOutcomeRecord {
    /// The row's fields in the outcomes file's column order, for a rejects file.
    var fields: [String] {
        [
            crimeID, month.text, reportedBy, fallsWithin, location.longitude.map(PoliceUKCSV.coordinate) ?? "",
            location.latitude.map(PoliceUKCSV.coordinate) ?? "", location.place, location.lsoaCode ?? "",
            location.lsoaName ?? "", outcome.rawValue,
        ]
    }
}
