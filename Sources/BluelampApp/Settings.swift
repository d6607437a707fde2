import BluelampPersistence
import Foundation

/// Every setting Bluelamp reads, in one place, with its development default beside it.
/// Built once from the environment by the entry point; tests build one by hand.
public struct Settings: Sendable {
    /// `DATABASE_URL`; unset means the SQLite file `bluelamp.sqlite`.
    public var database: DatabaseLocation
    /// `BLUELAMP_HOST` (default 127.0.0.1) and `BLUELAMP_PORT` (default 8080).
    public var host: String
    public var port: Int
    /// `BLUELAMP_FORCE_NAME`: shown in every page header.
    public var forceName: String
    /// `BLUELAMP_FORCE_CODE`: the force's short code.
    public var forceCode: String
    /// `BLUELAMP_SECURE_COOKIES`: `true` behind TLS, so cookies carry `Secure`.
    public var secureCookies: Bool
    /// `BLUELAMP_TRUST_FORWARDED_FOR`: `true` behind a load balancer that sets `X-Forwarded-For` itself, so the
    /// sign-in lockout and the audit log see each client's address rather than the load balancer's.
    public var trustForwardedFor = false
    /// `BLUELAMP_SESSION_IDLE_MINUTES` (default 30).
    public var sessionIdleLimit: TimeInterval
    /// `BLUELAMP_LOCKOUT_MINUTES` (default 15): how long 5 failed sign-ins lock an account or address.
    public var lockoutPeriod: TimeInterval
    /// `BLUELAMP_LOG_LEVEL` (default info).
    public var logLevel: String
    /// `BLUELAMP_METRICS_TOKEN`: the bearer token `/metrics` requires; unset means metrics need an administrator's token.
    public var metricsToken: String?
    /// Whether to apply migrations on start (`BLUELAMP_AUTO_MIGRATE`, default true).
    public var autoMigrate: Bool
    /// `BLUELAMP_API_RATE_LIMIT` (default 120): API requests a token may make per minute, per server instance.
    public var apiRateLimit: Int = 120
    /// What a connection may send before a route sees it: request line and header sizes, the head and idle
    /// timeouts (`BLUELAMP_HEAD_TIMEOUT_SECONDS`, `BLUELAMP_IDLE_TIMEOUT_SECONDS`); see `RequestLimits`.
    public var requestLimits = RequestLimits()
    /// `BLUELAMP_BACKUP_DIR`: where the daily jobs write one backup a day (`DatabaseBackup.nightly`); unset, none.
    public var backupDirectory: String?
    /// `BLUELAMP_BACKUP_KEEP` (default 7): how many of its nightly backups the job keeps; older ones it deletes.
    public var backupKeep: Int = 7
    /// `BLUELAMP_INDICATOR_REFRESH_SECONDS` (default 300): how often the server recomputes every indicator for the force
    /// and each BCU (`IndicatorRefresher`), so the dashboard reads stored figures, shown with their "as of" time;
    /// 0 computes the figures on every request instead.
    public var indicatorRefresh: TimeInterval = 300

