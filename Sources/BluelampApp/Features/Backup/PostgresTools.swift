import Foundation

/// PostgreSQL's own `pg_dump` and `pg_restore`, which back up and restore a PostgreSQL database (issue 21, item 2):
/// found on `PATH`, else the newest under `/usr/lib/postgresql/*/bin` (Debian's layout), else a clear error.
struct PostgresTools {
    var pgDump: String
    var pgRestore: String

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// What a tool wrote and how it ended.
    struct Outcome {
        var status: Int32
        var output: String
        var errors: String

        /// The tool's first error line, for a one-line message (its other lines are context).
        var firstError: String {
            let lines = errors.split(separator: "\n").map(String.init)
            return (lines.first { $0.contains("error") } ?? lines.first ?? "exit status \(status)").prefix(300)
                .description
        }
    }

    static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresTools {
        guard let dump = locate("pg_dump", environment: environment),
            let restore = locate("pg_restore", environment: environment)
        else {
            throw Missing(
                description:
                    "pg_dump and pg_restore were not found on PATH or under /usr/lib/postgresql/*/bin; install PostgreSQL's client tools (Debian: apt-get install postgresql-client)"
            )
        }
        return PostgresTools(pgDump: dump, pgRestore: restore)
    }

    static func locate(_ name: String, environment: [String: String]) -> String? {
        let fm = FileManager.default
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if fm.isExecutableFile(atPath: path) { return path }
        }
        let versions = (try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let path = "/usr/lib/postgresql/\(version)/bin/\(name)"
            if fm.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The URL without its password, and the password, which goes to the tool in `PGPASSWORD` so that it is not on
    /// a command line any user of the machine can read.
    static func connection(url: String) -> (url: String, password: String?) {
        guard var components = URLComponents(string: url) else { return (url, nil) }
        let password = components.password
        components.password = nil
        return (components.string ?? url, password)
    }

    /// Runs a tool to the end, its output and errors going to temporary files (so neither pipe can fill and stall it).
    static func run(_ executable: String, _ arguments: [String], password: String?) async throws -> Outcome {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("bluelamp-pgtool-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out")
        let errURL = base.appendingPathExtension("err")
        guard fm.createFile(atPath: outURL.path, contents: nil), fm.createFile(atPath: errURL.path, contents: nil)
        else {
            throw Missing(description: "cannot write a temporary file for \(executable)'s output")
        }
        defer {
            try? fm.removeItem(at: outURL)
            try? fm.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["PGPASSWORD"] = password }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        // A dump or restore of ten years takes minutes; one still running after four hours is a hung connection.
        let status = try await process.runToEnd(timeout: 4 * 3600) {
            Missing(description: "\(executable) could not start: \($0)")
        }
        try? out.close()
        try? err.close()
        return Outcome(
            status: status, output: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            errors: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
