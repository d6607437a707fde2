import BluelampCore
import Foundation

/// How an allocation's `AllocationRationale` is kept in `crime_allocations.rationale`, compactly: the same
/// JSON with one- to three-letter keys, and without the summary, which every writer also stores in the row's
/// `explanation` column. Written once for every proposal and allocation (the Met's demo writes about 670,000
/// a year), so its size is most of the table's: a demo allocation's is 423 bytes in the long form, 155 in this one.
///
/// Rows written before this form (long keys, the summary included) are read as they are: a key without a
/// short form passes through unchanged, and a stored summary is kept.
enum StoredRationale {
    /// Each field's short key. Two fields must not share one; `StoredRationaleTests` checks it.
    static let shortKeys: [String: String] = [
        "requiredLevel": "l", "requiredSpecialism": "s", "unit": "u", "rule": "r", "priority": "p",
        "crimeBCU": "b", "officerID": "o", "officerLevel": "ol", "officerSpecialisms": "os", "officerBCU": "ob",
        "loadBefore": "lb", "loadAfter": "la", "cap": "c", "openCrimeNumber": "n", "overskill": "x",
        "crossBCU": "xb", "workload": "w", "alternative": "alt", "refused": "ref", "unallocatedReason": "why",
        "summary": "m",
    ]
    static let longKeys = Dictionary(uniqueKeysWithValues: shortKeys.map { ($0.value, $0.key) })

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // Sorted, so that the same rationale is the same text in every process: a dictionary's order is seeded
        // afresh in each, and a re-run must write what an uninterrupted run wrote (`docs/bench/crash.sh`).
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .custom { path in
            let key = path.last!.stringValue
            return Key(stringValue: shortKeys[key] ?? key)
        }
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            let key = path.last!.stringValue
            return Key(stringValue: longKeys[key] ?? key)
        }
        return decoder
    }()

    /// The text to store; the summary goes in the row's `explanation`.
    static func encode(_ rationale: AllocationRationale) throws -> String {
        var stored = rationale
        stored.summary = ""
        return String(decoding: try encoder.encode(stored), as: UTF8.self)
    }

    /// The rationale a stored text and its row's explanation hold; nil when the text is not one.
    static func decode(_ text: String, explanation: String) -> AllocationRationale? {
        guard var rationale = try? decoder.decode(AllocationRationale.self, from: Data(text.utf8)) else {
            return nil
        }
        if rationale.summary.isEmpty { rationale.summary = explanation }
        return rationale
    }
}
