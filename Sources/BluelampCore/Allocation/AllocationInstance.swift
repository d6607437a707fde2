/// An investigator who can be given crimes, as the allocator sees them.
///
/// `bcu` and `specialisms` are plain codes rather than `BCU` and `Specialism`: the benchmark's national
/// instance holds every force in England and Wales, and a force may run specialisms of its own.
/// `FORCE` is the one code with a meaning: a force-wide unit, never charged the cross-BCU cost.
public struct AllocationOfficer: Sendable, Hashable {
    public var id: String
    public var bcu: String
    public var level: PIPLevel
    public var specialisms: Set<String>
    /// Open crimes the officer already holds.
    public var load: Int
    /// The most open crimes the officer may hold; an officer already above it takes nothing new.
    public var capacity: Int

    public init(id: String, bcu: String, level: PIPLevel, specialisms: Set<String> = [], load: Int, capacity: Int) {
        self.id = id
        self.bcu = bcu
        self.level = level
        self.specialisms = specialisms
        self.load = load
        self.capacity = capacity
    }

    /// New crimes the officer can still take.
    public var spare: Int { max(0, capacity - load) }
}

/// A crime waiting for an investigator, with the level, specialism and priority its allocation policy set.
public struct AllocationCrime: Sendable, Hashable {
    public var id: String
    public var bcu: String
    /// The police.uk category, carried for explanations; the cost model does not read it.
    public var crimeType: String
    public var level: PIPLevel
    public var specialism: String?
    /// 1 high, 2 medium, 3 low.
    public var priority: Int

    public init(
        id: String, bcu: String, crimeType: String = "", level: PIPLevel, specialism: String? = nil, priority: Int
    ) {
        self.id = id
        self.bcu = bcu
        self.crimeType = crimeType
        self.level = level
        self.specialism = specialism
        self.priority = priority
    }
}

/// One allocation problem: officers, crimes and the cost numbers (shared/bench/allocation/SPEC.md).
///
/// Officers and crimes are referred to by their index in `officers` and `crimes` everywhere in the
/// allocator. Building an instance validates it and interns the BCU and specialism codes into small
/// integers, which is what the solver groups on.
public struct AllocationInstance: Sendable {
    public let officers: [AllocationOfficer]
    public let crimes: [AllocationCrime]
    public let costs: AllocationCostPolicy

    /// The BCU code written for force-wide units, which are never charged the cross-BCU cost.
    public static let forceWideBCU = "FORCE"
    /// Specialism codes are held as bits of a 64-bit mask.
    public static let maximumSpecialisms = 64
    public static let priorities: ClosedRange<Int> = 1...3

    // MARK: - Interned codes (what the solver and the evaluator read)

    /// Distinct BCU codes; `officerBCU` and `crimeBCU` index into it.
    let bcuCodes: [String]
    /// Index of `FORCE` in `bcuCodes`, or -1.
    let forceBCU: Int32
    /// Distinct specialism codes; bit `i` of `officerSpecialisms` is `specialismCodes[i]`.
    let specialismCodes: [String]
    let officerBCU: [Int32]
    let officerSpecialisms: [UInt64]
    let crimeBCU: [Int32]
    /// Index into `specialismCodes`, or -1 for none.
    let crimeSpecialism: [Int8]

