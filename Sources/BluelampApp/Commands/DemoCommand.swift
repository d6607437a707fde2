import ArgumentParser
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Create a demo force (if the database does not exist) and serve it.",
        discussion: """
            The demo force is synthetic and deterministic: the same --seed and --scale always give the same
            force. It is written to ./bluelamp-demo.sqlite unless --database (or DATABASE_URL) says otherwise;
            an existing demo database is served as it is. One sign-in per role is printed.
            """)

    @ArgumentParser.Option(help: "small (about 600 officers) or met (about 33,000 officers, the Met's size).")
    var scale: String = "small"

    @ArgumentParser.Option(help: "The generator's seed.")
    var seed: UInt64 = 2016

    @ArgumentParser.Option(help: "Years of records to generate (crimes and other records, as later features add them).")
    var years: Int = 1

    @ArgumentParser.Option(help: "The address to listen on.")
    var host: String?

    @ArgumentParser.Option(help: "The port to listen on (default 8080).")
    var port: Int?

    @ArgumentParser.Flag(help: "Generate the data and exit without serving.")
    var noServe = false

    @ArgumentParser.Option(
        help:
            "Load the crimes from the police.uk street and outcomes files in this directory instead of generating them."
    )
    var fromPoliceUK: String?

    @ArgumentParser.Option(
        help: """
            The moment the demo is made at, ISO 8601 (e.g. 2026-12-05T12:00:00Z); default now. The same --now gives \
            the same records, so a re-run after a crash (which resumes) matches an uninterrupted run.
            """)
    var now: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let now, ISO8601DateFormatter().date(from: now) == nil {
            throw ValidationError("--now must be an ISO 8601 moment such as 2026-12-05T12:00:00Z")
        }
        guard DemoScale(rawValue: scale) != nil else { throw ValidationError("--scale must be small or met") }
        guard (1...10).contains(years) else { throw ValidationError("--years must be from 1 to 10") }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be from 1 to 65535") }
    }

    func run() async throws {
        var settings = try database.settings(defaultFile: "bluelamp-demo.sqlite")
        if let host { settings.host = host }
        if let port { settings.port = port }
        let app = try await makeApplication(settings: settings)
        do {
            let loader = DemoLoader(
                database: app.db, scale: DemoScale(rawValue: scale)!, seed: seed, years: years,
                now: now.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date(),
                hasher: { try Bcrypt.hash($0, cost: 10) })
            if let fromPoliceUK {
                for imported in try await loader.loadCrimes(fromPoliceUK: fromPoliceUK, progress: TerminalProgress()) {
                    print(imported.summary)
                }
            }
            let report = try await loader.load(progress: TerminalProgress())
            print(report)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        if noServe {
            try await app.asyncShutdown()
            return
        }
        print(
            "Bluelamp demo: http://\(settings.host == "0.0.0.0" ? "127.0.0.1" : settings.host):\(settings.port)/  (Ctrl-C to stop)"
        )
        // Standard output to a pipe or a file is block-buffered and the server never returns to flush it:
        // without this the sign-ins and the address appear only when the process exits.
        fflush(nil)  // every C output stream: standard output among them (naming `stdout` is not concurrency-safe)
        try await serve(app, settings: settings)
    }
}

/// Progress on a terminal: a line redrawn in place when standard error is a terminal, otherwise
/// a line at each tenth.
final class TerminalProgress: @unchecked Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastTenth: [String: Int] = [:]
    private var started: [String: Date] = [:]
    private let lock = NSLock()

    func report(_ label: String, _ done: Int, _ total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let percent = total == 0 ? 100 : done * 100 / total
        let began = started[label] ?? Date()
        started[label] = began
        // How long the step took, once it is done: the demo's timings per step.
        let took = done >= total ? String(format: " in %.1f s", Date().timeIntervalSince(began)) : ""
        if isTerminal {
            let width = 30
            let filled = width * percent / 100
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(
                Data("\r\(label) \(bar) \(percent)% (\(done)/\(total))\(done >= total ? took + "\n" : "")".utf8))
        } else if percent / 10 != lastTenth[label] {
            lastTenth[label] = percent / 10
            FileHandle.standardError.write(Data("\(label): \(done)/\(total)\(took)\n".utf8))
        }
    }
}
