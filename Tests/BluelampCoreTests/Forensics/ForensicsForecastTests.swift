import BluelampCore
import Foundation
import Testing

/// The digital forensics queue forecast (issue 18): each case a policy, a start, devices, and every device's
/// expected slot, start and finish, all in Europe/London time.
@Suite struct ForensicsForecastTests {
    /// A device in a case: id, type, risk to children, priority, submitted at (local `YYYY-MM-DDTHH:MM`).
    struct Device: Sendable {
        let id: String
        let type: String
        let risk: Bool
        let priority: Int
        let submitted: String

        init(_ id: String, _ type: String, risk: Bool = false, priority: Int = 2, submitted: String) {
            self.id = id
            self.type = type
            self.risk = risk
            self.priority = priority
            self.submitted = submitted
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        var policy = ForensicsCapacityPolicy.standard
        let from: String
        let devices: [Device]
        /// `id slot start finish`, in the order the slots take them.
        let expected: [String]
        var testDescription: String { name }
    }

    static let allDay = ForensicsWorkingHours(startMinute: 0, endMinute: 24 * 60, days: Set(Weekday.allCases))

    static let cases: [Case] = [
        Case(
            name: "an overnight pause: a 12-hour computer started at 08:00 Monday finishes at 10:00 Tuesday",
            from: "2025-03-03T08:00", devices: [Device("A", "computer", submitted: "2025-03-03T08:00")],
            expected: ["A 1 2025-03-03T08:00 2025-03-04T10:00"]),
        Case(
            name: "a weekend pause: Friday 14:00 to Monday 10:00, and a device submitted on Saturday starts Monday",
            from: "2025-03-07T14:00",
            devices: [
                Device("A", "phone", submitted: "2025-03-07T14:00"),
                Device("B", "phone", submitted: "2025-03-08T11:00"),
            ],
            expected: ["A 1 2025-03-07T14:00 2025-03-10T10:00", "B 2 2025-03-10T08:00 2025-03-10T14:00"]),
        Case(
            name: "a bank holiday: Good Friday and Easter Monday 2025 are days off",
            from: "2025-04-17T14:00", devices: [Device("A", "phone", submitted: "2025-04-17T09:00")],
            expected: ["A 1 2025-04-17T14:00 2025-04-22T10:00"]),
        Case(
            name: "bank holidays worked when the policy says so",
            policy: ForensicsCapacityPolicy(bankHolidaysOff: false),
            from: "2025-04-17T14:00", devices: [Device("A", "phone", submitted: "2025-04-17T09:00")],
            expected: ["A 1 2025-04-17T14:00 2025-04-18T10:00"]),
        Case(
            name:
                "a risk-to-children device arriving while both slots are busy waits (no pre-emption), then goes first",
            from: "2025-03-03T08:00",
            devices: [
                Device("A", "phone", priority: 1, submitted: "2025-03-03T08:00"),
                Device("B", "phone", priority: 1, submitted: "2025-03-03T08:00"),
                Device("C", "phone", priority: 1, submitted: "2025-03-03T08:00"),
                Device("D", "phone", risk: true, priority: 3, submitted: "2025-03-03T09:00"),
            ],
            expected: [
                "A 1 2025-03-03T08:00 2025-03-03T14:00", "B 2 2025-03-03T08:00 2025-03-03T14:00",
                "D 1 2025-03-03T14:00 2025-03-04T10:00", "C 2 2025-03-03T14:00 2025-03-04T10:00",
            ]),
        Case(
            name: "equal priorities in order of submission time, then id (as numbers when both are)",
            policy: ForensicsCapacityPolicy(slots: 1, hoursByType: ["quick": 1]),
            from: "2025-03-03T08:00",
            devices: [
                Device("10", "quick", submitted: "2025-03-03T07:30"),
                Device("9", "quick", submitted: "2025-03-03T07:30"),
                Device("X", "quick", submitted: "2025-03-03T07:00"),
                Device("P1", "quick", priority: 1, submitted: "2025-03-03T07:45"),
                Device("b", "quick", submitted: "2025-03-03T07:50"),
                Device("a", "quick", submitted: "2025-03-03T07:50"),
            ],
            expected: [
                "P1 1 2025-03-03T08:00 2025-03-03T09:00", "X 1 2025-03-03T09:00 2025-03-03T10:00",
                "9 1 2025-03-03T10:00 2025-03-03T11:00", "10 1 2025-03-03T11:00 2025-03-03T12:00",
                "a 1 2025-03-03T12:00 2025-03-03T13:00", "b 1 2025-03-03T13:00 2025-03-03T14:00",
            ]),
        Case(
            name: "a device submitted after the start joins when submitted, on the lowest-numbered free slot",
            policy: ForensicsCapacityPolicy(slots: 3),
            from: "2025-03-03T08:00",
            devices: [
                Device("A", "tablet", submitted: "2025-03-03T12:30"),
                Device("B", "tablet", submitted: "2025-03-03T12:45"),
            ],
            expected: ["A 1 2025-03-03T12:30 2025-03-03T17:30", "B 2 2025-03-03T12:45 2025-03-03T17:45"]),
        Case(
            name: "devices arriving together after an idle start all start then, never before they were submitted",
            from: "2025-03-03T08:00",
            devices: [
                Device("A", "phone", submitted: "2025-03-04T09:00"),
                Device("B", "phone", submitted: "2025-03-04T09:00"),
                Device("C", "phone", submitted: "2025-03-04T09:00"),
            ],
            expected: [
                "A 1 2025-03-04T09:00 2025-03-04T15:00", "B 2 2025-03-04T09:00 2025-03-04T15:00",
                "C 1 2025-03-04T15:00 2025-03-05T11:00",
            ]),
        Case(
            name: "a slot that finishes at 18:00 takes its next device at 08:00 the next working day",
            policy: ForensicsCapacityPolicy(slots: 1, hoursByType: ["ten": 10]),
            from: "2025-03-03T08:00",
            devices: [
                Device("A", "ten", submitted: "2025-03-03T08:00"),
                Device("B", "ten", submitted: "2025-03-03T09:00"),
            ],
            expected: ["A 1 2025-03-03T08:00 2025-03-03T18:00", "B 1 2025-03-04T08:00 2025-03-04T18:00"]),
        Case(
            name: "the clocks go forward: 3 hours from 00:00 on 30 March 2025 ends at 04:00 BST",
            policy: ForensicsCapacityPolicy(slots: 1, hoursByType: ["three": 3], workingHours: allDay),
            from: "2025-03-30T00:00", devices: [Device("A", "three", submitted: "2025-03-29T23:00")],
            expected: ["A 1 2025-03-30T00:00 2025-03-30T04:00"]),
        Case(
            name: "the clocks go back: 3 hours from 00:00 on 26 October 2025 ends at 02:00 GMT",
            policy: ForensicsCapacityPolicy(slots: 1, hoursByType: ["three": 3], workingHours: allDay),
            from: "2025-10-26T00:00", devices: [Device("A", "three", submitted: "2025-10-25T23:00")],
            expected: ["A 1 2025-10-26T00:00 2025-10-26T02:00"]),
        Case(
            name: "office hours over the clock change keep to 08:00 local time",
            from: "2025-03-28T14:00", devices: [Device("A", "phone", submitted: "2025-03-28T14:00")],
            expected: ["A 1 2025-03-28T14:00 2025-03-31T10:00"]),
        Case(
            name: "longer hours: 07:00 to 22:00 every day",
            policy: ForensicsCapacityPolicy(
                workingHours: ForensicsWorkingHours(
                    startMinute: 7 * 60, endMinute: 22 * 60, days: Set(Weekday.allCases))),
            from: "2025-03-07T14:00", devices: [Device("A", "computer", submitted: "2025-03-07T14:00")],
            expected: ["A 1 2025-03-07T14:00 2025-03-08T11:00"]),
    ]

