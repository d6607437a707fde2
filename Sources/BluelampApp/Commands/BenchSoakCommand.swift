import ArgumentParser
import BluelampCore
import Foundation
import NIOCore
import Vapor

/// `bluelamp bench soak --minutes N`: a mixed load against a served database for N minutes (issue 21, item 4).
struct BenchSoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak", abstract: "Drive a mixed load against a served demo: errors, p99 and memory per minute.",
        discussion: """
            Starts `bluelamp serve` on the database given (a demo: `bluelamp demo --no-serve --scale met --database \
            FILE`) on a free loopback port, and drives it with --clients clients at once for --minutes minutes. Each \
            client in turn: signs in as a demo user through the sign-in form, reads three pages (home, crimes and \
            account; the performance lead home and the PEEL dashboard and indicators) and signs out; makes API reads with a token (the BCUs, a crime search, a crime and its \
            victim); and records a new crime through the API with an idempotency key. Once a minute one client \
            uploads a police.uk file from --import-dir through the import page (each file once, in name order). \
            Prints, per minute, the requests, the errors, p50 and p99, and the server's resident memory. Exits 1 \
            when any request failed, when the resident memory grew 10% or more from the first minute to the last, or \
            when the last minute's p99 is more than twice the first minute's.
            """)

    @ArgumentParser.Option(help: "How long to run, in minutes (1–120).")
    var minutes: Int = 10

    @ArgumentParser.Option(help: "Clients at once (1–256).")
    var clients: Int = 16

    @ArgumentParser.Option(
        name: .customLong("import-dir"),
        help: "A folder of police.uk street files (.csv or .csv.gz) to upload, one a minute. Omit to upload none.")
    var importDirectory: String?

    @ArgumentParser.Flag(help: "Print the per-minute table in Markdown.")
    var markdown = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (1...120).contains(minutes) else { throw ValidationError("--minutes must be from 1 to 120") }
        guard (1...256).contains(clients) else { throw ValidationError("--clients must be from 1 to 256") }
        if let importDirectory, !FileManager.default.fileExists(atPath: importDirectory) {
            throw ValidationError("--import-dir: there is no folder \(importDirectory)")
        }
    }

    func run() async throws {
        _ = try database.settings()  // refuses a bad DATABASE_URL or --database before anything starts
        let files = try importDirectory.map(Self.importFiles) ?? []
        let server = try await SoakServer.start(databaseOption: database.database)
        defer { server.stop() }
        let app = try await Application.make(Environment(name: "production", arguments: ["bluelamp"]))
        app.http.client.configuration.redirectConfiguration = .disallow
        app.http.client.configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = clients
        app.http.client.configuration.timeout = .init(connect: .seconds(30), read: .seconds(120))
        let recorder = SoakRecorder(start: ContinuousClock.now)
        do {
            let token = try server.token(username: "investigator")
            let load = SoakLoad(
                client: app.client, base: server.base, token: token, recorder: recorder, files: SoakFiles(files))
            try await load.prepare()
            print("Soak: \(clients) clients for \(minutes) min against \(server.base) (server pid \(server.pid)).")
            let deadline = ContinuousClock.now + .seconds(minutes * 60)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<clients {
                    group.addTask { await load.client(index, until: deadline) }
                }
                group.addTask {
                    // The server's resident memory at the end of each minute.
                    for minute in 0..<minutes {
                        try await Task.sleep(until: recorder.start + .seconds((minute + 1) * 60) - .milliseconds(200))
                        await recorder.memory(minute: minute, kilobytes: server.residentKilobytes())
                    }
                }
                try await group.waitForAll()
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        let summary = await recorder.summary(minutes: minutes, markdown: markdown)
        print(summary.text)
        if !summary.passed { throw CommandFailure(message: summary.verdict) }
    }

    static func importFiles(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".csv") || $0.hasSuffix(".csv.gz") }.sorted()
            .map { URL(fileURLWithPath: directory).appendingPathComponent($0).path }
    }
}

/// `bluelamp serve` as a child process on a free loopback port, its log in a temporary file.
final class SoakServer: @unchecked Sendable {
    let process: Process
    let base: String
    let databaseOption: String?
    var pid: Int32 { process.processIdentifier }

    private init(process: Process, base: String, databaseOption: String?) {
        self.process = process
        self.base = base
        self.databaseOption = databaseOption
    }

    static var executable: String { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path }

