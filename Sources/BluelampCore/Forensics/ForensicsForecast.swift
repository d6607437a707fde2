import Foundation

/// A device submitted to the digital forensics unit for triage, as the queue sees it.
public struct ForensicsQueuedDevice: Sendable, Hashable {
    /// The device's id: a submission's number in Bluelamp, any text in a file.
    public var id: String
    /// The device type, one of the capacity policy's (`phone`, `computer`, …).
    public var type: String
    public var riskToChildren: Bool
    /// 1 (highest) to 3.
    public var priority: Int
    public var submittedAt: Date

    public init(id: String, type: String, riskToChildren: Bool, priority: Int, submittedAt: Date) {
        self.id = id
        self.type = type
        self.riskToChildren = riskToChildren
        self.priority = priority
        self.submittedAt = submittedAt
    }

    /// Priorities run from 1, the highest, to 3.
    public static let priorities = 1...3

    /// The queue order (issue 18): risk to children first, then priority (1 first), then submission time (earliest
    /// first), then id — compared as whole numbers when both are, otherwise as text — so the order is total and a
    /// forecast never depends on the order of its input.
    public static func precedes(_ a: ForensicsQueuedDevice, _ b: ForensicsQueuedDevice) -> Bool {
        if a.riskToChildren != b.riskToChildren { return a.riskToChildren }
        if a.priority != b.priority { return a.priority < b.priority }
        if a.submittedAt != b.submittedAt { return a.submittedAt < b.submittedAt }
        if let x = Int(a.id), let y = Int(b.id), x != y { return x < y }
        return a.id < b.id
    }
}

/// One device's place in the forecast: which slot takes it, and when it starts and finishes.
public struct ForensicsForecastEntry: Sendable, Hashable {
    public var device: ForensicsQueuedDevice
    /// The slot, numbered from 1.
    public var slot: Int
    public var start: Date
    public var finish: Date

    /// Time from submission (or from the forecast's start, if later) to the start of triage.
    public func wait(from: Date) -> TimeInterval {
        start.timeIntervalSince(max(device.submittedAt, from))
    }
}

/// Why a forecast could not be made.
public enum ForensicsForecastError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A device's type is not in the policy.
    case unknownType(id: String, type: String)
    /// The forecast reached a working day outside the bank-holiday data, so it cannot tell whether it is a holiday.
    case outsideBankHolidays(CalendarDay)
    /// The policy leaves no working time (it cannot, once checked).
    case noWorkingTime
    /// The policy has problems.
    case invalidPolicy([FieldError])

    public var description: String {
        switch self {
        case .unknownType(let id, let type): "device \(id): unknown device type \"\(type)\""
        case .outsideBankHolidays(let day):
            "the forecast reaches \(day.text), outside the bank-holiday data; a forecast never guesses a holiday"
        case .noWorkingTime: "the policy leaves no working time"
        case .invalidPolicy(let problems): problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        }
    }
}