    @Test(arguments: cases) func `the forecast`(_ c: Case) throws {
        let entries = try ForensicsForecast.forecast(
            c.devices.map(Self.queued), policy: c.policy, from: Self.local(c.from), holidays: Self.holidays)
        #expect(entries.map(Self.line) == c.expected)
        // The input's order never matters.
        let reversed = try ForensicsForecast.forecast(
            c.devices.reversed().map(Self.queued), policy: c.policy, from: Self.local(c.from), holidays: Self.holidays)
        #expect(reversed.map(Self.line) == c.expected)
    }

    @Test func `a slot busy with a device already in triage takes the next one when it finishes`() throws {
        let busy = Self.local("2025-03-03T10:00")
        let entries = try ForensicsForecast.forecast(
            [Self.queued(Device("A", "tablet", submitted: "2025-03-03T07:00"))],
            policy: ForensicsCapacityPolicy(slots: 1), from: Self.local("2025-03-03T08:00"), holidays: Self.holidays,
            busyUntil: [busy])
        #expect(entries.map(Self.line) == ["A 1 2025-03-03T10:00 2025-03-03T15:00"])
        let finish = try ForensicsForecast.finish(
            type: "computer", startedAt: Self.local("2025-03-03T14:00"), policy: .standard, holidays: Self.holidays)
        #expect(LocalTime.minuteText(finish, in: .london) == "2025-03-04T16:00")
    }

