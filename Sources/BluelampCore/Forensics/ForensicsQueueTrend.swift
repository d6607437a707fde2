import Foundation

/// How long devices wait for the digital forensics unit and how its backlog moves (issue 18: "waiting-time
/// distribution and backlog trend"), computed from the submissions and the forecast alone.
///
/// - A device's **wait** is from its submission to the start of its triage: expected (the forecast's start) for a
///   device still in the queue, actual (its recorded start) for one the unit has started.
/// - The **backlog** at a moment is the devices submitted by then and not yet started then.
public enum ForensicsQueueTrend {
    /// A band of waiting time, `lowerDays` inclusive to `upperDays` exclusive (open above for the last band), with how
    /// many expected and actual waits fell in it.
    public struct WaitBand: Sendable, Hashable {
        public var label: String
        public var lowerDays: Double
        public var upperDays: Double?
        public var expected: Int
        public var actual: Int
    }

    /// Where the bands start, in days: under 1 day, 1–2 (the indicator's two days for risk to children), 2–7, 7–14,
    /// 14–28, 28 and more.
    public static let bandStarts: [Double] = [0, 1, 2, 7, 14, 28]

    /// Counts waits (in seconds) into the bands. A negative wait (a start recorded before the submission) counts as
    /// no wait.
    public static func waitDistribution(expected: [TimeInterval], actual: [TimeInterval]) -> [WaitBand] {
        var bands = bandStarts.enumerated().map { index, lower in
            let upper = index + 1 < bandStarts.count ? bandStarts[index + 1] : nil
            let label =
                switch (lower, upper) {
                case (0, let upper?): "under \(days(upper))"
                case (let lower, let upper?): "\(Int(lower))–\(days(upper))"
                case (let lower, nil): "\(days(lower)) or more"
                }
            return WaitBand(label: label, lowerDays: lower, upperDays: upper, expected: 0, actual: 0)
        }
        func band(_ seconds: TimeInterval) -> Int {
            let days = max(0, seconds) / 86_400
            return bandStarts.lastIndex { days >= $0 } ?? 0
        }
        for wait in expected { bands[band(wait)].expected += 1 }
        for wait in actual { bands[band(wait)].actual += 1 }
        return bands
    }

    private static func days(_ value: Double) -> String { "\(Int(value)) day\(value == 1 ? "" : "s")" }

    /// The backlog at the end of one week.
    public struct Week: Sendable, Hashable {
        /// The moment counted: `now`, and each 7 days before it.
        public var at: Date
        public var waiting: Int
    }

    /// Devices waiting at `now` and at each of the `weeks - 1` moments 7, 14, … days before it, oldest first.
    public static func backlog(_ devices: [(submittedAt: Date, startedAt: Date?)], now: Date, weeks: Int) -> [Week] {
        (0..<max(0, weeks)).reversed().map { back in
            let at = now.addingTimeInterval(-Double(back) * 7 * 86_400)
            let waiting = devices.filter { $0.submittedAt <= at && ($0.startedAt.map { $0 > at } ?? true) }.count
            return Week(at: at, waiting: waiting)
        }
    }
}
