/// Exact minimum-cost flow by the primal-dual method: Dijkstra on reduced costs sets the node potentials,
/// then a Dinic maximum flow on the arcs of zero reduced cost pushes everything that shortest distance
/// can carry, and the two repeat until the sink is out of reach.
///
/// Each round ends with no zero-cost augmenting path left, so the sink's distance rises every round;
/// with the allocation model's small integer costs that is at most a few hundred rounds on a network of
/// a few hundred nodes, however many crimes the arcs carry. Costs must be non-negative.
struct MinCostFlow {
    let nodeCount: Int
    private var tails: [Int32] = []
    private var heads: [Int32] = []
    private var capacities: [Int64] = []
    private var arcCosts: [Int64] = []

    // Residual graph in compressed rows: a node's arcs are `first[v]..<first[v + 1]`.
    private var first: [Int32] = []
    private var target: [Int32] = []
    private var residual: [Int64] = []
    private var cost: [Int64] = []
    private var partner: [Int32] = []
    /// Residual position of each added arc's forward direction.
    private var forwardPosition: [Int32] = []

    private(set) var rounds = 0

    init(nodeCount: Int) {
        self.nodeCount = nodeCount
    }

    var arcCount: Int { tails.count }

    /// Adds an arc and returns its number, for reading its flow after `solve`.
    @discardableResult
    mutating func addArc(from tail: Int, to head: Int, capacity: Int64, cost: Int64) -> Int {
        precondition(cost >= 0 && capacity >= 0)
        tails.append(Int32(tail))
        heads.append(Int32(head))
        capacities.append(capacity)
        arcCosts.append(cost)
        return tails.count - 1
    }

    /// The flow the solution sends along an arc.
    func flow(onArc arc: Int) -> Int64 {
        capacities[arc] - residual[Int(forwardPosition[arc])]
    }

    /// Sends as much flow as possible from `source` to `sink` at the least cost; returns (flow, cost).
    mutating func solve(source: Int, sink: Int) -> (flow: Int64, cost: Int64) {
        buildResidualGraph()
        var potential = [Int64](repeating: 0, count: nodeCount)
        var distance = [Int64](repeating: 0, count: nodeCount)
        var level = [Int32](repeating: 0, count: nodeCount)
        var current = [Int32](repeating: 0, count: nodeCount)
        var queue = [Int32](repeating: 0, count: nodeCount)
        var heap = MinHeap()
        var totalFlow: Int64 = 0
        var totalCost: Int64 = 0
        let unreachable = Int64.max

        while true {
            // Shortest distances from the source on reduced costs (all non-negative).
            for v in 0..<nodeCount { distance[v] = unreachable }
            distance[source] = 0
            heap.removeAll()
            heap.push(0, source)
            while let (d, v) = heap.pop() {
                if d > distance[v] { continue }
                let pv = potential[v]
                for position in Int(first[v])..<Int(first[v + 1]) where residual[position] > 0 {
                    let w = Int(target[position])
                    let candidate = d + cost[position] + pv - potential[w]
                    if candidate < distance[w] {
                        distance[w] = candidate
                        heap.push(candidate, w)
                    }
                }
            }
            let sinkDistance = distance[sink]
            if sinkDistance == unreachable { break }
            for v in 0..<nodeCount { potential[v] += min(distance[v], sinkDistance) }
            rounds += 1

            // Maximum flow on the admissible arcs (residual, zero reduced cost): every such path is shortest.
            while true {
                for v in 0..<nodeCount { level[v] = -1 }
                level[source] = 0
                queue[0] = Int32(source)
                var head = 0
                var tail = 1
                while head < tail {
                    let v = Int(queue[head])
                    head += 1
                    let pv = potential[v]
                    for position in Int(first[v])..<Int(first[v + 1]) where residual[position] > 0 {
                        let w = Int(target[position])
                        if level[w] < 0 && cost[position] + pv - potential[w] == 0 {
                            level[w] = level[v] + 1
                            queue[tail] = Int32(w)
                            tail += 1
                        }
                    }
                }
                if level[sink] < 0 { break }
                for v in 0..<nodeCount { current[v] = first[v] }
                while true {
                    let pushed = augment(
                        from: source, to: sink, limit: Int64.max, level: level, current: &current, potential: potential)
                    if pushed == 0 { break }
                    totalFlow += pushed
                    totalCost += pushed * (potential[sink] - potential[source])
                }
            }
        }
        return (totalFlow, totalCost)
    }

