import BluelampCore
import FluentKit
import Foundation

/// A version of the allocation policy as the pages show it.
public struct AllocationPolicyRevision: Sendable {
    public var version: Int
    public var policy: AllocationPolicy
    public var createdAt: Date
    public var createdBy: String
    public var reason: String
}

/// Who changes something, for the record.
public struct AllocationActor: Sendable, Hashable {
    public var userID: Int?
    public var name: String

    public init(userID: Int?, name: String) {
        self.userID = userID
        self.name = name
    }

    public static let bluelamp = AllocationActor(userID: nil, name: "Bluelamp")

    var crimeActor: CrimeActor { CrimeActor(userID: userID, name: name) }
}

public enum AllocationPolicyStoreError: Error, Sendable, CustomStringConvertible {
    case invalid(AllocationPolicyProblems)
    case reasonRequired

    public var description: String {
        switch self {
        case .invalid(let problems): "the policy was refused: \(problems)"
        case .reasonRequired: "say why the policy changes"
        }
    }
}

/// The versioned allocation policy: the latest version is in force; saving adds a version.
public enum AllocationPolicyStore {
    /// The policy in force: the highest version. The migration seeds version 1, so there always is one;
    /// should the table be empty all the same, the Metropolitan default applies.
    public static func current(on database: any Database) async throws -> AllocationPolicyRevision {
        guard let row = try await AllocationPolicyVersion.query(on: database).sort(\.$version, .descending).first()
        else {
            return AllocationPolicyRevision(
                version: 0, policy: .metropolitanDefault, createdAt: Date(timeIntervalSince1970: 0),
                createdBy: "Bluelamp",
                reason: "default")
        }
        return try revision(row)
    }

    /// Every version, newest first.
    public static func history(on database: any Database) async throws -> [AllocationPolicyRevision] {
        try await AllocationPolicyVersion.query(on: database).sort(\.$version, .descending).all().map(revision)
    }

    public static func version(_ number: Int, on database: any Database) async throws -> AllocationPolicyRevision? {
        try await AllocationPolicyVersion.query(on: database).filter(\.$version == number).first().map(revision)
    }

    /// Puts `policy` in force as the next version. Refuses (and saves nothing) a policy with any problem
    /// or a change with no reason.
    @discardableResult
    public static func save(
        _ policy: AllocationPolicy, reason: String, actor: AllocationActor, now: Date, on database: any Database
    ) async throws -> Int {
        let problems = policy.problems()
        if !problems.isEmpty { throw AllocationPolicyStoreError.invalid(AllocationPolicyProblems(problems)) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw AllocationPolicyStoreError.reasonRequired }
        return try await database.transaction { db in
            let latest =
                try await AllocationPolicyVersion.query(on: db).sort(\.$version, .descending).first()?.version ?? 0
            let row = AllocationPolicyVersion()
            row.version = latest + 1
            row.createdAt = now
            row.createdByUserID = actor.userID
            row.createdBy = actor.name
            row.reason = reason
            row.name = policy.name
            row.policy = String(decoding: policy.json(), as: UTF8.self)
            try await row.create(on: db)
            return row.version
        }
    }

    static func revision(_ row: AllocationPolicyVersion) throws -> AllocationPolicyRevision {
        let policy = try DecodedPolicies.shared.policy(row.policy)
        return AllocationPolicyRevision(
            version: row.version, policy: policy, createdAt: row.createdAt, createdBy: row.createdBy, reason: row.reason
        )
    }
}

/// Each stored policy's JSON decoded once per process: the pages' indicators read the policy in force on every view,
/// and the same text always decodes to the same policy, so the text itself is the key.
final class DecodedPolicies: @unchecked Sendable {
    static let shared = DecodedPolicies()

    private let lock = NSLock()
    private var decoded: [String: AllocationPolicy] = [:]

    func policy(_ json: String) throws -> AllocationPolicy {
        if let known = lock.withLock({ decoded[json] }) { return known }
        let policy = try JSONDecoder().decode(AllocationPolicy.self, from: Data(json.utf8))
        lock.withLock {
            // A version is a few kilobytes and a force makes a handful a year; a bound all the same.
            if decoded.count >= 64 { decoded.removeAll() }
            decoded[json] = policy
        }
        return policy
    }
}
