import ArgumentParser
import BluelampCore
import Foundation

struct BenchAllocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate",
        abstract: "The allocation benchmark: ours, OR-Tools and greedy on every size, checked by check.py.",
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
            guard let n = Int(part.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--seeds must be whole numbers")
            }
            return n
        }
        let bench = AllocationBenchmark(
            benchDirectory: URL(fileURLWithPath: self.bench), workDirectory: URL(fileURLWithPath: work),
            sizes: sizeList,
            seeds: seedList, referenceSolvers: noGreedy ? [.ortools] : [.ortools, .greedy])
        let rows = try bench.run { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
        print(AllocationBenchmark.markdown(rows))
    }
}
