import ArgumentParser
import BluelampCore
import Foundation

/// `bluelamp allocate --instance DIR --out FILE`: the allocator on the benchmark's instance files.
struct AllocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate", abstract: "Allocate crimes to officers for an instance folder of the allocation benchmark.",
        discussion: """
            Reads officers.csv, crimes.csv and policy.json (shared/bench/allocation/SPEC.md), solves to the exact
            optimum of the cost model and writes assignment.csv (crime_id,officer_id). A bad file is refused with its
            file, line and field; nothing is written then.
            """)

    @ArgumentParser.Option(help: "The instance folder (officers.csv, crimes.csv, policy.json).")
    var instance: String

    @ArgumentParser.Option(help: "Where to write the assignment CSV.")
    var out: String

    func run() throws {
        do {
            let summary = try AllocationBenchmark.allocate(
                instanceDirectory: URL(fileURLWithPath: instance), output: URL(fileURLWithPath: out))
            print("""
                Allocated \(summary.allocated) of \(summary.crimes) crimes to \(summary.officers) officers; cost \(summary.cost.total) \
                (\(summary.cost)). Read \(String(format: "%.0f", summary.readMilliseconds)) ms, \
                solve \(String(format: "%.0f", summary.solveMilliseconds)) ms, write \(String(format: "%.0f", summary.writeMilliseconds)) ms.
                """)
        } catch let error as AllocationInstanceError {
            throw CommandFailure(message: error.description, code: 2)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            throw CommandFailure(message: "cannot read the instance: \(error.localizedDescription)", code: 2)
        }
    }
}

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure Bluelamp against the reference tools (results go in docs/benchmarks.md).",
        subcommands: [BenchAllocate.self, BenchImportCommand.self, BenchIndicatorsCommand.self])
}

struct BenchAllocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate", abstract: "The allocation benchmark: ours, OR-Tools and greedy on every size, checked by check.py.",
        discussion: """
            Generates each instance with gen.py (or reuses it in --work), runs our allocator and reference.py with
            --solver ortools and --solver greedy, validates all three answers with check.py and prints cost and
            read+solve time side by side as a Markdown table. Needs python3 with ortools (pip install ortools).
            """)

    @ArgumentParser.Option(help: "The benchmark folder with gen.py, check.py and reference.py.")
    var bench: String = "../shared/bench/allocation"

    @ArgumentParser.Option(help: "Where instances and answers are kept.")
    var work: String = ".bench/allocation"

    @ArgumentParser.Option(help: "Comma-separated sizes: tiny, small, force-day, backlog, national.")
    var sizes: String = AllocationBenchmark.allSizes.joined(separator: ",")

    @ArgumentParser.Option(help: "Comma-separated seeds.")
    var seeds: String = "1,2,3"

    @ArgumentParser.Flag(help: "Skip the greedy baseline (about 2 minutes per national instance).")
    var noGreedy = false

    func run() throws {
        let sizeList = sizes.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        guard sizeList.allSatisfy(AllocationBenchmark.allSizes.contains) else {
            throw ValidationError("--sizes must be among \(AllocationBenchmark.allSizes.joined(separator: ", "))")
        }
        let seedList = try seeds.split(separator: ",").map { part -> Int in
            guard let n = Int(part.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("--seeds must be whole numbers") }
            return n
        }
        let bench = AllocationBenchmark(
            benchDirectory: URL(fileURLWithPath: self.bench), workDirectory: URL(fileURLWithPath: work), sizes: sizeList,
            seeds: seedList, referenceSolvers: noGreedy ? [.ortools] : [.ortools, .greedy])
        let rows = try bench.run { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
        print(AllocationBenchmark.markdown(rows))
    }
}
