import BluelampCore
import Foundation

/// The allocation benchmark (shared/bench/allocation/SPEC.md): for each size and seed, make the instance
/// with `gen.py`, solve it with Bluelamp's allocator, with OR-Tools (the optimum) and with the greedy
/// baseline (`reference.py`), and have `check.py`, the independent judge, validate and price all three.
///
/// `bluelamp bench allocate` prints `markdown(rows)`; `bluelamp allocate --instance DIR --out FILE`
/// calls `allocate(instanceDirectory:output:)`. Python 3 runs the reference tools (`pip install ortools`).
public struct AllocationBenchmark: Sendable {
    /// The folder holding SPEC.md, gen.py, check.py and reference.py.
    public var benchDirectory: URL
    /// Instances go in `<size>-<seed>/` below it, with the three answers beside them; an instance
    /// already there is reused.
    public var workDirectory: URL
    public var sizes: [String]
    public var seeds: [Int]
    public var python: String
    /// Reference solvers to run; the greedy one takes minutes on `national`.
    public var referenceSolvers: [ReferenceSolver]
    /// Our read+solve is timed this many times and the fastest kept.
    public var repetitions: Int

    public static let allSizes = ["tiny", "small", "force-day", "backlog", "national"]

    public enum ReferenceSolver: String, Sendable, CaseIterable {
        case ortools
        case greedy
    }

    public init(
        benchDirectory: URL, workDirectory: URL, sizes: [String] = AllocationBenchmark.allSizes, seeds: [Int] = [1],
        python: String = "python3", referenceSolvers: [ReferenceSolver] = ReferenceSolver.allCases, repetitions: Int = 3
    ) {
        self.benchDirectory = benchDirectory
        self.workDirectory = workDirectory
        self.sizes = sizes
        self.seeds = seeds
        self.python = python
        self.referenceSolvers = referenceSolvers
        self.repetitions = repetitions
    }

    /// One instance's results. Costs are check.py's; times are reading the files plus solving, in
    /// milliseconds (for the reference solvers, their own printed read and solve times).
    public struct Row: Sendable, Hashable {
        public var size: String
        public var seed: Int
        public var crimes: Int
        public var officers: Int
        public var ourCost: Int64?
        public var orToolsCost: Int64?
        public var greedyCost: Int64?
        public var ourMilliseconds: Double
        public var orToolsMilliseconds: Double?
        public var greedyMilliseconds: Double?
        /// check.py accepted every answer that was produced.
        public var allValid: Bool
        /// Our cost equals OR-Tools' (nil when OR-Tools did not run).
        public var optimal: Bool?
        /// check.py's complaints, if any.
        public var problems: [String]
    }

    /// Runs every size and seed in turn; `log` hears each step.
    public func run(log: (String) -> Void = { _ in }) throws -> [Row] {
        var rows: [Row] = []
        for size in sizes {
            for seed in seeds {
                rows.append(try run(size: size, seed: seed, log: log))
            }
        }
        return rows
    }

    public func run(size: String, seed: Int, log: (String) -> Void = { _ in }) throws -> Row {
        let instance = workDirectory.appendingPathComponent("\(size)-\(seed)", isDirectory: true)
        let files = [AllocationInstance.officersFile, AllocationInstance.crimesFile, AllocationInstance.policyFile]
        if !files.allSatisfy({ FileManager.default.fileExists(atPath: instance.appendingPathComponent($0).path) }) {
            log("generating \(size) seed \(seed)")
            try FileManager.default.createDirectory(at: instance, withIntermediateDirectories: true)
            _ = try runTool(["gen.py", "--size", size, "--seed", String(seed), "--out", instance.path])
        }

        log("solving \(size) seed \(seed) with Bluelamp")
        let ours = instance.appendingPathComponent("bluelamp.csv")
        var best = Double.infinity
        var summary: AllocationRunSummary?
        for _ in 0..<max(1, repetitions) {
            let run = try Self.allocate(instanceDirectory: instance, output: ours)
            best = min(best, run.readMilliseconds + run.solveMilliseconds)
            summary = run
        }
        var row = Row(
            size: size, seed: seed, crimes: summary!.crimes, officers: summary!.officers, ourMilliseconds: best,
            allValid: true, problems: [])

        row.ourCost = try check(instance: instance, answer: ours, into: &row)
        for solver in referenceSolvers {
            log("solving \(size) seed \(seed) with reference.py --solver \(solver.rawValue)")
            let answer = instance.appendingPathComponent("\(solver.rawValue).csv")
            let output = try runTool(["reference.py", instance.path, "--solver", solver.rawValue, "--out", answer.path])
            let printed = try Self.parseReference(output)
            let cost = try check(instance: instance, answer: answer, into: &row)
            switch solver {
            case .ortools:
                row.orToolsCost = cost ?? printed.cost
                row.orToolsMilliseconds = printed.milliseconds
            case .greedy:
                row.greedyCost = cost ?? printed.cost
                row.greedyMilliseconds = printed.milliseconds
            }
        }
        if let orTools = row.orToolsCost { row.optimal = row.ourCost == orTools }
        return row
    }

