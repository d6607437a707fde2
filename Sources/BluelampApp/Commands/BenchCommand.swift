import ArgumentParser
import BluelampCore
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Bluelamp against the reference tools (results go in docs/benchmarks.md).",
        subcommands: [
            BenchAllocate.self, BenchImportCommand.self, BenchIndicatorsCommand.self, BenchCallsCommand.self,
            BenchForecastCommand.self, BenchSoakCommand.self, BenchHTTPCommand.self,
        ])
}
