import Foundation

/// A count meeting a standard out of a count measured: `met` of `of`.
public struct CallShare: Sendable, Hashable, Codable {
    public var met: Int
    public var of: Int

    public init(met: Int = 0, of: Int = 0) {
        self.met = met
        self.of = of
    }

    /// `met / of`, nil when nothing was measured.
    public var rate: Double? { of == 0 ? nil : Double(met) / Double(of) }

    mutating func count(_ meets: Bool) {
        of += 1
        if meets { met += 1 }
    }
}

/// The figures of the public's calls (issue 18), computed from call records alone. Each is defined here once:
///
/// - **999 answered within 10 seconds**: of 999 calls answered, those answered within `emergencyAnswerSeconds`
///   (10, inclusive). Abandoned 999 calls are not in it: the national measure is of calls answered. Also by hour of the
///   day, day and month (Europe/London, from `received_at`) and by BCU.
/// - **Answer time**: the median and 90th percentile of seconds to answer, for 999 and for 101 calls answered
///   (nearest rank: the smallest time at least that share of calls were answered within).
/// - **101 abandonment**: of 101 calls answered or abandoned, those abandoned.
/// - **Attendance**: of incidents graded `I` (immediate), those attended within `immediateAttendMinutes` (15) of the
///   call being received; of `S` (significant), within `significantAttendMinutes` (60). An incident of that grade
///   never attended counts as not within.
public struct CallFigures: Sendable, Hashable {
    public var emergencyWithinStandard = CallShare()
    /// By hour of the day, 0 to 23, Europe/London.
    public var emergencyByHour: [Int: CallShare] = [:]
    public var emergencyByDay: [CalendarDay: CallShare] = [:]
    /// By month, `YYYY-MM`.
    public var emergencyByMonth: [String: CallShare] = [:]
    public var emergencyByBCU: [BCU: CallShare] = [:]
    /// Seconds to answer 999 calls: how many calls at each number of seconds.
    public var emergencyAnswerSeconds: [Int: Int] = [:]
    public var nonEmergencyAnswerSeconds: [Int: Int] = [:]
    public var nonEmergencyAbandoned = CallShare()
    public var immediateAttended = CallShare()
    public var significantAttended = CallShare()
    public var calls = 0

    public init() {}

    public var emergencyMedianSeconds: Int? { Self.percentile(0.5, of: emergencyAnswerSeconds) }
    public var emergencyP90Seconds: Int? { Self.percentile(0.9, of: emergencyAnswerSeconds) }
    public var nonEmergencyMedianSeconds: Int? { Self.percentile(0.5, of: nonEmergencyAnswerSeconds) }
    public var nonEmergencyP90Seconds: Int? { Self.percentile(0.9, of: nonEmergencyAnswerSeconds) }

    /// Every figure over `calls`.
    public static func compute(
        _ calls: some Sequence<CallRecord>, standards: CallStandards = .standard, timeZone: TimeZone = .london
    ) -> CallFigures {
        var figures = CallFigures()
        for call in calls { figures.add(call, standards: standards, timeZone: timeZone) }
        return figures
    }

    /// Counts one call into the figures.
    public mutating func add(_ call: CallRecord, standards: CallStandards, timeZone: TimeZone) {
        calls += 1
        switch call.channel {
        case .emergency:
            if let seconds = call.answeredAfterSeconds {
                let meets = seconds <= standards.emergencyAnswerSeconds
                emergencyWithinStandard.count(meets)
                emergencyAnswerSeconds[seconds, default: 0] += 1
                let local = LocalTime.localSecond(
                    atMoment: Int(call.receivedAt.timeIntervalSince1970.rounded(.down)), in: timeZone)
                let dayNumber = Int((Double(local) / 86_400).rounded(.down))
                let day = CalendarDay(dayNumber: dayNumber)
                emergencyByHour[(local - dayNumber * 86_400) / 3_600, default: CallShare()].count(meets)
                emergencyByDay[day, default: CallShare()].count(meets)
                emergencyByMonth[String(day.text.prefix(7)), default: CallShare()].count(meets)
                emergencyByBCU[call.bcu, default: CallShare()].count(meets)
            }
        case .nonEmergency:
            if let seconds = call.answeredAfterSeconds {
                nonEmergencyAnswerSeconds[seconds, default: 0] += 1
                nonEmergencyAbandoned.count(false)
            } else if call.abandonedAfterSeconds != nil {
                nonEmergencyAbandoned.count(true)
            }
        case .online:
            break
        }
        if let within = call.attendedWithinStandard(standards) {
            switch call.grade {
            case .immediate?: immediateAttended.count(within)
            case .significant?: significantAttended.count(within)
            case .extended?, .referred?, nil: break
            }
        }
    }

    /// The nearest-rank percentile of a histogram (value → how many): the smallest value at or below which at least
    /// `share` of the counts lie. nil for an empty histogram.
    public static func percentile(_ share: Double, of histogram: [Int: Int]) -> Int? {
        let total = histogram.values.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = max(1, Int((share * Double(total)).rounded(.up)))
        var seen = 0
        for (value, count) in histogram.sorted(by: { $0.key < $1.key }) {
            seen += count
            if seen >= rank { return value }
        }
        return nil
    }
}
