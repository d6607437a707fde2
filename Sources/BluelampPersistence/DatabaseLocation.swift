import Foundation

/// Where the data lives: a SQLite file (the default), SQLite in memory (tests), or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqliteFile(path: String)
    case sqliteInMemory
    case postgres(url: String)

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `DATABASE_URL`: `sqlite::memory:`, `sqlite:PATH`, `sqlite://PATH`, or `postgres://…` / `postgresql://…`.
    public init(url: String) throws {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        if trimmed == "sqlite::memory:" || trimmed == "sqlite://:memory:" {
            self = .sqliteInMemory
        } else if trimmed.hasPrefix("sqlite://") {
            let path = String(trimmed.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw Invalid(description: "DATABASE_URL \"sqlite://\" names no file") }
            self = .sqliteFile(path: path)
        } else if trimmed.hasPrefix("sqlite:") {
            let path = String(trimmed.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw Invalid(description: "DATABASE_URL \"sqlite:\" names no file") }
            self = .sqliteFile(path: path)
        } else if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: trimmed), let host = components.host, !host.isEmpty else {
                throw Invalid(
                    description:
                        "DATABASE_URL is not a valid postgres:// URL (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)"
                )
            }
            guard components.path.count > 1 else {
                throw Invalid(
                    description: "DATABASE_URL names no database (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)"
                )
            }
            self = .postgres(url: trimmed)
        } else {
            throw Invalid(
                description:
                    "DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got \"\(DatabaseLocation.redacted(trimmed))\")"
            )
        }
    }

    /// The location for a `--database PATH` option or `DATABASE_URL`, defaulting to `defaultFile`.
    public static func resolve(option path: String?, environment: [String: String], defaultFile: String) throws
        -> DatabaseLocation
    {
        if let path, !path.isEmpty { return .sqliteFile(path: path) }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return try DatabaseLocation(url: url) }
        return .sqliteFile(path: defaultFile)
    }

    public var isPostgres: Bool { if case .postgres = self { true } else { false } }

    /// A description safe for logs and messages: no password.
    public var description: String {
        switch self {
        case .sqliteFile(let path): "SQLite file \(path)"
        case .sqliteInMemory: "SQLite in memory"
        case .postgres(let url): "PostgreSQL \(DatabaseLocation.redacted(url))"
        }
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
