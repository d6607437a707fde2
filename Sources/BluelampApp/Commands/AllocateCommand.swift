import ArgumentParser
import BluelampCore
import Foundation

/// `bluelamp allocate --instance DIR --out FILE`: the allocator on the benchmark's instance files.
struct AllocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate",
        abstract: "Allocate crimes to officers for an instance folder of the allocation benchmark.",
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
            print(
                """
                Allocated \(summary.allocated) of \(summary.crimes) crimes to \(summary.officers) officers; cost \(summary.cost.total) \
                (\(summary.cost)). Read \(String(format: "%.0f", summary.readMilliseconds)) ms, \
                solve \(String(format: "%.0f", summary.solveMilliseconds)) ms, write \(String(format: "%.0f", summary.writeMilliseconds)) ms.
                """)
        } catch let error as FileProblem {
            throw CommandFailure(message: error.description, code: 2)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            throw CommandFailure(message: "cannot read the instance: \(error.localizedDescription)", code: 2)
        }
    }
}
