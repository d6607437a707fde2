import BluelampCore
import FluentKit
import Foundation

/// A version of the crime recording policy as the pages show it.
public struct CrimeRecordingPolicyRevision: Sendable, Hashable {
    /// 0 for the Crime Recording Rules' default, in force until a force sets its own.
    public var version: Int
    public var policy: CrimeRecordingPolicy
    public var createdAt: Date?
    public var createdBy: String
    public var reason: String
}

/// The versioned crime recording policy: the latest version is in force; saving adds a version.
public enum CrimeRecordingPolicyStore {
    /// The policy in force: the highest version, or the Crime Recording Rules' 24 hours when none has been set.
    public static func current(on database: any Database) async throws -> CrimeRecordingPolicyRevision {
        guard let row = try await CrimeRecordingPolicyVersion.query(on: database).sort(\.$version, .descending).first()
        else {
            return CrimeRecordingPolicyRevision(
                version: 0, policy: .standard, createdAt: nil, createdBy: "Bluelamp",
                reason: "The Crime Recording Rules: the recording decision is due within 24 hours of the report.")
        }
        return revision(row)
    }

    /// Every version set, newest first.
    public static func history(on database: any Database) async throws -> [CrimeRecordingPolicyRevision] {
        try await CrimeRecordingPolicyVersion.query(on: database).sort(\.$version, .descending).all().map(revision)
    }

    /// Puts `policy` in force as the next version; returns its number.
    @discardableResult
    public static func save(
        _ policy: CrimeRecordingPolicy, reason: String, actor: CrimeActor, now: Date, on database: any Database
    ) async throws -> Int {
        try await database.transaction { db in
            let latest =
                try await CrimeRecordingPolicyVersion.query(on: db).sort(\.$version, .descending).first()?.version ?? 0
            let row = CrimeRecordingPolicyVersion()
            row.version = latest + 1
            row.createdAt = now
            row.createdByUserID = actor.userID
            row.createdBy = actor.name
            row.reason = reason
            row.allowanceHours = policy.allowanceHours
            try await row.create(on: db)
            return row.version
        }
    }

    static func revision(_ row: CrimeRecordingPolicyVersion) -> CrimeRecordingPolicyRevision {
        CrimeRecordingPolicyRevision(
            version: row.version, policy: CrimeRecordingPolicy(allowanceHours: row.allowanceHours),
            createdAt: row.createdAt,
            createdBy: row.createdBy, reason: row.reason)
    }
}
