import ArgumentParser
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// `bluelamp bench indicators --database FILE`: how long the indicator registry takes on a database,
/// per source for one scope and for every snapshot scope, and the daily snapshot as a whole.
struct BenchIndicatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators", abstract: "Time the indicator registry on a database (e.g. the Met-scale demo).",
        discussion: """
            For each indicator source: its figures for the whole force (what the dashboard computes for a force-wide
            viewer), and for the force and every BCU together (what the daily snapshot computes). Then one day's
            whole snapshot. Nothing is written. Point it at a demo made with `bluelamp demo --scale met --no-serve
            --database FILE`. With --markdown, prints the table for docs/benchmarks.md.
            """)

    @ArgumentParser.Option(help: "Runs of each; the fastest is reported.")
    var runs: Int = 3

    @ArgumentParser.Flag(help: "Print a Markdown table.")
    var markdown = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var settings = try database.settings()
        settings.logLevel = quietLogLevel()
        try await withApplication(settings: settings) { app in
            let window = IndicatorStore.window(endingOn: Date())
            var lines: [String] = []
            if markdown {
                lines.append("| Source | Indicators | Force (ms) | Force + \(BCU.territorial.count) BCUs (ms) |")
                lines.append("|---|---:|---:|---:|")
            }
            func fastest(_ body: () async throws -> Void) async throws -> Double {
                var best = Double.infinity
                for _ in 1...max(1, runs) {
                    let started = Date()
                    try await body()
                    best = min(best, Date().timeIntervalSince(started) * 1000)
                }
                return best
            }
            var totalForce = 0.0
            var totalAll = 0.0
            for source in IndicatorSources.all {
                let force = try await fastest {
                    _ = try await source.computeAll(period: window, scopes: [nil], on: app.db)
                }
                let all = try await fastest {
                    _ = try await source.computeAll(period: window, scopes: IndicatorStore.snapshotScopes, on: app.db)
                }
                totalForce += force
                totalAll += all
                let name = String(describing: type(of: source))
                lines.append(
                    markdown
                        ? "| \(name) | \(source.definitions.count) | \(Int(force.rounded())) | \(Int(all.rounded())) |"
                        : "\(name): \(source.definitions.count) indicators; force \(Int(force.rounded())) ms; force + BCUs \(Int(all.rounded())) ms"
                )
            }
            let count = IndicatorStore.definitions().count
            lines.append(
                markdown
                    ? "| **All** | \(count) | \(Int(totalForce.rounded())) | \(Int(totalAll.rounded())) |"
                    : "All \(count) indicators: force \(Int(totalForce.rounded())) ms; force + BCUs \(Int(totalAll.rounded())) ms"
            )
            print(lines.joined(separator: "\n"))
        }
    }
}
