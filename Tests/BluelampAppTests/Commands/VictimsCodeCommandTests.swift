import BluelampCore
import Foundation
import Testing

@testable import BluelampApp

/// `bluelamp victims-code due --events EVENTS.csv --out DUE.csv` (issue 16): good and bad files, through the command
/// line in this process and once as a process of its own (standard error and the exit status).
@Suite struct VictimsCodeCommandTests {
    static let header = "victim_id,enhanced,event,occurred_at\n"

    static let good = """
        victim_id,enhanced,event,occurred_at
        V-1,true,arrested,2025-03-07T23:30:00Z
        V-1,true,released_on_bail,2025-06-05T23:05:00Z
        "V-2, Jones",false,charged,2026-12-24T12:00:00Z
        V-3,false,no_further_action,2025-10-26T00:30:00.125+01:00
        V-4,true,outcome_recorded,2022-06-01T12:00:00+01:00

        """

    static let expected = """
        victim_id,event,occurred_at,due_by
        V-1,arrested,2025-03-07T23:30:00Z,2025-03-10
        V-1,released_on_bail,2025-06-05T23:05:00Z,2025-06-09
        "V-2, Jones",charged,2026-12-24T12:00:00Z,2027-01-05
        V-3,no_further_action,2025-10-26T00:30:00.125+01:00,2025-10-31
        V-4,outcome_recorded,2022-06-01T12:00:00+01:00,2022-06-06

        """

    /// A fresh folder holding EVENTS.csv with `events` in it.
    private func folder(_ events: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("victims-code-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(events.utf8).write(to: url.appendingPathComponent("EVENTS.csv"))
        return url
    }

    @Test func `writes DUE.csv for a good file and exits 0`() async throws {
        let dir = try folder(Self.good)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("DUE.csv")

        let status = await BluelampCommand.run(arguments: [
            "victims-code", "due", "--events", dir.appendingPathComponent("EVENTS.csv").path, "--out", out.path,
        ])

        #expect(status == 0)
        #expect(try Data(contentsOf: out) == Data(Self.expected.utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(leftovers == ["DUE.csv", "EVENTS.csv"], "no temporary file left behind")
    }

    @Test func `the shipped bank-holiday data loads`() throws {
        let calendar = try BankHolidayCalendar.bundled()
        #expect(calendar.range.lowerBound.text == "2015-01-01")
        #expect(calendar.range.upperBound.text == "2030-12-31")
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        let events: String
        let problem: String
        var testDescription: String { name }
    }

    static let bad: [BadCase] = [
        BadCase(
            name: "unknown event",
            events: header + "V-1,true,arrested,2025-03-07T10:00:00Z\nV-2,true,caught,"
                + "2025-03-07T10:00:00Z\n",
            problem: ":3: column event: unknown event \"caught\""),
        BadCase(
            name: "a date with no offset", events: header + "V-1,true,arrested,2025-03-07T10:00:00\n",
            problem: ":2: column occurred_at: \"2025-03-07T10:00:00\" has no offset"),
        BadCase(
            name: "not a date", events: header + "V-1,true,arrested,07/03/2025 10:00\n",
            problem: ":2: column occurred_at: \"07/03/2025 10:00\" is not an ISO 8601 date and time"),
        BadCase(
            name: "a bad boolean", events: header + "V-1,yes,arrested,2025-03-07T10:00:00Z\n",
            problem: ":2: column enhanced: \"yes\" is not true or false"),
        BadCase(
            name: "a missing column", events: "victim_id,event,occurred_at\nV-1,arrested,2025-03-07T10:00:00Z\n",
            problem: ":1: column enhanced: missing from the header"),
        BadCase(
            name: "an empty victim id", events: header + "\"\",true,arrested,2025-03-07T10:00:00Z\n",
            problem: ":2: column victim_id: empty; every row needs one"),
        BadCase(
            name: "a due date outside the data", events: header + "V-1,false,charged,2030-12-31T10:00:00Z\n",
            problem: ":2: column occurred_at: the due date cannot be worked out: it falls outside the bank-holiday"),
    ]

    @Test(arguments: bad) func `a bad file exits 1, names the line and column, and writes nothing`(_ c: BadCase)
        async throws
    {
        let dir = try folder(c.events)
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = dir.appendingPathComponent("EVENTS.csv").path
        let out = dir.appendingPathComponent("DUE.csv")

        let status = await BluelampCommand.run(arguments: [
            "victims-code", "due", "--events", events, "--out", out.path,
        ])
        #expect(status == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let failure = #expect(throws: CommandFailure.self) {
            try VictimsCodeCommand.due(eventsPath: events, outPath: out.path, calendar: .bundled())
        }
        let lines = (failure?.message ?? "").split(separator: "\n").map(String.init)
        #expect(lines.first == "1 problem in \(events); nothing was written:")
        #expect(lines.dropFirst().first?.hasPrefix(events + c.problem) == true, "\(lines)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["EVENTS.csv"])
    }

    @Test func `a bad file leaves an earlier DUE.csv as it was`() throws {
        let dir = try folder(Self.header + "V-1,true,arrested,2025-03-07T10:00:00\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("DUE.csv")
        try Data("an earlier run\n".utf8).write(to: out)
        #expect(throws: CommandFailure.self) {
            try VictimsCodeCommand.due(
                eventsPath: dir.appendingPathComponent("EVENTS.csv").path, outPath: out.path, calendar: .bundled())
        }
        #expect(try String(contentsOf: out, encoding: .utf8) == "an earlier run\n")
    }

    // MARK: - As a process

    @Test func `as a process: the summary on success; every problem on standard error and exit 1 on failure`() throws {
        guard let executable = PlanVisitsCommandTests.executable else {
            Issue.record("build the bluelamp executable first (swift build)")
            return
        }
        let dir = try folder(Self.good)
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = dir.appendingPathComponent("EVENTS.csv").path
        let out = dir.appendingPathComponent("DUE.csv").path

        let good = try run(executable, ["victims-code", "due", "--events", events, "--out", out])
        #expect(good.status == 0)
        #expect(good.stdout == "Wrote 5 due dates to \(out).\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(Self.expected.utf8))

        try FileManager.default.removeItem(atPath: out)
        try Data((Self.header + "V-1,maybe,arrested,2025-03-07T10:00:00Z\n,true,charged,tomorrow\n").utf8).write(
            to: URL(fileURLWithPath: events))
        let bad = try run(executable, ["victims-code", "due", "--events", events, "--out", out])
        #expect(bad.status == 1)
        #expect(bad.stdout.isEmpty)
        #expect(
            bad.stderr == """
                error: 3 problems in \(events); nothing was written:
                \(events):2: column enhanced: "maybe" is not true or false
                \(events):3: column victim_id: empty; every row needs one
                \(events):3: column occurred_at: "tomorrow" is not an ISO 8601 date and time with an offset, e.g. \
                2025-03-01T14:30:00Z

                """)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    private func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }
}
