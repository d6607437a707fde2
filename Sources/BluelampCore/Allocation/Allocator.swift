/// The allocation engine: the exact optimum of the cost model in shared/bench/allocation/SPEC.md.
///
/// Crimes that agree on (BCU, level, specialism, priority) are interchangeable, and so are officers that
/// agree on (BCU, level, specialisms) except for their load. The workload cost is convex per officer,
/// so a group of officers taking k crimes at least cost takes the k cheapest next-crime marginals across
/// its members (water-filling). The problem is therefore exactly a minimum-cost flow on a network of
/// groups, a few hundred nodes even for every force in England and Wales:
///
///     source → crime group (its crimes) → officer group (overskill + cross-BCU) → sink
///                                                    (one arc per marginal n: cost n, as many as officers offering it)
///            crime group → sink (leaving a crime unallocated: its priority's cost)
///
/// The flow is solved exactly (`MinCostFlow`), then spread back over crimes and officers: each officer
/// group's units go to its least-loaded members first, each crime group's crimes in file order.
public enum Allocator {
    public static func solve(_ instance: AllocationInstance) -> AllocationSolution {
        let groups = AllocationGroups(instance)
        return groups.solve()
    }
}

/// What the allocator produced, with its cost and how big the aggregated problem was.
public struct AllocationSolution: Sendable {
    public let assignment: AllocationAssignment
    public let cost: AllocationCost
    public let statistics: Statistics

    public struct Statistics: Sendable, Hashable {
        public var crimeGroups: Int
        public var officerGroups: Int
        public var arcs: Int
        /// Rounds of the primal-dual method (shortest-path updates).
        public var rounds: Int
    }

    public var allocatedCount: Int { assignment.allocatedCount }
}

// MARK: - The aggregated network

/// Crimes and officers grouped into classes whose members the cost model cannot tell apart.
struct AllocationGroups {
    let instance: AllocationInstance

    // Crime groups: members in crime order, `crimeMembers[crimeStart[g]..<crimeStart[g + 1]]`.
    var crimeGroupOf: [Int32] = []
    var crimeStart: [Int32] = []
    var crimeMembers: [Int32] = []
    /// A representative crime per group, for its level, specialism, BCU and priority.
    var crimeRepresentative: [Int32] = []

    // Officer groups: officers with spare capacity only, members in officer order.
    var officerGroupOf: [Int32] = []
    var officerStart: [Int32] = []
    var officerMembers: [Int32] = []
    var officerRepresentative: [Int32] = []

    /// Loads and capacities, read in the inner loops without copying whole officer records.
    let load: [Int]
    let capacity: [Int]

    var crimeGroupCount: Int { crimeRepresentative.count }
    var officerGroupCount: Int { officerRepresentative.count }

    init(_ instance: AllocationInstance) {
        self.instance = instance
        load = instance.officers.map(\.load)
        capacity = instance.officers.map(\.capacity)
        groupCrimes()
        groupOfficers()
    }

    private mutating func groupCrimes() {
        let crimes = instance.crimes
        crimeGroupOf = [Int32](repeating: 0, count: crimes.count)
        var sizes: [Int32] = []
        // Packed key: ((bcu * (specialisms + 1) + specialism + 1) * 5 + level) * 4 + priority, looked up
        // in a flat table when the key space is small (it is a few thousand for every force at once).
        let specialismCount = instance.specialismCodes.count + 1
        let keySpace = instance.bcuCodes.count * specialismCount * 5 * 4
        var flat = [Int32](repeating: -1, count: keySpace <= 1 << 22 ? keySpace : 0)
        var hashed: [Int: Int32] = [:]
        instance.crimeBCU.withUnsafeBufferPointer { crimeBCU in
            instance.crimeSpecialism.withUnsafeBufferPointer { crimeSpecialism in
                for crime in 0..<crimes.count {
                    var key = Int(crimeBCU[crime]) * specialismCount + Int(crimeSpecialism[crime]) + 1
                    key = (key * 5 + crimes[crime].level.rawValue) * 4 + crimes[crime].priority
                    var group = flat.isEmpty ? hashed[key, default: -1] : flat[key]
                    if group < 0 {
                        group = Int32(sizes.count)
                        if flat.isEmpty { hashed[key] = group } else { flat[key] = group }
                        sizes.append(0)
                        crimeRepresentative.append(Int32(crime))
                    }
                    crimeGroupOf[crime] = group
                    sizes[Int(group)] += 1
                }
            }
        }
        (crimeStart, crimeMembers) = Self.members(groupOf: crimeGroupOf, sizes: sizes)
    }

