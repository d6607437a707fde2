import BluelampPersistence
import Fluent
import FluentKit
import Foundation
import SQLKit
import Vapor

/// A PostgreSQL database of its own for each test, so the suite runs side by side on PostgreSQL as it does on SQLite.
///
/// The server named by `BLUELAMP_TEST_DATABASE_URL` holds the test databases; its database there is used only to make
/// and drop them. Once per test process a template is migrated and given the reference data, and each test gets a copy
/// of it (`CREATE DATABASE … TEMPLATE`: the files are copied, no migration runs), dropped when the test ends. The
/// names carry the process's id, so the databases of a run that was killed are dropped by the next run.
public enum TestPostgres {
    /// The suite's PostgreSQL URL; nil when the suite runs on SQLite.
    public static let suiteURL: String? = ProcessInfo.processInfo.environment["BLUELAMP_TEST_DATABASE_URL"]

    /// Every test database's name starts with this.
    static let prefix = "bluelamp_t"

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `body` on a new database, migrated and holding the reference data (`migrated`) or empty, and drops the
    /// database afterwards, whatever `body` did. `body` must have closed its connections when it returns.
    public static func withDatabase<T>(migrated: Bool, _ body: (DatabaseLocation) async throws -> T) async throws -> T {
        guard let suiteURL else { throw Unavailable(description: "BLUELAMP_TEST_DATABASE_URL is not set") }
        await slots.acquire()
        defer { Task { await slots.release() } }
        let template = migrated ? try await migratedTemplate.value : "template0"
        let name = "\(prefix)\(getpid())_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12))"
            .lowercased()
        try await run("CREATE DATABASE \(name) TEMPLATE \(template)", on: suiteURL)
        let location = DatabaseLocation.postgres(url: try url(suiteURL, database: name))
        do {
            let result = try await body(location)
            try await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: suiteURL)
            return result
        } catch {
            try? await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: suiteURL)
            throw error
        }
    }

    /// How many tests hold a database at once. Each application pools up to 4 connections per event loop, and the
    /// server's default `max_connections` is 100: 8 databases stay well inside it, and keep 2 cores busy.
    static let slots = Slots(8)

    /// A counting semaphore: `acquire` waits, in order, while every slot is taken.
    actor Slots {
        private var free: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { free = count }

        func acquire() async {
            if free > 0 {
                free -= 1
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
        }
    }

    /// The migrated template's name, made once per process on first use.
    static let migratedTemplate = Task<String, any Error> {
        guard let suiteURL else { throw Unavailable(description: "BLUELAMP_TEST_DATABASE_URL is not set") }
        try await dropLeftovers(on: suiteURL)
        let name = "\(prefix)\(getpid())_template"
        try await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: suiteURL)
        try await run("CREATE DATABASE \(name) TEMPLATE template0", on: suiteURL)
        let app = try await Application.make(.testing)
        do {
            app.databases.use(
                try DatabaseSetup.configuration(for: .postgres(url: try url(suiteURL, database: name))),
                as: DatabaseID(string: "main"), isDefault: true)
            app.migrations.add(allMigrations)
            try await TestPostgres.migrateTestForce(app)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return name
    }

    /// Applies every migration and seeds the test force's reference data: what each test's database starts with, on
    /// SQLite as in the PostgreSQL template.
    public static func migrateTestForce(_ app: Application) async throws {
        try await app.autoMigrate()
        try await OrganisationStore.seedReferenceData(
            on: app.db, forceCode: "MPS", forceName: "Metropolitan Police Service")
    }

    /// Drops the test databases of processes that are no longer running (a run killed before its tests ended).
    static func dropLeftovers(on suiteURL: String) async throws {
        let names = try await DatabaseSetup.withDatabase(.postgres(url: suiteURL)) { database in
            try await (database as! any SQLDatabase).raw(
                "SELECT datname FROM pg_database WHERE datname LIKE \(bind: prefix + "%")"
            ).all().map { try $0.decode(column: "datname", as: String.self) }
        }
        for name in names {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0.isNumber }), pid != getpid(),
                kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: suiteURL)
        }
    }

    /// The suite's URL with another database named.
    static func url(_ suiteURL: String, database: String) throws -> String {
        guard var components = URLComponents(string: suiteURL) else {
            throw Unavailable(description: "BLUELAMP_TEST_DATABASE_URL is not a URL")
        }
        components.path = "/" + database
        guard let url = components.string else { throw Unavailable(description: "cannot name database \(database)") }
        return url
    }

    /// Runs one statement outside any transaction (`CREATE DATABASE` and `DROP DATABASE` refuse to run inside one).
    static func run(_ statement: String, on suiteURL: String) async throws {
        try await DatabaseSetup.withDatabase(.postgres(url: suiteURL)) { database in
            try await (database as! any SQLDatabase).raw("\(unsafeRaw: statement)").run()
        }
    }
}