/// The digital forensics unit's queue simulated on its capacity (issue 18), giving each device's expected start and
/// finish.
///
/// The rule, as the issue words it: from `from`, when every slot is free, at the first working moment at which a slot
/// is free and some device has been submitted, the slot takes the first device in the queue order
/// (`ForensicsQueuedDevice.precedes`) among those submitted by then; when several slots could take at the same
/// moment, the lowest-numbered takes first. A device is worked only in working hours, and a slot finishes it before
/// taking another (no pre-emption). A device's start is the moment its slot takes it. Devices submitted before
/// `from` all wait at `from`.
///
/// Cost: one sort of the devices by submission time and one by queue order, then a heap of the waiting devices keyed
/// by their rank in the queue order, so each device costs O(log n + slots), never a re-sort.
public enum ForensicsForecast {
    /// Each device's slot, start and finish, in the order the slots take them (by start, then slot).
    ///
    /// `holidays` must be given when the policy keeps bank holidays off; a working day outside its years throws.
    /// `busyUntil` gives slots still working devices already in triage: slot 1 is busy until the first moment, slot 2
    /// until the second, and so on (a slot not named is free at `from`).
    public static func forecast(
        _ devices: [ForensicsQueuedDevice], policy: ForensicsCapacityPolicy, from: Date,
        holidays: BankHolidayCalendar?, timeZone: TimeZone = .london, busyUntil: [Date] = []
    ) throws(ForensicsForecastError) -> [ForensicsForecastEntry] {
        let problems = policy.problems()
        guard problems.isEmpty else { throw .invalidPolicy(problems) }
        var durations: [Int] = []
        durations.reserveCapacity(devices.count)
        for device in devices {
            guard let minutes = policy.minutes(forType: device.type) else {
                throw .unknownType(id: device.id, type: device.type)
            }
            durations.append(minutes * 60)
        }
        let start = Int(from.timeIntervalSince1970.rounded(.up))
        // When each device joins the queue: its submission, or `from` if earlier (whole seconds, rounded up).
        let arrivals = devices.map { max(start, Int($0.submittedAt.timeIntervalSince1970.rounded(.up))) }
        let byArrival = devices.indices.sorted { arrivals[$0] < arrivals[$1] }
        var rank = [Int](repeating: 0, count: devices.count)
        for (position, index) in devices.indices.sorted(by: {
            ForensicsQueuedDevice.precedes(devices[$0], devices[$1])
        }).enumerated() {
            rank[index] = position
        }

        var calendar = ForensicsWorkingCalendar(policy: policy, holidays: holidays, timeZone: timeZone)
        var freeAt = [Int](repeating: start, count: policy.slots)
        for (slot, busy) in busyUntil.prefix(policy.slots).enumerated() {
            freeAt[slot] = max(start, Int(busy.timeIntervalSince1970.rounded(.up)))
        }
        var waiting = MinHeap()
        var nextArrival = 0
        // The last decision's moment: time only moves forward, so a slot idle since `from` takes a device that
        // arrives later at the decision's moment, never at the moment the slot became free.
        var clock = start
        var entries: [ForensicsForecastEntry] = []
        entries.reserveCapacity(devices.count)

        while entries.count < devices.count {
            // The earliest a slot is free; with none waiting, no earlier than the next submission.
            var moment = max(freeAt.min()!, clock)
            if waiting.isEmpty { moment = max(moment, arrivals[byArrival[nextArrival]]) }
            moment = try calendar.nextWorking(atOrAfter: moment).moment
            clock = moment
            while nextArrival < byArrival.count && arrivals[byArrival[nextArrival]] <= moment {
                let index = byArrival[nextArrival]
                waiting.push(Int64(rank[index]), index)
                nextArrival += 1
            }
            // The lowest-numbered slot free at that moment takes the first waiting device.
            let slot = freeAt.firstIndex { $0 <= moment }!
            let index = waiting.pop()!.1
            let finish = try calendar.advance(from: moment, by: durations[index])
            freeAt[slot] = finish
            entries.append(
                ForensicsForecastEntry(
                    device: devices[index], slot: slot + 1, start: Date(timeIntervalSince1970: Double(moment)),
                    finish: Date(timeIntervalSince1970: Double(finish))))
        }
        return entries
    }

    /// When a device of `type` started at `start` is expected to finish: its slot time counted in working hours.
    public static func finish(
        type: String, startedAt start: Date, policy: ForensicsCapacityPolicy, holidays: BankHolidayCalendar?,
        timeZone: TimeZone = .london
    ) throws(ForensicsForecastError) -> Date {
        guard let minutes = policy.minutes(forType: type) else { throw .unknownType(id: "", type: type) }
        var calendar = ForensicsWorkingCalendar(policy: policy, holidays: holidays, timeZone: timeZone)
        let moment = try calendar.nextWorking(atOrAfter: Int(start.timeIntervalSince1970.rounded(.up))).moment
        return Date(timeIntervalSince1970: Double(try calendar.advance(from: moment, by: minutes * 60)))
    }
}