    /// check.py's cost for an answer, or nil (and a problem noted) when it is invalid.
    private func check(instance: URL, answer: URL, into row: inout Row) throws -> Int64? {
        let (status, output) = try runPython(["check.py", instance.path, answer.path])
        if status == 0, let cost = Self.firstNumber(after: "cost ", in: output) { return cost }
        row.allValid = false
        row.problems.append("\(answer.lastPathComponent): \(output.trimmingCharacters(in: .whitespacesAndNewlines))")
        return nil
    }

    // MARK: - One instance: read, solve, write

    /// What `allocate(instanceDirectory:output:)` did.
    public struct AllocationRunSummary: Sendable, Hashable {
        public var crimes: Int
        public var officers: Int
        public var allocated: Int
        public var cost: AllocationCost
        /// Reading the three files from disk and parsing them.
        public var readMilliseconds: Double
        public var solveMilliseconds: Double
        public var writeMilliseconds: Double
    }

    /// Reads an instance folder, solves it and writes `assignment.csv`-style output to `output`.
    public static func allocate(instanceDirectory: URL, output: URL) throws -> AllocationRunSummary {
        let clock = ContinuousClock()
        let start = clock.now
        let instance = try AllocationInstance(
            officersCSV: Data(contentsOf: instanceDirectory.appendingPathComponent(AllocationInstance.officersFile)),
            crimesCSV: Data(contentsOf: instanceDirectory.appendingPathComponent(AllocationInstance.crimesFile)),
            policyJSON: Data(contentsOf: instanceDirectory.appendingPathComponent(AllocationInstance.policyFile)))
        let read = clock.now
        let solution = Allocator.solve(instance)
        let solved = clock.now
        try solution.assignment.csv(for: instance).write(to: output)
        let written = clock.now
        return AllocationRunSummary(
            crimes: instance.crimes.count, officers: instance.officers.count, allocated: solution.allocatedCount,
            cost: solution.cost, readMilliseconds: milliseconds(read - start),
            solveMilliseconds: milliseconds(solved - read),
            writeMilliseconds: milliseconds(written - solved))
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    // MARK: - Reading the tools' output

    /// `ortools: cost 5701, allocated 300 of 300, read 0.006s, solve 0.285s` → cost, read + solve in ms.
    static func parseReference(_ output: String) throws -> (cost: Int64, milliseconds: Double) {
        guard let line = output.split(separator: "\n").last(where: { $0.contains(": cost ") }),
            let cost = firstNumber(after: "cost ", in: String(line)),
            let read = seconds(after: "read ", in: String(line)), let solve = seconds(after: "solve ", in: String(line))
        else { throw AllocationBenchmarkError.unreadableOutput(output) }
        return (cost, (read + solve) * 1000)
    }

    private static func firstNumber(after label: String, in text: String) -> Int64? {
        guard let range = text.range(of: label) else { return nil }
        return Int64(text[range.upperBound...].prefix { $0.isNumber })
    }

    private static func seconds(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        return Double(text[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }

    // MARK: - Running Python

    /// Runs a script of the bench folder; throws unless it exits 0.
    private func runTool(_ arguments: [String]) throws -> String {
        let (status, output) = try runPython(arguments)
        guard status == 0 else {
            throw AllocationBenchmarkError.toolFailed(
                command: ([python] + arguments).joined(separator: " "), status: status, output: output)
        }
        return output
    }

    private func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        process.currentDirectoryURL = benchDirectory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting, so that a chatty tool cannot fill the pipe and stall.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    // MARK: - The report

    /// The results as a Markdown table, one row per instance.
    public static func markdown(_ rows: [Row]) -> String {
        func cost(_ value: Int64?) -> String { value.map(String.init) ?? "–" }
        func ms(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "–" }
        var lines = [
            "| size | seed | crimes | officers | Bluelamp cost | OR-Tools cost | greedy cost | optimal | all valid | Bluelamp ms | OR-Tools ms | greedy ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: | :---: | ---: | ---: | ---: |",
        ]
        for row in rows {
            let optimal = row.optimal.map { $0 ? "yes" : "**no**" } ?? "–"
            lines.append(
                "| \(row.size) | \(row.seed) | \(row.crimes) | \(row.officers) | \(cost(row.ourCost)) | \(cost(row.orToolsCost)) | "
                    + "\(cost(row.greedyCost)) | \(optimal) | \(row.allValid ? "yes" : "**no**") | \(ms(row.ourMilliseconds)) | "
                    + "\(ms(row.orToolsMilliseconds)) | \(ms(row.greedyMilliseconds)) |")
        }
        let problems = rows.flatMap { row in row.problems.map { "- \(row.size) seed \(row.seed): \($0)" } }
        if !problems.isEmpty { lines += ["", "Invalid answers:"] + problems }
        lines += [
            "",
            "Times are reading the instance files plus solving, in milliseconds; Bluelamp's is the fastest of its runs, "
                + "the reference solvers' are their own printed read and solve times.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

public enum AllocationBenchmarkError: Error, Sendable, CustomStringConvertible {
    case toolFailed(command: String, status: Int32, output: String)
    case unreadableOutput(String)

    public var description: String {
        switch self {
        case .toolFailed(let command, let status, let output): "\(command) exited with \(status): \(output)"
        case .unreadableOutput(let output): "cannot read a cost and times in: \(output)"
        }
    }
}
