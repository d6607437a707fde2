import ArgumentParser
import BluelampPersistence
import Foundation
import Logging
import Vapor

/// `bluelamp`: the one executable. Each subcommand runs one thing; every one that touches data takes
/// `--database PATH` (a SQLite file) or uses `DATABASE_URL`.
public struct BluelampCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bluelamp",
        abstract: "Bluelamp: crime allocation, offender management, victims and PEEL readiness for a police force.",
        subcommands: [
            ServeCommand.self, DemoCommand.self, MigrateCommand.self, UserCommand.self, TokenCommand.self,
            AuditCommand.self, InspectionCommand.self, IndicatorsCommand.self,
            PlanVisitsCommand.self, AllocateCommand.self, AllocationCommand.self, BenchCommand.self, ImportCommand.self,
            ExportCommand.self, VictimsCodeCommand.self, ForensicsCommand.self, DashCommand.self,
            BackupCommand.self, RestoreCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line, turning every failure into one clear line and a non-zero exit.
    public static func run(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            return 0
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
            return failure.code
        } catch let error as Settings.Invalid {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            return 2
        } catch let error as DatabaseSetup.Failure {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            return 1
        } catch let error as DatabaseLocation.Invalid {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            return 2
        } catch {
            let code = exitCode(for: error).rawValue
            if code == 0 {
                // --help and --version print to standard output.
                print(fullMessage(for: error))
            } else if isArgumentError(error) {
                FileHandle.standardError.write(Data("\(fullMessage(for: error))\n".utf8))
            } else {
                FileHandle.standardError.write(Data("error: \(CommandFailure.describe(error))\n".utf8))
                return 1
            }
            return code
        }
    }

    static func isArgumentError(_ error: any Error) -> Bool {
        String(describing: type(of: error)).contains("CommandError") || error is ValidationError
            || error is ArgumentParser.ExitCode
    }
}

/// A failure a command reports in one line.
struct CommandFailure: Error {
    var message: String
    var code: Int32 = 1

    /// One line for any error: bind failures and database errors get plain words.
    static func describe(_ error: any Error) -> String {
        if DatabaseSetup.isStorageFull(error) { return DatabaseSetup.storageFullMessage }
        let text = String(reflecting: error)
        if text.contains("Address already in use") || text.contains("errno: 98") {
            return "the port is already in use; stop the other server or choose another port with --port"
        }
        if text.contains("Cannot assign requested address") || text.contains("errno: 99") {
            return "cannot listen on that host address"
        }
        if text.contains("Permission denied") && text.contains("bind") {
            return "not allowed to listen on that port (ports below 1024 need privileges)"
        }
        return String(String(describing: error).split(separator: "\n").first?.prefix(300) ?? "")
    }
}

/// Options every data command shares.
struct DatabaseOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: "A SQLite database file to use instead of DATABASE_URL.")
    var database: String?

    func settings(defaultFile: String = "bluelamp.sqlite") throws -> Settings {
        let env = ProcessInfo.processInfo.environment
        var settings = try Settings(environment: env)
        settings.database = try DatabaseLocation.resolve(option: database, environment: env, defaultFile: defaultFile)
        return settings
    }
}

/// One-shot commands speak for themselves in one line; the framework's own error logs would repeat it.
func quietLogLevel() -> String {
    ProcessInfo.processInfo.environment["BLUELAMP_LOG_LEVEL"] ?? "critical"
}

/// Builds and configures an application for a command; the caller shuts it down.
/// Runs a command's work on an application made for `settings`, shutting it down afterwards whether the
/// work succeeded or not.
func withApplication<T>(settings: Settings, _ body: (Application) async throws -> T) async throws -> T {
    let app = try await makeApplication(settings: settings)
    do {
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

func makeApplication(settings: Settings, arguments: [String] = ["bluelamp"]) async throws -> Application {
    let app = try await Application.make(Environment(name: "production", arguments: arguments))
    do {
        try await configure(app, settings: settings)
    } catch {
        try? await app.asyncShutdown()
        if let failure = error as? DatabaseSetup.Failure { throw failure }
        throw DatabaseSetup.Failure(DatabaseSetup.describe(error, location: settings.database))
    }
    return app
}

/// Runs the HTTP server until SIGTERM or SIGINT, then shuts down gracefully: the server stops first, refusing new
/// requests with 503 and letting those in flight finish (`BluelampServer.shutdown`), and only then does the
/// application close its databases. (Vapor's own order closes the databases first: its lifecycle handlers run
/// before the serve command's shutdown, which would fail the requests still in flight.)
func serve(_ app: Application, settings: Settings) async throws {
    app.environment.arguments = ["bluelamp", "serve", "--hostname", settings.host, "--port", String(settings.port)]
    do {
        try await app.execute()
    } catch {
        try? await app.asyncShutdown()
        throw CommandFailure(message: CommandFailure.describe(error))
    }
    await app.server.shutdown()
    try await app.asyncShutdown()
}

/// Logging for the process: one line per event on standard error, with metadata (the request id).
public func bootstrapLogging(level: String) {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = Logger.Level(rawValue: level) ?? .info
        return handler
    }
}
