import Foundation

/// The demo force's calls from the public (issue 18), a day at a time so memory holds one day: London's volume at the
/// `met` scale (about 12,000 calls a day, 4.4 million a year: the Met answers several million calls a year) and
/// proportionally fewer at `small` (the officers' share, about 1/60), with the daily and weekly peaks of a
/// contact centre — quiet before dawn, busy from late afternoon to midnight, busiest on Friday and Saturday nights —
/// and answer times that lengthen when it is busy. Synthetic: no real call is in it.
public enum DemoCalls {
    /// Calls a day, before the hour's and the day's weights.
    public static func callsPerDay(_ scale: DemoScale) -> Int { scale == .met ? 12_000 : 200 }

    /// Relative volume by hour of the day (Europe/London), 0 to 23.
    static let hourWeights: [Double] = [
        0.9, 0.7, 0.55, 0.45, 0.4, 0.4, 0.5, 0.7, 0.9, 1.0, 1.05, 1.1,
        1.15, 1.15, 1.2, 1.25, 1.35, 1.45, 1.5, 1.5, 1.45, 1.4, 1.3, 1.1,
    ]
    /// Relative volume by ISO weekday, Monday 1 to Sunday 7.
    static let dayWeights: [Double] = [1.0, 0.95, 0.95, 1.0, 1.15, 1.2, 1.05]

    /// Every call received on local day `day`, in time order.
    public static func calls(on day: CalendarDay, scale: DemoScale, seed: UInt64) -> [CallRecord] {
        var random = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ UInt64(bitPattern: Int64(day.dayNumber)) &+ 18)
        let hourTotal = hourWeights.reduce(0, +)
        let perDay = Double(callsPerDay(scale)) * dayWeights[day.isoWeekday - 1]
        let weekend = day.isoWeekday >= 5
        var calls: [CallRecord] = []
        calls.reserveCapacity(Int(perDay * 1.1))
        let dayStart = LocalTime.moment(localSecond: day.dayNumber * 86_400, in: .london)
        var sequence = 0
        for hour in 0..<24 {
            // Friday and Saturday nights carry on busy past midnight into the next morning.
            var weight = hourWeights[hour]
            if weekend && (hour >= 20 || hour < 3) { weight *= 1.25 }
            let load = weight / (hourTotal / 24)  // 1 is an average hour
            let expected = perDay * weight / hourTotal
            let count = Int(expected) + (random.chance(expected - expected.rounded(.down)) ? 1 : 0)
            var seconds = (0..<count).map { _ in Int.random(in: 0..<3_600, using: &random) }
            seconds.sort()
            for offset in seconds {
                sequence += 1
                let received = Date(timeIntervalSince1970: Double(dayStart + hour * 3_600 + offset))
                calls.append(call(day: day, sequence: sequence, received: received, load: load, random: &random))
            }
        }
        return calls
    }

    private static func call(
        day: CalendarDay, sequence: Int, received: Date, load: Double, random: inout SeededGenerator
    ) -> CallRecord {
        let roll = Double.random(in: 0..<1, using: &random)
        let channel: CallChannel = roll < 0.45 ? .emergency : roll < 0.87 ? .nonEmergency : .online
        var answered: Int?
        var abandoned: Int?
        switch channel {
        case .emergency:
            // Mostly within seconds; a tail that grows with the load.
            let slow = random.chance(min(0.5, 0.05 * load * load))
            if random.chance(0.01) {
                abandoned = Int.random(in: 3...40, using: &random)
            } else {
                answered =
                    slow
                    ? Int.random(in: 11...(30 + Int(40 * load)), using: &random)
                    : Int.random(in: 1...10, using: &random)
            }
        case .nonEmergency:
            let median = 240 * load * load
            let wait = Int(median * exp(Double.random(in: -1.2...1.2, using: &random)))
            if random.chance(min(0.6, 0.12 * load * load)) {
                abandoned = max(5, wait / 2)
            } else {
                answered = max(5, wait)
            }
        case .online:
            break
        }
        var grade: IncidentGrade?
        if abandoned == nil {
            let g = Double.random(in: 0..<1, using: &random)
            switch channel {
            case .emergency: grade = g < 0.35 ? .immediate : g < 0.7 ? .significant : g < 0.9 ? .extended : .referred
            case .nonEmergency:
                grade = g < 0.03 ? .immediate : g < 0.28 ? .significant : g < 0.68 ? .extended : .referred
            case .online: grade = g < 0.1 ? .significant : g < 0.5 ? .extended : .referred
            }
        }
        var attended: Date?
        switch grade {
        case .immediate:
            let minutes = 11 * load.squareRoot() * exp(Double.random(in: -0.6...0.7, using: &random))
            attended = received.addingTimeInterval(minutes * 60)
        case .significant:
            if random.chance(0.95) {
                let minutes = 40 * load.squareRoot() * exp(Double.random(in: -0.8...0.8, using: &random))
                attended = received.addingTimeInterval(minutes * 60)
            }
        case .extended:
            if random.chance(0.6) {
                attended = received.addingTimeInterval(Double.random(in: 2...48, using: &random) * 3_600)
            }
        case .referred, nil:
            break
        }
        let bcu = BCU.territorial[Int.random(in: 0..<BCU.territorial.count, using: &random)]
        let digits = String(sequence)
        let id =
            "CAD-" + day.text.replacingOccurrences(of: "-", with: "") + "-"
            + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        return CallRecord(
            callID: id, channel: channel, receivedAt: received, answeredAfterSeconds: answered,
            abandonedAfterSeconds: abandoned, grade: grade, attendedAt: attended, bcu: bcu, crimeReference: nil)
    }
}