    /// Validates and interns hand-built officers and crimes.
    ///
    /// Throws `FileProblem` (file "officers" or "crimes", line = 1-based position in the array)
    /// for a duplicate or empty id, a negative load or capacity, a priority outside 1–3, or more than
    /// 64 distinct specialisms.
    public init(officers: [AllocationOfficer], crimes: [AllocationCrime], costs: AllocationCostPolicy) throws {
        var bcus = CodeTable()
        var specialisms = CodeTable()
        var officerBCU = [Int32]()
        var officerSpecialisms = [UInt64]()
        officerBCU.reserveCapacity(officers.count)
        officerSpecialisms.reserveCapacity(officers.count)
        var officerIDs = Set<String>(minimumCapacity: officers.count)
        for (index, officer) in officers.enumerated() {
            func fail(_ field: String, _ reason: String) -> FileProblem {
                FileProblem(file: "officers", line: index + 1, field: field, reason: reason)
            }
            if officer.id.isEmpty { throw fail("officer_id", "is empty") }
            if !officerIDs.insert(officer.id).inserted { throw fail("officer_id", "\(officer.id) appears twice") }
            if officer.load < 0 { throw fail("load", "is negative (\(officer.load))") }
            if officer.capacity < 0 { throw fail("capacity", "is negative (\(officer.capacity))") }
            officerBCU.append(bcus.intern(officer.bcu))
            var mask: UInt64 = 0
            for code in officer.specialisms where !code.isEmpty {
                let bit = specialisms.intern(code)
                if bit >= Self.maximumSpecialisms {
                    throw fail("specialisms", "more than \(Self.maximumSpecialisms) distinct specialisms")
                }
                mask |= 1 << UInt64(bit)
            }
            officerSpecialisms.append(mask)
        }
        var crimeBCU = [Int32]()
        var crimeSpecialism = [Int8]()
        crimeBCU.reserveCapacity(crimes.count)
        crimeSpecialism.reserveCapacity(crimes.count)
        var crimeIDs = Set<String>(minimumCapacity: crimes.count)
        for (index, crime) in crimes.enumerated() {
            func fail(_ field: String, _ reason: String) -> FileProblem {
                FileProblem(file: "crimes", line: index + 1, field: field, reason: reason)
            }
            if crime.id.isEmpty { throw fail("crime_id", "is empty") }
            if !crimeIDs.insert(crime.id).inserted { throw fail("crime_id", "\(crime.id) appears twice") }
            if !Self.priorities.contains(crime.priority) {
                throw fail("priority", "must be 1, 2 or 3, not \(crime.priority)")
            }
            crimeBCU.append(bcus.intern(crime.bcu))
            if let code = crime.specialism, !code.isEmpty {
                let bit = specialisms.intern(code)
                if bit >= Self.maximumSpecialisms {
                    throw fail("specialism", "more than \(Self.maximumSpecialisms) distinct specialisms")
                }
                crimeSpecialism.append(Int8(bit))
            } else {
                crimeSpecialism.append(-1)
            }
        }
        self.init(
            officers: officers, crimes: crimes, costs: costs,
            bcuCodes: bcus.codes, specialismCodes: specialisms.codes,
            officerBCU: officerBCU, officerSpecialisms: officerSpecialisms,
            crimeBCU: crimeBCU, crimeSpecialism: crimeSpecialism)
    }

    /// Already validated and interned (the file parser builds these as it reads).
    init(
        officers: [AllocationOfficer], crimes: [AllocationCrime], costs: AllocationCostPolicy,
        bcuCodes: [String], specialismCodes: [String],
        officerBCU: [Int32], officerSpecialisms: [UInt64], crimeBCU: [Int32], crimeSpecialism: [Int8]
    ) {
        self.officers = officers
        self.crimes = crimes
        self.costs = costs
        self.bcuCodes = bcuCodes
        self.forceBCU = bcuCodes.firstIndex(of: Self.forceWideBCU).map(Int32.init) ?? -1
        self.specialismCodes = specialismCodes
        self.officerBCU = officerBCU
        self.officerSpecialisms = officerSpecialisms
        self.crimeBCU = crimeBCU
        self.crimeSpecialism = crimeSpecialism
    }

    // MARK: - The rules, on indices

    /// Hard rules of level and specialism (capacity is a matter of the whole allocation).
    public func isEligible(officer: Int, crime: Int) -> Bool {
        officers[officer].level >= crimes[crime].level
            && (crimeSpecialism[crime] < 0 || officerSpecialisms[officer] & (1 << UInt64(crimeSpecialism[crime])) != 0)
    }

    /// Overskill plus cross-BCU for giving this crime to this officer, before workload.
    public func pairCost(officer: Int, crime: Int) -> (overskill: Int64, crossBCU: Int64) {
        let overskill = Int64(officers[officer].level.rawValue - crimes[crime].level.rawValue) * costs.overskillPerLevel
        let bcu = officerBCU[officer]
        let cross = bcu != forceBCU && bcu != crimeBCU[crime] ? costs.crossBCU : 0
        return (overskill, cross)
    }

    /// What leaving the crime unallocated costs.
    public func unallocatedCost(crime: Int) -> Int64 {
        costs.unallocatedCost(priority: crimes[crime].priority)
    }
}

/// Interns codes into consecutive small integers, in order of first appearance.
struct CodeTable {
    private(set) var codes: [String] = []
    private var index: [String: Int32] = [:]

    mutating func intern(_ code: String) -> Int32 {
        if let found = index[code] { return found }
        let next = Int32(codes.count)
        codes.append(code)
        index[code] = next
        return next
    }
}
