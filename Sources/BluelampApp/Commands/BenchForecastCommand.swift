import ArgumentParser
import BluelampCore
import Foundation

/// `bluelamp bench forecast` (a subcommand of `bench`): the digital forensics forecast at scale (issue 18).
struct BenchForecastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast", abstract: "Time the digital forensics queue forecast on generated devices.",
        discussion: """
            Generates --devices devices deterministically (seed 18: types in the default policy's proportions of a
            unit's work, one in five with risk to children, priorities 1-3, nine in ten waiting at the start and the
            rest submitted over the next year) and times ForensicsForecast.forecast, the core function the queue page
            and `bluelamp forensics forecast` call, on the default policy with --slots. Bank holidays are worked unless
            --bank-holidays is given: the bundled bank holidays end in 2030, and a two-slot unit with 100,000 devices
            is forecast decades ahead. The fastest of --runs is reported.
            """)

    @ArgumentParser.Option(help: "Devices to forecast.")
    var devices = 100_000

    @ArgumentParser.Option(help: "Concurrent triage slots.")
    var slots = 2

    @ArgumentParser.Flag(help: "Keep the bundled bank holidays of England and Wales as days off.")
    var bankHolidays = false

    @ArgumentParser.Option(help: "Runs; the fastest is reported.")
    var runs = 3

    func run() async throws {
        let from = Date(timeIntervalSince1970: 1_735_718_400)  // 2025-01-01T08:00:00Z
        let queue = Self.devices(devices, from: from)
        var policy = ForensicsCapacityPolicy.standard
        policy.slots = slots
        policy.bankHolidaysOff = bankHolidays
        let holidays = bankHolidays ? try BankHolidayCalendar.bundled() : nil
        var best = Double.infinity
        var last: ForensicsForecastEntry?
        for _ in 1...max(1, runs) {
            let started = Date()
            let entries = try ForensicsForecast.forecast(queue, policy: policy, from: from, holidays: holidays)
            best = min(best, Date().timeIntervalSince(started))
            last = entries.max { $0.finish < $1.finish }
        }
        print(
            String(
                format: "forecast: %d devices, %d slots, %.3f s, %.0f devices/s; the last finishes %@", devices, slots,
                best, Double(devices) / best, last.map { LocalTime.minuteText($0.finish, in: .london) } ?? "-"))
    }

    /// The generated queue: the same devices for the same count.
    static func devices(_ count: Int, from: Date) -> [ForensicsQueuedDevice] {
        var random = SeededGenerator(seed: 18)
        let types = ["phone", "phone", "phone", "phone", "computer", "tablet", "storage", "other"]
        return (0..<count).map { index in
            let later = Int.random(in: 0..<10, using: &random) == 0
            let offset =
                later
                ? Double(Int.random(in: 0..<(365 * 86_400), using: &random))
                : -Double(Int.random(in: 0..<(90 * 86_400), using: &random))
            return ForensicsQueuedDevice(
                id: "D\(index + 1)", type: types[Int.random(in: 0..<types.count, using: &random)],
                riskToChildren: Int.random(in: 0..<5, using: &random) == 0,
                priority: Int.random(in: 1...3, using: &random), submittedAt: from.addingTimeInterval(offset))
        }
    }
}
