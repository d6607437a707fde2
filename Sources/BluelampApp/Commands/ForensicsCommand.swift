import ArgumentParser
import BluelampCore
import Foundation

/// `bluelamp forensics`: the digital forensics unit's queue on files, with no database.
struct ForensicsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forensics", abstract: "The digital forensics unit's queue on files, without a database.",
        subcommands: [Forecast.self])

    /// `bluelamp forensics forecast --devices DEVICES.csv --policy POLICY.json --from YYYY-MM-DDTHH:MM --out ETA.csv`
    /// (issue 18): each device's expected start and finish. A thin command over `ForensicsCommand.forecast(…)`, which
    /// the tests call directly.
    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forecast", abstract: "Forecast when each device submitted to the unit starts and finishes.",
            discussion: """
                DEVICES.csv: device_id,type,risk_to_children,priority,submitted_at in any order (type one of the \
                policy's; risk_to_children true or false; priority 1 (highest), 2 or 3; submitted_at \
                YYYY-MM-DDTHH:MM in Europe/London time). POLICY.json: {"slots": 2, "hours_by_type": {"phone": 6}, \
                "working_hours": {"start": "08:00", "end": "18:00", "days": ["Mon","Tue","Wed","Thu","Fri"]}, \
                "bank_holidays": true}, each key optional. At --from every slot is free and every device waits (one \
                submitted later joins when submitted); the queue runs risk to children first, then priority, then \
                submission time, then id, on the lowest-numbered free slot, in working hours only, with no \
                pre-emption. Writes ETA.csv: device_id,slot,start,finish in the order the slots take the devices, \
                times YYYY-MM-DDTHH:MM in Europe/London. A bad row, an unknown type or a repeated id refuses the \
                file: every problem goes to standard error as DEVICES.csv:LINE: column COLUMN: reason, the exit \
                status is 1 and nothing is written.
                """)

        @ArgumentParser.Option(help: ArgumentHelp("The devices waiting (CSV).", valueName: "DEVICES.csv"))
        var devices: String

        @ArgumentParser.Option(help: ArgumentHelp("The unit's capacity policy (JSON).", valueName: "POLICY.json"))
        var policy: String

        @ArgumentParser.Option(
            help: ArgumentHelp("When the forecast starts, in Europe/London time.", valueName: "YYYY-MM-DDTHH:MM"))
        var from: String

        @ArgumentParser.Option(help: ArgumentHelp("Where to write the forecast (CSV).", valueName: "ETA.csv"))
        var out: String

        func run() throws {
            let count = try ForensicsCommand.forecast(
                devicesPath: devices, policyPath: policy, from: from, outPath: out, holidays: .bundled())
            print("Wrote \(count) forecast\(count == 1 ? "" : "s") to \(out).")
        }
    }

    /// Reads the files, forecasts the queue and writes ETA.csv to `outPath`, returning the number of devices.
    ///
    /// Throws a `CommandFailure` (exit 1) with every problem on a line of its own, named as the caller named the
    /// file; `outPath` is then left as it was. The write is atomic, so a failure never leaves half a file.
    @discardableResult
    static func forecast(
        devicesPath: String, policyPath: String, from: String, outPath: String, holidays: BankHolidayCalendar
    ) throws -> Int {
        let start: Date
        switch LocalTime.parseMinute(from, in: .london) {
        case .success(let date): start = date
        case .failure(let problem): throw CommandFailure(message: "--from: \(problem)")
        }
        let policy = try read(policyPath) { data in
            try ForensicsForecastFile.policy(data)
        }
        let devices = try read(devicesPath) { data in
            try ForensicsForecastFile.devices(data, policy: policy)
        }
        let entries: [ForensicsForecastEntry]
        do {
            entries = try ForensicsForecast.forecast(devices, policy: policy, from: start, holidays: holidays)
        } catch {
            throw CommandFailure(message: "cannot forecast \(devicesPath); nothing was written: \(error)")
        }
        do {
            try Data(ForensicsForecastFile.csv(entries).utf8).write(
                to: URL(fileURLWithPath: outPath), options: .atomic)
        } catch {
            throw CommandFailure(message: "cannot write \(outPath): \(error.localizedDescription)")
        }
        return entries.count
    }

    /// Reads the file at `path` through `parse`, turning its problems into one failure naming the file.
    private static func read<T>(_ path: String, _ parse: (Data) throws -> T) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure(message: "cannot read \(path): no such file, or not readable")
        }
        do {
            return try parse(data)
        } catch let error as ForensicsForecastFile.Problems {
            let count = error.problems.count
            throw CommandFailure(
                message: "\(count) problem\(count == 1 ? "" : "s") in \(path); nothing was written:\n"
                    + error.problems.map { ForensicsForecastFile.describe($0, file: path) }.joined(separator: "\n"))
        }
    }
}
