import BluelampCore
import Foundation
import Testing

@testable import BluelampApp

/// `bluelamp forensics forecast --devices DEVICES.csv --policy POLICY.json --from … --out ETA.csv` (issue 18): good and
/// bad files through the command line, the exit status and what is (not) written.
@Suite struct ForensicsForecastCommandTests {
    static let header = "device_id,type,risk_to_children,priority,submitted_at\n"

    static let policy = """
        {"slots": 2, "hours_by_type": {"phone": 6, "computer": 12}, \
        "working_hours": {"start": "08:00", "end": "18:00", "days": ["Mon","Tue","Wed","Thu","Fri"]}, \
        "bank_holidays": true}
        """

    static let good = """
        device_id,type,risk_to_children,priority,submitted_at
        D-1,phone,false,1,2025-04-16T09:00
        D-2,computer,false,2,2025-04-16T10:00
        D-3,phone,false,1,2025-04-17T08:30
        "D-4, seized",phone,true,3,2025-04-17T09:00

        """

    /// Two slots from Thursday 17 April 2025 08:00, Good Friday and Easter Monday off: D-1 and D-2 start at once; at
    /// 14:00 slot 1 takes D-4 (risk to children) before D-3; at 10:00 on Tuesday both slots are free and slot 1, the
    /// lowest-numbered, takes D-3.
    static let expected = """
        device_id,slot,start,finish
        D-1,1,2025-04-17T08:00,2025-04-17T14:00
        D-2,2,2025-04-17T08:00,2025-04-22T10:00
        "D-4, seized",1,2025-04-17T14:00,2025-04-22T10:00
        D-3,1,2025-04-22T10:00,2025-04-22T16:00

        """

    private func folder(devices: String, policy: String = Self.policy) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("forensics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(devices.utf8).write(to: url.appendingPathComponent("DEVICES.csv"))
        try Data(policy.utf8).write(to: url.appendingPathComponent("POLICY.json"))
        return url
    }

    private func arguments(_ dir: URL, from: String = "2025-04-17T08:00") -> [String] {
        [
            "forensics", "forecast", "--devices", dir.appendingPathComponent("DEVICES.csv").path, "--policy",
            dir.appendingPathComponent("POLICY.json").path, "--from", from, "--out",
            dir.appendingPathComponent("ETA.csv").path,
        ]
    }

    @Test func `writes ETA.csv for good files and exits 0`() async throws {
        let dir = try folder(devices: Self.good)
        defer { try? FileManager.default.removeItem(at: dir) }
        let status = await BluelampCommand.run(arguments: arguments(dir))
        #expect(status == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("ETA.csv"), encoding: .utf8) == Self.expected)
    }

    @Test func `a policy with every key missing takes the defaults`() throws {
        let policy = try ForensicsForecastFile.policy(Data("{}".utf8))
        #expect(policy == .standard)
        #expect(policy.slots == 2)
        #expect(policy.workingHours == .standard)
        #expect(policy.bankHolidaysOff)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        let devices: String
        var policy = ForensicsForecastCommandTests.policy
        var from = "2025-04-17T08:00"
        /// What the first problem line says after the file's path.
        let problem: String
        var file = "DEVICES.csv"
        var testDescription: String { name }
    }