    public init(
        database: DatabaseLocation = .sqliteFile(path: "bluelamp.sqlite"), host: String = "127.0.0.1", port: Int = 8080,
        forceName: String = "Metropolitan Police Service", forceCode: String = "MPS", secureCookies: Bool = false,
        sessionIdleLimit: TimeInterval = 30 * 60, lockoutPeriod: TimeInterval = 15 * 60, logLevel: String = "info",
        metricsToken: String? = nil, autoMigrate: Bool = true
    ) {
        self.database = database
        self.host = host
        self.port = port
        self.forceName = forceName
        self.forceCode = forceCode
        self.secureCookies = secureCookies
        self.sessionIdleLimit = sessionIdleLimit
        self.lockoutPeriod = lockoutPeriod
        self.logLevel = logLevel
        self.metricsToken = metricsToken
        self.autoMigrate = autoMigrate
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the environment. Bad values are refused with the variable's name, never ignored.
    public init(environment env: [String: String]) throws {
        self.init()
        if let url = env["DATABASE_URL"], !url.isEmpty {
            do { database = try DatabaseLocation(url: url) } catch { throw Invalid(description: "\(error)") }
        }
        if let host = env["BLUELAMP_HOST"], !host.isEmpty { self.host = host }
        if let port = env["BLUELAMP_PORT"], !port.isEmpty {
            guard let n = Int(port), (1...65535).contains(n) else {
                throw Invalid(description: "BLUELAMP_PORT must be a port number from 1 to 65535 (got \"\(port)\")")
            }
            self.port = n
        }
        if let name = env["BLUELAMP_FORCE_NAME"], !name.isEmpty { forceName = name }
        if let code = env["BLUELAMP_FORCE_CODE"], !code.isEmpty { forceCode = code }
        secureCookies = try Settings.flag(env, "BLUELAMP_SECURE_COOKIES", default: false)
        trustForwardedFor = try Settings.flag(env, "BLUELAMP_TRUST_FORWARDED_FOR", default: false)
        autoMigrate = try Settings.flag(env, "BLUELAMP_AUTO_MIGRATE", default: true)
        if let minutes = env["BLUELAMP_SESSION_IDLE_MINUTES"], !minutes.isEmpty {
            guard let n = Int(minutes), n > 0 else {
                throw Invalid(description: "BLUELAMP_SESSION_IDLE_MINUTES must be a positive whole number")
            }
            sessionIdleLimit = TimeInterval(n * 60)
        }
        if let minutes = env["BLUELAMP_LOCKOUT_MINUTES"], !minutes.isEmpty {
            guard let n = Int(minutes), n > 0 else {
                throw Invalid(description: "BLUELAMP_LOCKOUT_MINUTES must be a positive whole number")
            }
            lockoutPeriod = TimeInterval(n * 60)
        }
        if let level = env["BLUELAMP_LOG_LEVEL"], !level.isEmpty {
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard levels.contains(level) else {
                throw Invalid(description: "BLUELAMP_LOG_LEVEL must be one of \(levels.joined(separator: ", "))")
            }
            logLevel = level
        }
        if let token = env["BLUELAMP_METRICS_TOKEN"], !token.isEmpty { metricsToken = token }
        if let limit = env["BLUELAMP_API_RATE_LIMIT"], !limit.isEmpty {
            guard let n = Int(limit), n > 0 else {
                throw Invalid(description: "BLUELAMP_API_RATE_LIMIT must be a positive whole number")
            }
            apiRateLimit = n
        }
        requestLimits = try RequestLimits(environment: env)
        if let seconds = env["BLUELAMP_INDICATOR_REFRESH_SECONDS"], !seconds.isEmpty {
            guard let n = Int(seconds), n >= 0, n <= 86_400 else {
                throw Invalid(
                    description: "BLUELAMP_INDICATOR_REFRESH_SECONDS must be a whole number of seconds from 0 to 86400")
            }
            indicatorRefresh = TimeInterval(n)
        }
        if let directory = env["BLUELAMP_BACKUP_DIR"], !directory.isEmpty { backupDirectory = directory }
        if let keep = env["BLUELAMP_BACKUP_KEEP"], !keep.isEmpty {
            guard let n = Int(keep), n > 0 else {
                throw Invalid(description: "BLUELAMP_BACKUP_KEEP must be a positive whole number")
            }
            backupKeep = n
        }
    }

    static func flag(_ env: [String: String], _ key: String, default value: Bool) throws -> Bool {
        guard let raw = env[key], !raw.isEmpty else { return value }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw Invalid(description: "\(key) must be true or false (got \"\(raw)\")")
        }
    }

    /// Settings for a test: the given database, everything else default, except that indicators are computed on
    /// every request (a test that changes records and reads a figure sees the change; `IndicatorCurrentTests` tests
    /// the stored figures).
    public static func testing(database: DatabaseLocation) -> Settings {
        var settings = Settings(database: database, logLevel: "warning")
        settings.indicatorRefresh = 0
        return settings
    }
}
