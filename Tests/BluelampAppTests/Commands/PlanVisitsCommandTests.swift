import BluelampCore
import Foundation
import Testing

@testable import BluelampApp

/// `bluelamp plan-visits` (issue 8, "Planner on files"): through its function, and once as a process.
@Suite struct PlanVisitsCommandTests {
    static let register = """
        offender_id,manager_id,risk,last_successful_visit,frequency_months
        RSO-1,OM-1,very_high,2024-12-20,
        RSO-2,OM-1,high,2024-10-01,
        RSO-3,OM-2,low,,
        RSO-4,OM-2,medium,2024-08-15,3

        """
    static let managers = "manager_id,visits_per_week\nOM-1,3\nOM-2,2\n"
    static let start = OffenderCalendar.parseDay("2025-01-06")!

    /// A fresh folder with the two files written in it.
    private func folder(register: String = register, managers: String = managers) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plan-visits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(register.utf8).write(to: url.appendingPathComponent("REGISTER.csv"))
        try Data(managers.utf8).write(to: url.appendingPathComponent("MANAGERS.csv"))
        return url
    }

    // MARK: - Through the function

    @Test func `plans good files and writes the plan the planner made`() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("PLAN.csv")

        let output = try PlanVisitsCommand.plan(
            registerPath: dir.appendingPathComponent("REGISTER.csv").path,
            managersPath: dir.appendingPathComponent("MANAGERS.csv").path, start: Self.start, weeks: 8, seed: 42,
            outPath: out.path)

        let written = try String(contentsOf: out, encoding: .utf8)
        #expect(written == output.planCSV)
        let expected = try VisitPlanFiles.plan(
            register: Self.register, managers: Self.managers, start: Self.start, weeks: 8, seed: 42)
        #expect(written == expected.planCSV)
        #expect(written.hasPrefix("offender_id,manager_id,date,time,announced\n"))
        #expect(Set(output.plan.visits.map(\.offenderID)) == ["RSO-1", "RSO-2", "RSO-3", "RSO-4"])
        #expect(output.plan.unannouncedShare >= 0.5)
        #expect(
            PlanVisitsCommand.summary(output, outPath: out.path).contains("Planned \(output.plan.visits.count) visits"))
    }

    @Test func `forecasts who will fall overdue when capacity is short`() throws {
        let register =
            "offender_id,manager_id,risk,last_successful_visit,frequency_months\n"
            + (1...6).map { "RSO-\($0),OM-1,very_high,2024-11-01," }.joined(separator: "\n") + "\n"
        let dir = try folder(register: register, managers: "manager_id,visits_per_week\nOM-1,1\n")
        defer { try? FileManager.default.removeItem(at: dir) }

        let output = try PlanVisitsCommand.plan(
            registerPath: dir.appendingPathComponent("REGISTER.csv").path,
            managersPath: dir.appendingPathComponent("MANAGERS.csv").path, start: Self.start, weeks: 4, seed: 1,
            outPath: dir.appendingPathComponent("PLAN.csv").path)

        #expect(output.plan.backlog.count == 6)
        #expect(output.forecastLines.first?.hasPrefix("Backlog forecast: 6 offenders will be overdue") == true)
        #expect(output.forecastLines.count == 7)
    }

    @Test func `reports every problem with file, line and field and writes nothing`() throws {
        let register = """
            offender_id,manager_id,risk,last_successful_visit,frequency_months
            RSO-1,OM-1,extreme,2024-12-20,
            RSO-2,OM-9,high,2024-13-01,
            RSO-1,OM-1,low,,0
            """
        let dir = try folder(register: register, managers: "manager_id,visits_per_week\nOM-1,three\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registerPath = dir.appendingPathComponent("REGISTER.csv").path
        let managersPath = dir.appendingPathComponent("MANAGERS.csv").path
        let out = dir.appendingPathComponent("PLAN.csv")
        try Data("an earlier plan\n".utf8).write(to: out)

        let failure = #expect(throws: CommandFailure.self) {
            try PlanVisitsCommand.plan(
                registerPath: registerPath, managersPath: managersPath, start: Self.start, weeks: 8, seed: 1,
                outPath: out.path)
        }

        let message = try #require(failure?.message)
        #expect(message.hasPrefix("6 problems in the files; nothing was written:"))
        for line in [
            "\(managersPath) line 2, field visits_per_week: \"three\" is not a whole number",
            "\(registerPath) line 2, field risk: unknown risk \"extreme\"",
            "\(registerPath) line 3, field manager_id: manager \"OM-9\" is not in the managers file",
            "\(registerPath) line 3, field last_successful_visit: \"2024-13-01\" is not a date in the form YYYY-MM-DD",
            "\(registerPath) line 4, field offender_id: offender \"RSO-1\" appears again (first on line 2)",
            "\(registerPath) line 4, field frequency_months: 0 is outside 1–24",
        ] {
            #expect(message.contains(line), "missing: \(line)")
        }
        #expect(try String(contentsOf: out, encoding: .utf8) == "an earlier plan\n", "the old plan is untouched")
    }

    @Test func `a missing file is one clear error`() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let failure = #expect(throws: CommandFailure.self) {
            try PlanVisitsCommand.plan(
                registerPath: dir.appendingPathComponent("NOPE.csv").path,
                managersPath: dir.appendingPathComponent("MANAGERS.csv").path, start: Self.start, weeks: 8, seed: 1,
                outPath: dir.appendingPathComponent("PLAN.csv").path)
        }
        #expect(failure?.message.contains("cannot read") == true)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("PLAN.csv").path))
    }

    // MARK: - As a process

    /// The `bluelamp` executable beside the test bundle, as `swift build` leaves it.
    static var executable: URL? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("bluelamp"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("bluelamp"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
                .deletingLastPathComponent()
                .appendingPathComponent(".build/debug/bluelamp"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        let executable: URL = try #require(Self.executable, "build the bluelamp executable first")
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

    @Test func `the command runs as a process: plan on good files, errors and no file on bad ones`() throws {
        let register =
            "offender_id,manager_id,risk,last_successful_visit,frequency_months\n"
            + (1...4).map { "RSO-\($0),OM-1,very_high,2024-11-01," }.joined(separator: "\n") + "\n"
        let dir = try folder(register: register, managers: "manager_id,visits_per_week\nOM-1,1\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("PLAN.csv")
        let arguments = [
            "plan-visits", "--register", dir.appendingPathComponent("REGISTER.csv").path, "--managers",
            dir.appendingPathComponent("MANAGERS.csv").path, "--start", "2025-01-06", "--weeks", "4", "--seed", "7",
            "--out", out.path,
        ]

        let good = try run(arguments)
        #expect(good.status == 0)
        #expect(good.stdout.contains("Planned 4 visits"))
        #expect(good.stderr.contains("Backlog forecast: 4 offenders will be overdue"))
        let expected = try VisitPlanFiles.plan(
            register: register, managers: "manager_id,visits_per_week\nOM-1,1\n", start: Self.start, weeks: 4, seed: 7)
        #expect(try String(contentsOf: out, encoding: .utf8) == expected.planCSV)

        try FileManager.default.removeItem(at: out)
        try Data("offender_id,manager_id,risk\nRSO-1,OM-1,low\n".utf8).write(
            to: dir.appendingPathComponent("REGISTER.csv"))
        let bad = try run(arguments)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error: 1 problem in the files; nothing was written:"))
        #expect(bad.stderr.contains("REGISTER.csv line 1: wrong header"))
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let badDate = try run(arguments.map { $0 == "2025-01-06" ? "6 January" : $0 })
        #expect(badDate.status != 0)
        #expect(badDate.stderr.contains("--start must be a date"))
    }
}