    static let bad: [BadCase] = [
        BadCase(
            name: "an unknown type",
            devices: header + "D-1,phone,false,1,2025-04-16T09:00\nD-2,drone,false,1,"
                + "2025-04-16T09:00\n",
            problem: ":3: column type: unknown device type \"drone\"; the policy's types are computer, phone"),
        BadCase(
            name: "a repeated id",
            devices: header + "D-1,phone,false,1,2025-04-16T09:00\nD-1,phone,false,2,2025-04-16T10:00\n",
            problem: ":3: column device_id: \"D-1\" is repeated; it is first on line 2"),
        BadCase(
            name: "a bad priority", devices: header + "D-1,phone,false,4,2025-04-16T09:00\n",
            problem: ":2: column priority: \"4\" is not a priority: 1 (highest), 2 or 3"),
        BadCase(
            name: "a bad flag", devices: header + "D-1,phone,maybe,1,2025-04-16T09:00\n",
            problem: ":2: column risk_to_children: \"maybe\" is not true or false"),
        BadCase(
            name: "a bad time", devices: header + "D-1,phone,false,1,16/04/2025 09:00\n",
            problem: ":2: column submitted_at: \"16/04/2025 09:00\" is not a date and time in the form"),
        BadCase(
            name: "a time the clocks skip", devices: header + "D-1,phone,false,1,2025-03-30T01:15\n",
            problem: ":2: column submitted_at: 2025-03-30T01:15 does not exist in Europe/London"),
        BadCase(
            name: "a short row", devices: header + "D-1,phone,false,1\n",
            problem: ":2: 4 fields where the header has 5"),
        BadCase(
            name: "a missing column", devices: "device_id,type,priority,submitted_at\nD-1,phone,1,2025-04-16T09:00\n",
            problem: ":1: column risk_to_children: missing from the header"),
        BadCase(
            name: "an empty id", devices: header + "\"\",phone,false,1,2025-04-16T09:00\n",
            problem: ":2: column device_id: empty; every row needs one"),
        BadCase(
            name: "a policy with no slots", devices: header, policy: "{\"slots\": 0}",
            problem: ": field slots: must be a whole number from 1 to 100", file: "POLICY.json"),
        BadCase(
            name: "a policy with a misspelt key", devices: header, policy: "{\"slot\": 3}",
            problem: ": field slot: not expected; the keys are slots, hours_by_type, working_hours, bank_holidays",
            file: "POLICY.json"),
        BadCase(
            name: "a policy with a bad day", devices: header,
            policy: "{\"working_hours\": {\"days\": [\"Monday\"]}}",
            problem: ": field working_hours.days: must be a list of distinct days", file: "POLICY.json"),
        BadCase(
            name: "a policy with hours ending before they start", devices: header,
            policy: "{\"working_hours\": {\"start\": \"18:00\", \"end\": \"08:00\"}}",
            problem: ": field working_hours.end: must be after the start", file: "POLICY.json"),
        BadCase(
            name: "a policy that is not JSON", devices: header, policy: "slots: 2",
            problem: ": not a JSON object", file: "POLICY.json"),
    ]

    @Test(arguments: bad) func `bad files exit 1, name the line and column, and write nothing`(_ c: BadCase)
        async throws
    {
        let dir = try folder(devices: c.devices, policy: c.policy)
        defer { try? FileManager.default.removeItem(at: dir) }
        let status = await BluelampCommand.run(arguments: arguments(dir, from: c.from))
        #expect(status == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("ETA.csv").path))

        let path = dir.appendingPathComponent(c.file).path
        let failure = #expect(throws: CommandFailure.self) {
            try ForensicsCommand.forecast(
                devicesPath: dir.appendingPathComponent("DEVICES.csv").path,
                policyPath: dir.appendingPathComponent("POLICY.json").path, from: c.from,
                outPath: dir.appendingPathComponent("ETA.csv").path, holidays: .bundled())
        }
        let lines = (failure?.message ?? "").split(separator: "\n").map(String.init)
        #expect(lines.first == "1 problem in \(path); nothing was written:", "\(lines)")
        #expect(lines.dropFirst().first?.hasPrefix(path + c.problem) == true, "\(lines)")
    }

    @Test func `a bad --from exits 1 and writes nothing`() async throws {
        let dir = try folder(devices: Self.good)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(await BluelampCommand.run(arguments: arguments(dir, from: "2025-04-17 08:00")) == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("ETA.csv").path))
    }

    @Test func `a bad file leaves an earlier ETA.csv as it was`() throws {
        let dir = try folder(devices: Self.header + "D-1,drone,false,1,2025-04-16T09:00\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("ETA.csv")
        try Data("an earlier run\n".utf8).write(to: out)
        #expect(throws: CommandFailure.self) {
            try ForensicsCommand.forecast(
                devicesPath: dir.appendingPathComponent("DEVICES.csv").path,
                policyPath: dir.appendingPathComponent("POLICY.json").path, from: "2025-04-17T08:00",
                outPath: out.path, holidays: .bundled())
        }
        #expect(try String(contentsOf: out, encoding: .utf8) == "an earlier run\n")
    }
}
