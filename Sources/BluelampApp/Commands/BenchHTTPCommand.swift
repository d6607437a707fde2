import ArgumentParser
import Foundation
import Vapor

/// `bluelamp bench http`: `wrk` against a served database, endpoint by endpoint (issue 20, item 2).
struct BenchHTTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http", abstract: "Measure the served application with wrk: req/s, p50 and p99 per endpoint.",
        discussion: """
            Starts `bluelamp serve` on the database given (a demo: `bluelamp demo --no-serve --scale met --database \
            FILE`) on a free loopback port, then runs `wrk --latency` (the Debian package `wrk`) for --seconds at each \
            number of connections in --connections against: /version (the server's ceiling), /healthz, a \
            non-personal API read (GET /api/v1/bcus), an audited personal read (a crime search, GET \
            /api/v1/crimes?bcu=CE&limit=50), a page (/crimes, signed in as the demo investigator), the PEEL \
            dashboard (/inspection, signed in as the demo performance lead), and a write (POST /api/v1/crimes, each \
            with its own Idempotency-Key). Prints req/s, p50, p99 and errors (non-2xx/3xx answers and socket \
            errors), and each endpoint's req/s as a share of /version's at the same connections. Exits 1 when any \
            request failed.
            """)

    @ArgumentParser.Option(help: "How long each wrk run lasts, in seconds (1–120).")
    var seconds: Int = 10

    @ArgumentParser.Option(help: "Connection counts to measure at, comma-separated.")
    var connections: String = "64,256"

    @ArgumentParser.Flag(help: "Print a Markdown table.")
    var markdown = false

    @OptionGroup var database: DatabaseOptions

    var levels: [Int] { connections.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        guard (1...120).contains(seconds) else { throw ValidationError("--seconds must be from 1 to 120") }
        guard !levels.isEmpty, levels.allSatisfy({ (1...10_000).contains($0) }),
            levels.count == connections.split(separator: ",").count
        else { throw ValidationError("--connections must be whole numbers from 1 to 10000, comma-separated") }
    }

    func run() async throws {
        _ = try database.settings()
        guard let wrk = Self.which("wrk") else {
            throw CommandFailure(message: "wrk is not installed: apt-get install wrk")
        }
        let server = try await SoakServer.start(databaseOption: database.database)
        defer { server.stop() }
        let app = try await Application.make(Environment(name: "production", arguments: ["bluelamp"]))
        app.http.client.configuration.redirectConfiguration = .disallow
        var results: [Result] = []
        do {
            let token = try server.token(username: "investigator")
            let load = SoakLoad(
                client: app.client, base: server.base, token: token, recorder: SoakRecorder(start: .now),
                files: SoakFiles([]))
            guard let investigator = await load.signIn("investigator"),
                let performance = await load.signIn("performance")
            else { throw CommandFailure(message: "the demo users could not sign in: is this a demo database?") }
            let script = try Self.writeScript()
            defer { try? FileManager.default.removeItem(atPath: script) }
            let bearer = "Authorization: Bearer \(token)"
            let targets: [Target] = [
                Target(name: "/version (ceiling)", path: "/version"),
                Target(name: "/healthz", path: "/healthz"),
                Target(name: "API read, not personal (BCUs)", path: "/api/v1/bcus", headers: [bearer]),
                Target(
                    name: "API audited read (crime search)", path: "/api/v1/crimes?bcu=CE&limit=50", headers: [bearer]),
                Target(name: "page /crimes", path: "/crimes", headers: ["Cookie: bluelamp_session=\(investigator)"]),
                Target(
                    name: "PEEL dashboard /inspection", path: "/inspection",
                    headers: ["Cookie: bluelamp_session=\(performance)"]),
                Target(
                    name: "API write (create a crime)", path: "/api/v1/crimes",
                    headers: [bearer, "Content-Type: application/json"], script: script),
            ]
            print("bench http: wrk \(seconds) s per run against \(server.base) (server pid \(server.pid))")
            for level in levels {
                for target in targets {
                    let result = try Self.measure(wrk, server.base, target, connections: level, seconds: seconds)
                    results.append(result)
                    print(result.line(ceiling: nil))
                }
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        print(Self.table(results, markdown: markdown))
        let failed = results.reduce(0) { $0 + $1.errors }
        if failed > 0 { throw CommandFailure(message: "\(failed) requests failed") }
    }

    struct Target {
        var name: String
        var path: String
        var headers: [String] = []
        var script: String? = nil
    }

    struct Result {
        var name: String
        var connections: Int
        var requestsPerSecond: Double
        var p50: Double
        var p99: Double
        /// Each kind of error wrk counted, in its words (`connect`, `read`, `write`, `timeout`, `non-2xx`), with none
        /// left out that is above zero: a timeout is the load, an answer not 2xx or 3xx is the server's.
        var errorKinds: [(kind: String, count: Int)] = []

        var errors: Int { errorKinds.reduce(0) { $0 + $1.count } }

        /// `3 (2 timeout, 1 non-2xx)`, or `0`.
        var errorText: String {
            errors == 0
                ? "0" : "\(errors) (" + errorKinds.map { "\($0.count) \($0.kind)" }.joined(separator: ", ") + ")"
        }

        func line(ceiling: Double?) -> String {
            String(
                format: "%@ at %d connections: %.0f req/s, p50 %.1f ms, p99 %.1f ms, %@ errors%@", name, connections,
                requestsPerSecond, p50, p99, errorText, ceiling.map { String(format: " (%.2f× /version)", $0) } ?? "")
        }
    }

    static func measure(_ wrk: String, _ base: String, _ target: Target, connections: Int, seconds: Int) throws
        -> Result
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        var arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency", "--timeout", "10s"]
        for header in target.headers { arguments += ["-H", header] }
        if let script = target.script { arguments += ["-s", script] }
        process.arguments = arguments + [base + target.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let result = parse(text, name: target.name, connections: connections)
        else {
            throw CommandFailure(message: "wrk failed on \(target.path): \(text.prefix(300))")
        }
        return result
    }

    /// Reads wrk's report: `Requests/sec`, the 50% and 99% lines of `--latency`, and the error lines.
    static func parse(_ text: String, name: String, connections: Int) -> Result? {
        var rate: Double?
        var p50: Double?
        var p99: Double?
        var kinds: [(kind: String, count: Int)] = []
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), let last = fields.last { rate = Double(last) }
            if fields.count == 2, fields[0] == "50%" { p50 = milliseconds(String(fields[1])) }
            if fields.count == 2, fields[0] == "99%" { p99 = milliseconds(String(fields[1])) }
            if line.hasPrefix("Socket errors:") {
                // "Socket errors: connect 0, read 0, write 0, timeout 0"
                for part in line.dropFirst("Socket errors:".count).split(separator: ",") {
                    let words = part.split(separator: " ")
                    if words.count == 2, let count = Int(words[1]), count > 0 {
                        kinds.append((String(words[0]), count))
                    }
                }
            }
            if line.hasPrefix("Non-2xx or 3xx responses:"), let last = fields.last, let count = Int(last), count > 0 {
                kinds.append(("non-2xx", count))
            }
        }
        guard let rate, let p50, let p99 else { return nil }
        return Result(
            name: name, connections: connections, requestsPerSecond: rate, p50: p50, p99: p99, errorKinds: kinds)
    }

    /// wrk's durations: `812.00us`, `1.23ms`, `2.01s`.
    static func milliseconds(_ text: String) -> Double? {
        for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * scale }
        }
        return nil
    }

    static func table(_ results: [Result], markdown: Bool) -> String {
        var lines: [String] = []
        if markdown {
            lines.append("| Endpoint | Connections | req/s | × /version | p50 (ms) | p99 (ms) | Errors |")
            lines.append("|---|---:|---:|---:|---:|---:|---:|")
        }
        for result in results {
            let ceiling = results.first { $0.connections == result.connections && $0.name.hasPrefix("/version") }
            let share =
                (ceiling?.requestsPerSecond ?? 0) > 0 ? result.requestsPerSecond / ceiling!.requestsPerSecond : 0
            if markdown {
                lines.append(
                    String(
                        format: "| %@ | %d | %.0f | %.2f | %.1f | %.1f | %@ |", result.name, result.connections,
                        result.requestsPerSecond, share, result.p50, result.p99, result.errorText))
            } else {
                lines.append(result.line(ceiling: share))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The write's wrk script: each request a new crime with an idempotency key of its own.
    static func writeScript() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bluelamp-bench-write-\(UUID().uuidString).lua"
        ).path
        let body =
            #"{"category":"burglary","bcu":"CE","reported_at":"2026-01-10T09:30:00Z","place":"Flat 2, Bench Road","#
            + #""victim":{"given_name":"Ana","family_name":"Bench","date_of_birth":"1980-02-03","#
            + #""contact_preference":"email"}}"#
        let script = """
            local n = 0
            local prefix = ""
            function init(args)
              prefix = os.time() .. "-" .. tostring({}):sub(8)
            end
            function request()
              n = n + 1
              wrk.headers["Idempotency-Key"] = "bench-" .. prefix .. "-" .. n
              return wrk.format("POST", nil, nil, [[\(body)]])
            end
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