    /// One augmenting path in the level graph (Dinic), pushing up to `limit`.
    private mutating func augment(
        from v: Int, to sink: Int, limit: Int64, level: [Int32], current: inout [Int32], potential: [Int64]
    ) -> Int64 {
        if v == sink { return limit }
        let end = first[v + 1]
        while current[v] < end {
            let position = Int(current[v])
            let w = Int(target[position])
            if residual[position] > 0 && level[w] == level[v] + 1 && cost[position] + potential[v] - potential[w] == 0 {
                let pushed = augment(
                    from: w, to: sink, limit: min(limit, residual[position]), level: level, current: &current,
                    potential: potential)
                if pushed > 0 {
                    residual[position] -= pushed
                    residual[Int(partner[position])] += pushed
                    return pushed
                }
            }
            current[v] += 1
        }
        return 0
    }

    private mutating func buildResidualGraph() {
        let arcs = tails.count
        var degree = [Int32](repeating: 0, count: nodeCount + 1)
        for arc in 0..<arcs {
            degree[Int(tails[arc])] += 1
            degree[Int(heads[arc])] += 1
        }
        first = [Int32](repeating: 0, count: nodeCount + 1)
        for v in 0..<nodeCount { first[v + 1] = first[v] + degree[v] }
        var fill = Array(first[0..<nodeCount])
        target = [Int32](repeating: 0, count: 2 * arcs)
        residual = [Int64](repeating: 0, count: 2 * arcs)
        cost = [Int64](repeating: 0, count: 2 * arcs)
        partner = [Int32](repeating: 0, count: 2 * arcs)
        forwardPosition = [Int32](repeating: 0, count: arcs)
        for arc in 0..<arcs {
            let t = Int(tails[arc])
            let h = Int(heads[arc])
            let forward = Int(fill[t])
            fill[t] += 1
            let backward = Int(fill[h])
            fill[h] += 1
            target[forward] = Int32(h)
            residual[forward] = capacities[arc]
            cost[forward] = arcCosts[arc]
            partner[forward] = Int32(backward)
            target[backward] = Int32(t)
            residual[backward] = 0
            cost[backward] = -arcCosts[arc]
            partner[backward] = Int32(forward)
            forwardPosition[arc] = Int32(forward)
        }
    }
}

/// A binary min-heap of (key, node): for Dijkstra with lazy deletion here, and for the digital forensics queue's
/// waiting devices (`ForensicsForecast`, keyed by each device's rank in the queue order).
struct MinHeap {
    private var keys: [Int64] = []
    private var nodes: [Int32] = []

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Int64, _ node: Int) {
        keys.append(key)
        nodes.append(Int32(node))
        var child = keys.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if keys[parent] <= keys[child] { break }
            keys.swapAt(parent, child)
            nodes.swapAt(parent, child)
            child = parent
        }
    }

    var isEmpty: Bool { keys.isEmpty }

    mutating func pop() -> (Int64, Int)? {
        guard let top = keys.first else { return nil }
        let node = Int(nodes[0])
        let lastKey = keys.removeLast()
        let lastNode = nodes.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            nodes[0] = lastNode
            var parent = 0
            let count = keys.count
            while true {
                let left = 2 * parent + 1
                if left >= count { break }
                let right = left + 1
                let child = right < count && keys[right] < keys[left] ? right : left
                if keys[parent] <= keys[child] { break }
                keys.swapAt(parent, child)
                nodes.swapAt(parent, child)
                parent = child
            }
        }
        return (top, node)
    }
}