    private mutating func groupOfficers() {
        let officers = instance.officers
        officerGroupOf = [Int32](repeating: -1, count: officers.count)
        struct Key: Hashable {
            var bcu: Int32
            var level: Int
            var specialisms: UInt64
        }
        var index: [Key: Int32] = [:]
        var sizes: [Int32] = []
        for officer in 0..<officers.count where capacity[officer] > load[officer] {
            let key = Key(
                bcu: instance.officerBCU[officer], level: officers[officer].level.rawValue,
                specialisms: instance.officerSpecialisms[officer])
            let group: Int32
            if let found = index[key] {
                group = found
            } else {
                group = Int32(sizes.count)
                index[key] = group
                sizes.append(0)
                officerRepresentative.append(Int32(officer))
            }
            officerGroupOf[officer] = group
            sizes[Int(group)] += 1
        }
        (officerStart, officerMembers) = Self.members(groupOf: officerGroupOf, sizes: sizes)
    }

    /// Counting sort of item indexes by group, keeping item order within a group.
    private static func members(groupOf: [Int32], sizes: [Int32]) -> (start: [Int32], members: [Int32]) {
        var start = [Int32](repeating: 0, count: sizes.count + 1)
        for group in 0..<sizes.count { start[group + 1] = start[group] + sizes[group] }
        var fill = Array(start[0..<sizes.count])
        var members = [Int32](repeating: 0, count: Int(start[sizes.count]))
        for (item, group) in groupOf.enumerated() where group >= 0 {
            members[Int(fill[Int(group)])] = Int32(item)
            fill[Int(group)] += 1
        }
        return (start, members)
    }

    func crimes(inGroup group: Int) -> ArraySlice<Int32> {
        crimeMembers[Int(crimeStart[group])..<Int(crimeStart[group + 1])]
    }

    func officers(inGroup group: Int) -> ArraySlice<Int32> {
        officerMembers[Int(officerStart[group])..<Int(officerStart[group + 1])]
    }

    /// Level and specialism rules between a crime group and an officer group.
    func isEligible(officerGroup: Int, crimeGroup: Int) -> Bool {
        instance.isEligible(
            officer: Int(officerRepresentative[officerGroup]), crime: Int(crimeRepresentative[crimeGroup]))
    }

    // MARK: - Marginal costs of an officer group

    /// How many of the group's officers offer a next crime at marginal cost n, for n in `first...`:
    /// an officer at load L with capacity C offers L+1, …, C. No officer can take more than `limit` new
    /// crimes, which bounds the range however large a capacity is.
    func marginals(ofGroup group: Int, limit: Int) -> (first: Int, counts: [Int]) {
        let members = officers(inGroup: group)
        var low = Int.max
        var high = Int.min
        for officer in members {
            let (l, c) = (load[Int(officer)], capacity[Int(officer)])
            low = min(low, l + 1)
            high = max(high, l + min(c - l, limit))
        }
        var counts = [Int](repeating: 0, count: high - low + 2)
        for officer in members {
            let (l, c) = (load[Int(officer)], capacity[Int(officer)])
            counts[l + 1 - low] += 1
            counts[l + min(c - l, limit) + 1 - low] -= 1
        }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        counts.removeLast()
        return (low, counts)
    }

    /// Spreads `units` new crimes over the group's members, least loaded first: every member is filled to
    /// marginal T-1, and the rest take marginal T in officer order, where T is the smallest marginal at
    /// which the group offers `units`. Returns (officer, new crimes) for members that get any.
    func waterFill(group: Int, units: Int) -> [(officer: Int32, count: Int)] {
        guard units > 0 else { return [] }
        let (first, counts) = marginals(ofGroup: group, limit: units)
        var threshold = first
        var below = 0  // units offered at marginals < threshold
        while below + counts[threshold - first] < units {
            below += counts[threshold - first]
            threshold += 1
        }
        var remainder = units - below
        var shares: [(officer: Int32, count: Int)] = []
        for officer in officers(inGroup: group) {
            let (l, c) = (load[Int(officer)], capacity[Int(officer)])
            var count = max(0, min(c, threshold - 1) - l)
            if remainder > 0 && l < threshold && threshold <= c {
                count += 1
                remainder -= 1
            }
            if count > 0 { shares.append((officer, count)) }
        }
        assert(remainder == 0)
        return shares
    }

    // MARK: - Solving

