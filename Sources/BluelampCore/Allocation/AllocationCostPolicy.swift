import Foundation

/// The cost numbers of the allocation model (shared/bench/allocation/SPEC.md, "Cost"), as `policy.json` holds them.
///
/// ```json
/// {"overskill_per_level": 10, "cross_bcu": 15, "load_marginal": "n",
///  "unallocated": {"1": 1000, "2": 300, "3": 100}}
/// ```
public struct AllocationCostPolicy: Codable, Sendable, Hashable {
    /// Charged per PIP level the officer stands above the crime: detectives are not spent on minor crime.
    public var overskillPerLevel: Int64
    /// Charged when the officer's BCU is not the crime's, unless the officer is in a `FORCE` unit.
    public var crossBCU: Int64
    /// How the n-th open crime is charged. Only `"n"` exists: an officer's n-th open crime costs n.
    public var loadMarginal: String
    /// Leaving a crime unallocated, by priority 1 (high), 2, 3 (low).
    public var unallocated: [Int: Int64]

    public static let linearLoadMarginal = "n"

    /// The benchmark's numbers, also the product's default.
    public static let standard = AllocationCostPolicy(
        overskillPerLevel: 10, crossBCU: 15, unallocated: [1: 1000, 2: 300, 3: 100])

    public init(overskillPerLevel: Int64, crossBCU: Int64, unallocated: [Int: Int64]) {
        self.overskillPerLevel = overskillPerLevel
        self.crossBCU = crossBCU
        self.loadMarginal = Self.linearLoadMarginal
        self.unallocated = unallocated
    }

    public func unallocatedCost(priority: Int) -> Int64 { unallocated[priority] ?? 0 }

    // MARK: - Codable, in the file's own shape

    enum CodingKeys: String, CodingKey {
        case overskillPerLevel = "overskill_per_level"
        case crossBCU = "cross_bcu"
        case loadMarginal = "load_marginal"
        case unallocated
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        overskillPerLevel = try container.decode(Int64.self, forKey: .overskillPerLevel)
        crossBCU = try container.decode(Int64.self, forKey: .crossBCU)
        loadMarginal = try container.decodeIfPresent(String.self, forKey: .loadMarginal) ?? Self.linearLoadMarginal
        // JSON object keys are strings: {"1": 1000, ...}
        let byName = try container.decode([String: Int64].self, forKey: .unallocated)
        var unallocated: [Int: Int64] = [:]
        for (name, cost) in byName {
            guard let priority = Int(name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .unallocated, in: container, debugDescription: "priority \"\(name)\" is not a number")
            }
            unallocated[priority] = cost
        }
        self.unallocated = unallocated
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(overskillPerLevel, forKey: .overskillPerLevel)
        try container.encode(crossBCU, forKey: .crossBCU)
        try container.encode(loadMarginal, forKey: .loadMarginal)
        let byName = Dictionary(uniqueKeysWithValues: unallocated.map { (String($0.key), $0.value) })
        try container.encode(byName, forKey: .unallocated)
    }

    /// Reads `policy.json`, naming the field (and its line, where the key can be found) on bad input.
    public init(json: Data, file: String = "policy.json") throws {
        let decoded: AllocationCostPolicy
        do {
            decoded = try JSONDecoder().decode(AllocationCostPolicy.self, from: json)
        } catch let error as DecodingError {
            let (field, reason) = Self.describe(error)
            throw FileProblem(
                file: file, line: Self.line(of: field, in: json), field: field, reason: reason)
        }
        try decoded.validate(file: file, json: json)
        self = decoded
    }

    /// The rules a policy must meet for the cost model to make sense.
    public func validate(file: String = "policy.json", json: Data? = nil) throws {
        func fail(_ field: String, _ reason: String) -> FileProblem {
            FileProblem(
                file: file, line: json.flatMap { Self.line(of: field, in: $0) }, field: field, reason: reason)
        }
        if loadMarginal != Self.linearLoadMarginal {
            throw fail(CodingKeys.loadMarginal.rawValue, "only \"n\" is supported, not \"\(loadMarginal)\"")
        }
        if overskillPerLevel < 0 { throw fail(CodingKeys.overskillPerLevel.rawValue, "is negative") }
        if crossBCU < 0 { throw fail(CodingKeys.crossBCU.rawValue, "is negative") }
        for priority in AllocationInstance.priorities {
            guard let cost = unallocated[priority] else {
                throw fail(CodingKeys.unallocated.rawValue, "has no cost for priority \(priority)")
            }
            if cost < 0 { throw fail(CodingKeys.unallocated.rawValue, "priority \(priority) cost is negative") }
        }
    }

    private static func describe(_ error: DecodingError) -> (field: String?, reason: String) {
        func path(_ codingPath: [any CodingKey]) -> String? {
            codingPath.isEmpty ? nil : codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return (parent.map { "\($0).\(key.stringValue)" } ?? key.stringValue, "is missing")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return (path(context.codingPath), context.debugDescription)
        case .dataCorrupted(let context):
            return (path(context.codingPath), context.debugDescription)
        @unknown default:
            return (nil, "\(error)")
        }
    }

    /// The 1-based line where `"field"` (its first component) first appears as a key, if it does.
    private static func line(of field: String?, in json: Data) -> Int? {
        guard let key = field?.split(separator: ".").first else { return nil }
        let needle = Array("\"\(key)\"".utf8)
        let bytes = [UInt8](json)
        guard bytes.count >= needle.count else { return nil }
        var line = 1
        for start in 0...(bytes.count - needle.count) {
            if bytes[start] == UInt8(ascii: "\n") { line += 1 }
            if bytes[start] == needle[0] && Array(bytes[start..<(start + needle.count)]) == needle { return line }
        }
        return nil
    }
}
