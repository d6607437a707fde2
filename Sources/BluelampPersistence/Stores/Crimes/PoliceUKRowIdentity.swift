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
    /// How many rows have had each outcome key's base so far.
    private var seen: [String: Int] = [:]
    /// How many street rows have had each Crime ID, and each row hash (as hex), so far: keyed by the ID or hash
    /// itself, so no `id:` or `row:` string is made to look one up.
    private var crimeIDs: [String: Int] = [:]
    private var rowHashes: [String: Int] = [:]

    /// A street row's key, and the crime reference an imported crime is given: `PUK-` and 16 hex digits of its
    /// identity (the Crime ID's, or the row hash's), with the occurrence number when it is not the first.
    mutating func identify(_ record: PoliceUKStreetRecord) -> (key: String, reference: String) {
        if let id = record.crimeID {
            let n = Self.count(id, in: &crimeIDs)
            return (Self.joined("id:", id, n), Self.reference(hex: id, n: n))
        }
        let hex = Hex.string(SHA256.hash(data: Data(PoliceUKCSV.line(record).utf8)).prefix(20))
        let n = Self.count(hex, in: &rowHashes)
        return (Self.joined("row:", hex, n), Self.reference(hex: hex, n: n))
    }

    /// Counts one more row for `key` and returns how many there have been, this one included.
    private static func count(_ key: String, in counts: inout [String: Int]) -> Int {
        let n = (counts[key] ?? 0) + 1
        counts[key] = n
        return n
    }

    /// `prefix`, `body`, `#` and `n`, in one allocation.
    private static func joined(_ prefix: String, _ body: String, _ n: Int) -> String {
        var key = prefix
        key.reserveCapacity(prefix.utf8.count + body.utf8.count + 8)
        key += body
        key += "#"
        key += String(n)
        return key
    }

    /// `PUK-`, the first 16 characters of `hex`, and `-n` after the first occurrence.
    private static func reference(hex: String, n: Int) -> String {
        var reference = "PUK-"
        reference.reserveCapacity(24)
        reference += Substring(hex.utf8.prefix(16))
        if n > 1 {
            reference += "-"
            reference += String(n)
        }
        return reference
    }

    mutating func key(for record: PoliceUKOutcomeRecord) -> String {
        numbered("outcome:\(record.crimeID):\(record.month.text)")
    }

    private mutating func numbered(_ base: String) -> String {
        "\(base)#\(Self.count(base, in: &seen))"
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