    static func start(databaseOption: String?) async throws -> SoakServer {
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            ["serve", "--host", "127.0.0.1", "--port", String(port)]
            + (databaseOption.map { ["--database", $0] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["BLUELAMP_API_RATE_LIMIT"] = "100000000"  // one token sends the whole API load
        environment["BLUELAMP_LOG_LEVEL"] = "warning"
        process.environment = environment
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("bluelamp-soak-server.log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw CommandFailure(message: "could not create the server's log at \(log.path)")
        }
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let server = SoakServer(process: process, base: "http://127.0.0.1:\(port)", databaseOption: databaseOption)
        // Up to two minutes for migrations and start-up on a large database.
        for _ in 0..<600 {
            guard process.isRunning else {
                throw CommandFailure(message: "the server stopped while starting; its log is \(log.path)")
            }
            if (try? connectable(port: port)) == true { return server }
            try await Task.sleep(for: .milliseconds(200))
        }
        server.stop()
        throw CommandFailure(message: "the server did not start listening within two minutes; its log is \(log.path)")
    }

    /// An API token for a demo user, made by `bluelamp token create` on the same database.
    func token(username: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments =
            ["token", "create", "--username", username, "--name", "soak \(UUID().uuidString.prefix(8))", "--days", "1"]
            + (databaseOption.map { ["--database", $0] } ?? [])
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !token.isEmpty, !token.contains(" ") else {
            throw CommandFailure(message: "could not make an API token for \(username): is this a demo database?")
        }
        return token
    }

    /// The server's resident set size (VmRSS), in kilobytes.
    func residentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CommandFailure(message: "cannot open a socket to find a free port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw CommandFailure(message: "cannot find a free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func connectable(port: Int) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// The police.uk files still to upload, handed out one a minute.
actor SoakFiles {
    private var files: [String]
    private var nextMinute = 0

    init(_ files: [String]) { self.files = files }

    /// The next file, when this minute's has not been handed out yet.
    func take(minute: Int) -> String? {
        guard minute >= nextMinute, !files.isEmpty else { return nil }
        nextMinute = minute + 1
        return files.removeFirst()
    }
}

/// What every client does.
struct SoakLoad: Sendable {
    let client: any Client
    let base: String
    let token: String
    let recorder: SoakRecorder
    let files: SoakFiles
    /// Demo users who sign in through the form, and the one who uploads (the allocator may import).
    static let people = ["investigator", "supervisor", "allocator", "performance"]
    /// What each reads once signed in: the performance lead the PEEL pages, the others their crime pages.
    static func pages(for username: String) -> [String] {
        username == "performance" ? ["/", "/inspection", "/inspection/indicators"] : ["/", "/crimes", "/account"]
    }

    /// Finds a crime for the API's personal read: the first of a search in the token's BCU.
    func prepare() async throws {
        let response = try await client.get(URI(string: "\(base)/api/v1/crimes?bcu=CE&limit=1"), headers: bearer)
        guard response.status == .ok else {
            throw CommandFailure(message: "the API crime search answered \(response.status.code) before the load began")
        }
        let crime = Self.firstID(response)
        guard let crime else { throw CommandFailure(message: "the database holds no crime in CE: load a demo first") }
        await recorder.setCrime(crime)
    }

    var bearer: HTTPHeaders { ["Authorization": "Bearer \(token)"] }

    func client(_ index: Int, until deadline: ContinuousClock.Instant) async {
        var round = 0
        while ContinuousClock.now < deadline {
            let minute = recorder.minute(at: ContinuousClock.now)
            if let file = await files.take(minute: minute) {
                await upload(file, index: index)
            }
            switch round % 3 {
            case 0: await browse(as: Self.people[(index + round) % Self.people.count])
            case 1: await apiReads()
            default: await apiWrite(key: "soak-\(index)-\(round)-\(UUID().uuidString.prefix(8))")
            }
            round += 1
        }
    }

    // MARK: - The requests

    private func browse(as username: String) async {
        guard let session = await signIn(username) else { return }
        var csrf: String?
        for page in Self.pages(for: username) {
            let response = await timed("page \(page)", expect: [.ok]) {
                try await client.get(URI(string: base + page), headers: ["Cookie": "bluelamp_session=\(session)"])
            }
            if let response, csrf == nil { csrf = Self.csrf(in: response) }
        }
        guard let csrf else { return }
        await timed("sign-out", expect: [.seeOther, .found]) {
            try await client.post(
                URI(string: base + "/sign-out"),
                headers: ["Cookie": "bluelamp_session=\(session)", "Content-Type": "application/x-www-form-urlencoded"]
            ) { $0.body = ByteBuffer(string: "csrf=\(csrf)") }
        }
    }

    /// Signs in through the form; the session cookie's value, or nil when refused.
    func signIn(_ username: String) async -> String? {
        guard let password = DemoLoader.users.first(where: { $0.username == username })?.password else { return nil }
        let anonymous = "soak-\(UUID().uuidString)"
        let response = await timed("sign-in", expect: [.seeOther, .found]) {
            try await client.post(
                URI(string: base + "/sign-in"),
                headers: ["Cookie": "bluelamp_csrf=\(anonymous)", "Content-Type": "application/x-www-form-urlencoded"]
            ) { $0.body = ByteBuffer(string: "username=\(username)&password=\(password)&csrf=\(anonymous)&next=/") }
        }
        return response?.headers.setCookie?["bluelamp_session"]?.string
    }

    private func apiReads() async {
        let crime = await recorder.crime
        let reads = [
            ("api BCUs", "/api/v1/bcus"), ("api crime search", "/api/v1/crimes?bcu=CE&limit=20"),
            ("api crime and victim", "/api/v1/crimes/\(crime)"),
        ]
        for (what, path) in reads {
            await timed(what, expect: [.ok]) {
                try await client.get(URI(string: base + path), headers: bearer)
            }
        }
    }

    private func apiWrite(key: String) async {
        let body = """
            {"category":"burglary","bcu":"CE","reported_at":"2026-01-10T09:30:00Z","place":"Flat 2, Soak Road",\
            "victim":{"given_name":"Ana","family_name":"Soak","date_of_birth":"1980-02-03","contact_preference":"email"}}
            """
        await timed("api create crime", expect: [.created]) {
            try await client.post(
                URI(string: base + "/api/v1/crimes"),
                headers: bearer.merging(["Content-Type": "application/json", "Idempotency-Key": key])
            ) { $0.body = ByteBuffer(string: body) }
        }
    }

    /// Uploads one police.uk file through the import page, signed in as the allocator.
    private func upload(_ path: String, index: Int) async {
        guard let session = await signIn("allocator") else { return }
        let cookie: HTTPHeaders = ["Cookie": "bluelamp_session=\(session)"]
        guard
            let form = await timed(
                "page /imports", expect: [.ok],
                { try await client.get(URI(string: base + "/imports"), headers: cookie) }),
            let csrf = Self.csrf(in: form), let data = FileManager.default.contents(atPath: path)
        else { return }
        let boundary = "bluelamp-soak-\(UUID().uuidString)"
        let name = URL(fileURLWithPath: path).lastPathComponent
        var body = ByteBuffer()
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n--\(boundary)\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        await timed("import upload", expect: [.ok]) {
            try await client.post(
                URI(string: base + "/imports"),
                headers: cookie.merging(["Content-Type": "multipart/form-data; boundary=\(boundary)"])
            ) { $0.body = body }
        }
    }

    /// Sends one request, timing it and recording whether it was answered as expected.
    @discardableResult
    private func timed(
        _ what: String, expect: Set<HTTPResponseStatus>, _ send: () async throws -> ClientResponse
    ) async -> ClientResponse? {
        let started = ContinuousClock.now
        do {
            let response = try await send()
            let ok = expect.contains(response.status)
            await recorder.record(
                what, at: started, took: ContinuousClock.now - started,
                error: ok ? nil : "\(what): \(response.status.code)")
            return ok ? response : nil
        } catch {
            await recorder.record(
                what, at: started, took: ContinuousClock.now - started, error: "\(what): \(type(of: error))")
            return nil
        }
    }

    static func csrf(in response: ClientResponse) -> String? {
        guard let html = response.body.map({ String(buffer: $0) }),
            let range = html.range(of: #"name="csrf" value=""#)
        else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func firstID(_ response: ClientResponse) -> Int? {
        guard let body = response.body, let data = body.getData(at: body.readerIndex, length: body.readableBytes),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let items = object["items"] as? [[String: Any]]
        else { return nil }
        return items.first?["id"] as? Int
    }
}

extension HTTPHeaders {
    fileprivate func merging(_ other: HTTPHeaders) -> HTTPHeaders {
        var headers = self
        for (name, value) in other { headers.replaceOrAdd(name: name, value: value) }
        return headers
    }
}

/// The load's figures, minute by minute.
actor SoakRecorder {
    nonisolated let start: ContinuousClock.Instant
    private(set) var crime = 0
    private var latencies: [Int: [Double]] = [:]
    private var byKind: [String: [Double]] = [:]
    private var kindErrors: [String: Int] = [:]
    private var errors: [Int: Int] = [:]
    private var firstErrors: [String] = []
    private var memory: [Int: Int] = [:]

    init(start: ContinuousClock.Instant) { self.start = start }

    nonisolated func minute(at instant: ContinuousClock.Instant) -> Int {
        let elapsed = instant - start
        return Int(elapsed.components.seconds / 60)
    }

    func setCrime(_ id: Int) { crime = id }

    func record(_ kind: String, at instant: ContinuousClock.Instant, took: Duration, error: String?) {
        let minute = minute(at: instant)
        let ms = Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15
        latencies[minute, default: []].append(ms)
        byKind[kind, default: []].append(ms)
        if let error {
            kindErrors[kind, default: 0] += 1
            errors[minute, default: 0] += 1
            if firstErrors.count < 10 { firstErrors.append(error) }
        }
    }

    func memory(minute: Int, kilobytes: Int) { memory[minute] = kilobytes }

    struct Summary {
        var text: String
        var passed: Bool
        var verdict: String
    }

    func summary(minutes: Int, markdown: Bool) -> Summary {
        var lines: [String] = []
        if markdown {
            lines.append("| Minute | Requests | Errors | p50 (ms) | p99 (ms) | Server RSS (MB) |")
            lines.append("|---:|---:|---:|---:|---:|---:|")
        } else {
            lines.append("minute  requests  errors   p50 ms   p99 ms   RSS MB")
        }
        var p99s: [Double] = []
        for minute in 0..<minutes {
            let sorted = (latencies[minute] ?? []).sorted()
            let p50 = Self.percentile(sorted, 0.50)
            let p99 = Self.percentile(sorted, 0.99)
            p99s.append(p99)
            let rss = Double(memory[minute] ?? 0) / 1024
            let cells = [
                "\(minute + 1)", "\(sorted.count)", "\(errors[minute] ?? 0)", String(format: "%.1f", p50),
                String(format: "%.1f", p99), String(format: "%.0f", rss),
            ]
            lines.append(
                markdown
                    ? "| " + cells.joined(separator: " | ") + " |"
                    : zip(cells, [6, 10, 8, 9, 9, 9]).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                        .joined())
        }
        lines.append(markdown ? "" : "by request:")
        if markdown {
            lines.append("| Request | Count | Errors | p50 (ms) | p99 (ms) |")
            lines.append("|---|---:|---:|---:|---:|")
        }
        for (kind, values) in byKind.sorted(by: { $0.key < $1.key }) {
            let sorted = values.sorted()
            let cells = [
                kind, "\(sorted.count)", "\(kindErrors[kind] ?? 0)",
                String(format: "%.1f", Self.percentile(sorted, 0.5)),
                String(format: "%.1f", Self.percentile(sorted, 0.99)),
            ]
            lines.append(
                markdown
                    ? "| " + cells.joined(separator: " | ") + " |"
                    : "  "
                        + zip(cells, [28, 8, 8, 9, 9]).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                        .joined())
        }
        let total = latencies.values.reduce(0) { $0 + $1.count }
        let failed = errors.values.reduce(0, +)
        let firstRSS = Double(memory[0] ?? 0)
        let lastRSS = Double(memory[minutes - 1] ?? 0)
        let growth = firstRSS > 0 ? (lastRSS - firstRSS) / firstRSS * 100 : 0
        let p99Ratio = (p99s.first ?? 0) > 0 ? (p99s.last ?? 0) / p99s[0] : 1
        var problems: [String] = []
        if failed > 0 { problems.append("\(failed) requests failed (first: \(firstErrors.joined(separator: "; ")))") }
        if growth >= 10 { problems.append(String(format: "resident memory grew %.1f%%", growth)) }
        if minutes > 1 && p99Ratio > 2 { problems.append(String(format: "p99 rose %.1f×", p99Ratio)) }
        lines.append(
            String(
                format: "%d requests, %d errors; resident memory %.0f MB → %.0f MB (%+.1f%%); p99 last/first %.2f×.",
                total, failed, firstRSS / 1024, lastRSS / 1024, growth, p99Ratio))
        let verdict = problems.isEmpty ? "passed" : problems.joined(separator: "; ")
        lines.append("Soak \(verdict).")
        return Summary(text: lines.joined(separator: "\n"), passed: problems.isEmpty, verdict: verdict)
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }
}