    func solve() -> AllocationSolution {
        let crimeGroups = crimeGroupCount
        let officerGroups = officerGroupCount
        let source = 0
        let sink = 1
        func crimeNode(_ group: Int) -> Int { 2 + group }
        func officerNode(_ group: Int) -> Int { 2 + crimeGroups + group }
        var network = MinCostFlow(nodeCount: 2 + crimeGroups + officerGroups)
        let totalCrimes = instance.crimes.count

        var spare = [Int](repeating: 0, count: officerGroups)
        for group in 0..<officerGroups {
            spare[group] = officers(inGroup: group).reduce(0) { $0 + capacity[Int($1)] - load[Int($1)] }
        }
        var pairArcs: [(arc: Int, crimeGroup: Int, officerGroup: Int, cost: Int64)] = []
        for group in 0..<crimeGroups {
            let size = Int64(crimeStart[group + 1] - crimeStart[group])
            let crime = Int(crimeRepresentative[group])
            network.addArc(from: source, to: crimeNode(group), capacity: size, cost: 0)
            network.addArc(
                from: crimeNode(group), to: sink, capacity: size, cost: instance.unallocatedCost(crime: crime))
            for officerGroup in 0..<officerGroups where isEligible(officerGroup: officerGroup, crimeGroup: group) {
                let pair = instance.pairCost(officer: Int(officerRepresentative[officerGroup]), crime: crime)
                let cost = pair.overskill + pair.crossBCU
                let capacity = min(size, Int64(spare[officerGroup]))
                let arc = network.addArc(
                    from: crimeNode(group), to: officerNode(officerGroup), capacity: capacity, cost: cost)
                pairArcs.append((arc, group, officerGroup, cost))
            }
        }
        for group in 0..<officerGroups {
            let (first, counts) = marginals(ofGroup: group, limit: totalCrimes)
            for (offset, count) in counts.enumerated() where count > 0 {
                network.addArc(from: officerNode(group), to: sink, capacity: Int64(count), cost: Int64(first + offset))
            }
        }

        let (flow, flowCost) = network.solve(source: source, sink: sink)
        assert(flow == Int64(totalCrimes))

        // Spread the group flows over officers and crimes.
        var units = [Int](repeating: 0, count: officerGroups)
        for pair in pairArcs { units[pair.officerGroup] += Int(network.flow(onArc: pair.arc)) }
        var slots: [[Int32]] = Array(repeating: [], count: officerGroups)
        var cost = AllocationCost()
        for group in 0..<officerGroups where units[group] > 0 {
            var list: [Int32] = []
            list.reserveCapacity(units[group])
            for (officer, count) in waterFill(group: group, units: units[group]) {
                list.append(contentsOf: repeatElement(officer, count: count))
                cost.workload += AllocationCost.workload(load: load[Int(officer)], added: count)
            }
            slots[group] = list
        }
        var officerIndex = [Int32](repeating: -1, count: totalCrimes)
        var crimeCursor = crimeStart.dropLast().map { Int($0) }
        var slotCursor = [Int](repeating: 0, count: officerGroups)
        for pair in pairArcs {
            let count = Int(network.flow(onArc: pair.arc))
            guard count > 0 else { continue }
            let rep = Int(crimeRepresentative[pair.crimeGroup])
            let pairCost = instance.pairCost(officer: Int(officerRepresentative[pair.officerGroup]), crime: rep)
            cost.overskill += Int64(count) * pairCost.overskill
            cost.crossBCU += Int64(count) * pairCost.crossBCU
            for _ in 0..<count {
                let crime = crimeMembers[crimeCursor[pair.crimeGroup]]
                crimeCursor[pair.crimeGroup] += 1
                officerIndex[Int(crime)] = slots[pair.officerGroup][slotCursor[pair.officerGroup]]
                slotCursor[pair.officerGroup] += 1
            }
        }
        let unallocatedCost = (0...AllocationInstance.priorities.upperBound).map {
            instance.costs.unallocatedCost(priority: $0)
        }
        for group in 0..<crimeGroups {
            let left = crimeStart[group + 1] - Int32(crimeCursor[group])
            cost.unallocated += Int64(left) * unallocatedCost[instance.crimes[Int(crimeRepresentative[group])].priority]
        }
        // The water-filled workload is the k cheapest marginals, which is what the flow paid.
        assert(cost.total == flowCost, "disaggregated cost \(cost.total) differs from the flow's \(flowCost)")

        return AllocationSolution(
            assignment: AllocationAssignment(officerIndex: officerIndex), cost: cost,
            statistics: .init(
                crimeGroups: crimeGroups, officerGroups: officerGroups, arcs: network.arcCount, rounds: network.rounds))
    }
}
