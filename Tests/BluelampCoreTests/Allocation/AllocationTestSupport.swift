import BluelampCore
import Foundation

/// SplitMix64 (Steele, Lea and Flood, 2014): a small deterministic generator, so every random instance can be made again from its seed.
struct AllocationSplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum AllocationFixtures {
    static let costs = AllocationCostPolicy.standard

    static func officer(
        _ id: String, _ bcu: String = "CE", level: PIPLevel = .pip1, _ specialisms: Set<String> = [], load: Int = 0,
        capacity: Int = 20
    ) -> AllocationOfficer {
        AllocationOfficer(id: id, bcu: bcu, level: level, specialisms: specialisms, load: load, capacity: capacity)
    }

    static func crime(
        _ id: String, _ bcu: String = "CE", level: PIPLevel = .pip1, specialism: String? = nil, priority: Int = 2
    ) -> AllocationCrime {
        AllocationCrime(
            id: id, bcu: bcu, crimeType: "Burglary", level: level, specialism: specialism, priority: priority)
    }

    static func instance(
        _ officers: [AllocationOfficer], _ crimes: [AllocationCrime], costs: AllocationCostPolicy = costs
    ) throws -> AllocationInstance {
        try AllocationInstance(officers: officers, crimes: crimes, costs: costs)
    }

    /// The officer id each crime went to, nil when unallocated.
    static func officerIDs(_ solution: AllocationSolution, _ instance: AllocationInstance) -> [String?] {
        (0..<instance.crimes.count).map { solution.assignment[$0].map { instance.officers[$0].id } }
    }

    /// A small random instance whose costs make every trade-off (overskill, cross-BCU, workload, leaving
    /// a crime) matter, with some officers full or over capacity already.
    static func randomInstance(seed: UInt64, maxOfficers: Int, maxCrimes: Int) throws -> AllocationInstance {
        var rng = AllocationSplitMix64(seed: seed)
        let bcus = ["CE", "CN", AllocationInstance.forceWideBCU]
        let specialisms = ["DA", "SO"]
        let officerCount = Int.random(in: 0...maxOfficers, using: &rng)
        let crimeCount = Int.random(in: 0...maxCrimes, using: &rng)
        let officers = (0..<officerCount).map { index in
            let capacity = Int.random(in: 0...4, using: &rng)
            return AllocationOfficer(
                id: "O\(index)", bcu: bcus.randomElement(using: &rng)!,
                level: PIPLevel(rawValue: Int.random(in: 1...3, using: &rng))!,
                specialisms: Set(specialisms.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }),
                load: Int.random(in: 0...(capacity + 1), using: &rng), capacity: capacity)
        }
        let crimes = (0..<crimeCount).map { index in
            AllocationCrime(
                id: "C\(index)", bcu: bcus.randomElement(using: &rng)!, crimeType: "Other theft",
                level: PIPLevel(rawValue: Int.random(in: 1...3, using: &rng))!,
                specialism: Int.random(in: 0..<3, using: &rng) == 0 ? specialisms.randomElement(using: &rng) : nil,
                priority: Int.random(in: 1...3, using: &rng))
        }
        let costs = AllocationCostPolicy(
            overskillPerLevel: Int64.random(in: 0...6, using: &rng), crossBCU: Int64.random(in: 0...8, using: &rng),
            unallocated: [
                1: Int64.random(in: 0...30, using: &rng), 2: Int64.random(in: 0...20, using: &rng),
                3: Int64.random(in: 0...12, using: &rng),
            ])
        return try AllocationInstance(officers: officers, crimes: crimes, costs: costs)
    }

    // MARK: - Baselines

    /// The benchmark's greedy baseline (reference.py `solve_greedy`): crimes by priority, then highest
    /// level, then those needing a specialism, then id; each to the officer whose pair cost plus next
    /// marginal is least, if that beats leaving it.
    static func greedy(_ instance: AllocationInstance) -> AllocationAssignment {
        var assignment = AllocationAssignment(crimeCount: instance.crimes.count)
        var load = instance.officers.map(\.load)
        let order = instance.crimes.indices.sorted { a, b in
            let (x, y) = (instance.crimes[a], instance.crimes[b])
            return (x.priority, -x.level.rawValue, x.specialism == nil ? 1 : 0, x.id)
                < (y.priority, -y.level.rawValue, y.specialism == nil ? 1 : 0, y.id)
        }
        for crime in order {
            var best: Int?
            var bestCost = instance.unallocatedCost(crime: crime)
            for officer in instance.officers.indices
            where instance.isEligible(officer: officer, crime: crime)
                && load[officer] < instance.officers[officer].capacity
            {
                let pair = instance.pairCost(officer: officer, crime: crime)
                let cost = pair.overskill + pair.crossBCU + Int64(load[officer] + 1)
                if cost < bestCost {
                    best = officer
                    bestCost = cost
                }
            }
            if let best {
                assignment[crime] = best
                load[best] += 1
            }
        }
        return assignment
    }

    /// The true optimum by trying every assignment (officers + 1 choices per crime), pruned by capacity.
    static func bruteForceOptimum(_ instance: AllocationInstance) -> Int64 {
        var assignment = AllocationAssignment(crimeCount: instance.crimes.count)
        var load = instance.officers.map(\.load)
        var best = Int64.max
        func search(_ crime: Int) {
            if crime == instance.crimes.count {
                if let cost = try? AllocationCost.evaluate(instance, assignment) { best = min(best, cost.total) }
                return
            }
            assignment[crime] = nil
            search(crime + 1)
            for officer in instance.officers.indices
            where instance.isEligible(officer: officer, crime: crime)
                && load[officer] < instance.officers[officer].capacity
            {
                assignment[crime] = officer
                load[officer] += 1
                search(crime + 1)
                load[officer] -= 1
            }
            assignment[crime] = nil
        }
        search(0)
        return best
    }
}
