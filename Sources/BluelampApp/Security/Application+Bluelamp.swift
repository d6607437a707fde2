import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// What `configure` stores on the application for the rest of the app.
struct AppSettings: Sendable {
    var settings: Settings
    /// Honour X-Forwarded-For (behind a load balancer). Off by default: a client could forge it.
    var trustForwardedFor: Bool = false
    var passwordPolicy: PasswordPolicy
}

struct AppSettingsKey: StorageKey { typealias Value = AppSettings }
struct ClockKey: StorageKey { typealias Value = @Sendable () -> Date }
struct AuditWriterKey: StorageKey { typealias Value = AuditWriter }
struct KeptInspectionReadsKey: StorageKey { typealias Value = KeptInspectionReads }

extension Application {
    var bluelamp: AppSettings {
        get {
            guard let value = storage[AppSettingsKey.self] else { fatalError("configure(_:settings:) has not run") }
            return value
        }
        set { storage[AppSettingsKey.self] = newValue }
    }

    var settings: AppSettings { bluelamp }

    /// The group-commit writer for audit entries outside a change's transaction (issue 20), made by `configure`.
    var auditWriter: AuditWriter? { storage[AuditWriterKey.self] }

    /// What the inspection pages and the API read, kept between requests (issue 20), made by `configure`.
    var keptInspectionReads: KeptInspectionReads? { storage[KeptInspectionReadsKey.self] }

    /// The clock; tests replace it to move time (idle expiry, lockout release).
    public var clock: @Sendable () -> Date {
        get { storage[ClockKey.self] ?? { Date() } }
        set { storage[ClockKey.self] = newValue }
    }
}
