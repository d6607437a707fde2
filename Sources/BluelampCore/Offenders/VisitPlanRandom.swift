/// The visit planner's own pseudo-random generator: SplitMix64 (Steele, Lea and Flood, 2014).
///
/// The planner never uses `SystemRandomNumberGenerator`: the same seed must give the same plan on every
/// machine and every run, so a plan can be tested and reproduced. Each offender manager gets a stream of
/// their own (the seed mixed with a stable hash of the manager's id), so adding or removing one manager
/// does not reshuffle every other manager's plan.
struct VisitPlanRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    init(seed: UInt64, stream: String) {
        state = seed ^ SeededGenerator.stableHash(stream)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (bound > 0), by Lemire's multiply-and-reject.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let limit = UInt64(bound)
        while true {
            let product = next().multipliedFullWidth(by: limit)
            if product.low >= (0 &- limit) % limit { return Int(product.high) }
        }
    }

    /// A uniform double in `0..<1` from the top 53 bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

}