    @Test func `an unknown type is refused`() {
        #expect(throws: ForensicsForecastError.unknownType(id: "A", type: "drone")) {
            try ForensicsForecast.forecast(
                [Self.queued(Device("A", "drone", submitted: "2025-03-03T08:00"))], policy: .standard,
                from: Self.local("2025-03-03T08:00"), holidays: Self.holidays)
        }
    }

    @Test func `a forecast past the bank-holiday data is refused, never guessed`() {
        #expect(throws: ForensicsForecastError.outsideBankHolidays(CalendarDay("2031-01-01")!)) {
            try ForensicsForecast.forecast(
                [Self.queued(Device("A", "computer", submitted: "2030-12-31T08:00"))], policy: .standard,
                from: Self.local("2030-12-31T08:00"), holidays: Self.holidays)
        }
    }

    @Test func `invariants on a random queue: slots never overlap, work only in working hours, order kept`() throws {
        var generator = SeededGenerator(seed: 18)
        let types = ForensicsCapacityPolicy.defaultHoursByType.keys.sorted()
        let base = Self.local("2025-01-06T08:00").timeIntervalSince1970
        let devices = (0..<3_000).map { index in
            ForensicsQueuedDevice(
                id: "\(index)", type: types[Int(generator.next() % UInt64(types.count))],
                riskToChildren: generator.next() % 5 == 0, priority: Int(generator.next() % 3) + 1,
                submittedAt: Date(timeIntervalSince1970: base + Double(generator.next() % (86_400 * 300))))
        }
        let policy = ForensicsCapacityPolicy(slots: 6)
        let from = Date(timeIntervalSince1970: base)
        let entries = try ForensicsForecast.forecast(devices, policy: policy, from: from, holidays: Self.holidays)
        #expect(entries.count == devices.count)
        #expect(Set(entries.map(\.device.id)).count == devices.count)
        var lastFinish: [Int: Date] = [:]
        for entry in entries {
            #expect(entry.start >= entry.device.submittedAt)
            if let previous = lastFinish[entry.slot] { #expect(entry.start >= previous) }
            lastFinish[entry.slot] = entry.finish
            let local = LocalTime.minuteText(entry.start, in: .london)
            let clock = ForensicsWorkingHours.minute(String(local.suffix(5)))!
            #expect(clock >= 8 * 60 && clock < 18 * 60, "\(local)")
            let day = CalendarDay(String(local.prefix(10)))!
            #expect(try Self.holidays.isWorkingDay(day), "\(local)")
        }
        // At each start, no device waiting then comes before the one taken.
        for entry in entries.prefix(400) {
            let waitingBetter = entries.contains {
                $0.device.submittedAt <= entry.start && $0.start > entry.start
                    && ForensicsQueuedDevice.precedes($0.device, entry.device)
            }
            #expect(!waitingBetter, "\(entry.device.id)")
        }
    }

    @Test(arguments: [
        ("2025-03-30T01:30", "does not exist in Europe/London"), ("2025-3-30T10:00", "is not a date and time"),
        ("2025-03-30 10:00", "is not a date and time"), ("2025-03-30T24:00", "is not a date and time"),
    ])
    func `local times that cannot be read`(_ text: String, _ reason: String) {
        guard case .failure(let problem) = LocalTime.parseMinute(text, in: .london) else {
            Issue.record("\(text) was read")
            return
        }
        #expect(problem.description.contains(reason))
    }

    @Test func `a time repeated when the clocks go back is its first occurrence`() throws {
        let first = try LocalTime.parseMinute("2025-10-26T01:30", in: .london).get()
        #expect(first == Date(timeIntervalSince1970: 1_761_438_600))  // 00:30 UTC, still BST
    }

    // MARK: - Support

    static let holidays = try! BankHolidayCalendar(csv: String(contentsOf: bankHolidayFile, encoding: .utf8))

    static let bankHolidayFile = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/BluelampApp/Resources/bank-holidays-england-and-wales.csv")

    static func local(_ text: String) -> Date {
        switch LocalTime.parseMinute(text, in: .london) {
        case .success(let date): return date
        case .failure(let problem): fatalError("\(problem)")
        }
    }

    static func queued(_ d: Device) -> ForensicsQueuedDevice {
        ForensicsQueuedDevice(
            id: d.id, type: d.type, riskToChildren: d.risk, priority: d.priority, submittedAt: local(d.submitted))
    }

    static func line(_ entry: ForensicsForecastEntry) -> String {
        let start = LocalTime.minuteText(entry.start, in: .london)
        let finish = LocalTime.minuteText(entry.finish, in: .london)
        return "\(entry.device.id) \(entry.slot) \(start) \(finish)"
    }
}
