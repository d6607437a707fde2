import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Devices submitted to the digital forensics unit and the unit's capacity policy (issue 18): reads and writes.
public enum ForensicsStore {
    static let submissionsTable = "forensic_submissions"
    static let policiesTable = "forensic_capacity_policy_versions"

    /// Stores one submission and returns its id.
    public static func submit(
        crimeID: Int, bcu: BCU?, draft: ForensicsSubmissionDraft, requestedBy: String, userID: Int?, at: Date,
        on database: any Database
    ) async throws -> Int {
        let sql = database as! any SQLDatabase
        try await sql.insert(into: submissionsTable)
            .columns(
                "crime_id", "bcu_code", "device_type", "reason", "risk_to_children", "priority", "requested_by",
                "requested_by_user_id", "submitted_at"
            )
            .values(
                SQLBind(crimeID), SQLBind(bcu?.code), SQLBind(draft.deviceType), SQLBind(draft.reason),
                SQLBind(draft.riskToChildren), SQLBind(draft.priority), SQLBind(requestedBy), SQLBind(userID),
                SQLBind(at)
            )
            .run()
        let row = try await sql.raw(
            "SELECT MAX(id) AS id FROM forensic_submissions WHERE crime_id = \(bind: crimeID)"
        ).first()
        return try row?.decode(column: "id", as: Int.self) ?? 0
    }

    /// Writes the demo's submissions, with any start and finish already known.
    public static func insert(_ submissions: [ForensicsSubmission], on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await BulkInserter(sql).insert(
            into: submissionsTable,
            columns: [
                "crime_id", "bcu_code", "device_type", "reason", "risk_to_children", "priority", "requested_by",
                "submitted_at", "started_at", "finished_at",
            ],
            rows: submissions.map {
                [
                    .int($0.crimeID), BulkValue($0.bcu?.code), .text($0.deviceType), .text($0.reason),
                    .bool($0.riskToChildren), .int($0.priority), .text($0.requestedBy), .date($0.submittedAt),
                    BulkValue($0.startedAt), BulkValue($0.finishedAt),
                ]
            })
    }

    /// Devices not yet finished, in submission order: `crimeID` narrows them to one crime's.
    public static func unfinished(crimeID: Int? = nil, on database: any Database) async throws -> [ForensicsSubmission]
    {
        try await submissions(where: "s.finished_at IS NULL", crimeID: crimeID, on: database)
    }

    /// Every device submitted from a crime, in submission order.
    public static func submissions(crimeID: Int, on database: any Database) async throws -> [ForensicsSubmission] {
        try await submissions(where: "1 = 1", crimeID: crimeID, on: database)
    }

    /// Devices not started before `since` (still waiting, or started since), for the backlog trend and the waits of
    /// devices started recently, in submission order.
    public static func notStartedBefore(_ since: Date, on database: any Database) async throws -> [ForensicsSubmission]
    {
        try await submissions(
            where: "(s.started_at IS NULL OR s.started_at >= \(bind: since))", crimeID: nil, on: database)
    }

    public static func hasSubmissions(on database: any Database) async throws -> Bool {
        let sql = database as! any SQLDatabase
        return try await sql.raw("SELECT id FROM forensic_submissions LIMIT 1").first() != nil
    }

    private static func submissions(where condition: SQLQueryString, crimeID: Int?, on database: any Database)
        async throws
        -> [ForensicsSubmission]
    {
        let sql = database as! any SQLDatabase
        var query: SQLQueryString = """
            SELECT s.id, s.crime_id, c.reference, s.bcu_code, s.device_type, s.reason, s.risk_to_children, s.priority,
              s.requested_by, s.submitted_at, s.started_at, s.finished_at
            FROM forensic_submissions s JOIN crimes c ON c.id = s.crime_id WHERE
            """
        query.appendLiteral(" ")
        query.appendInterpolation(condition)
        if let crimeID {
            query.appendInterpolation(unsafeRaw: " AND s.crime_id = "); query.appendInterpolation(bind: crimeID)
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY s.submitted_at, s.id")
        return try await sql.raw(query).all().map { row in
            ForensicsSubmission(
                id: try row.decode(column: "id", as: Int.self),
                crimeID: try row.decode(column: "crime_id", as: Int.self),
                crimeReference: try row.decode(column: "reference", as: String.self),
                bcu: try row.decode(column: "bcu_code", as: String?.self).flatMap(BCU.init(rawValue:)),
                deviceType: try row.decode(column: "device_type", as: String.self),
                reason: try row.decode(column: "reason", as: String.self),
                riskToChildren: try row.decode(column: "risk_to_children", as: Bool.self),
                priority: try row.decode(column: "priority", as: Int.self),
                requestedBy: try row.decode(column: "requested_by", as: String.self),
                submittedAt: try row.decode(column: "submitted_at", as: Date.self),
                startedAt: try row.decode(column: "started_at", as: Date?.self),
                finishedAt: try row.decode(column: "finished_at", as: Date?.self))
        }
    }

    // MARK: - The capacity policy

    /// A version of the unit's capacity policy.
    public struct PolicyVersion: Sendable {
        public var version: Int
        public var policy: ForensicsCapacityPolicy
        public var createdAt: Date?
        public var createdBy: String
        public var reason: String
    }

    /// The policy in force: the latest version, or the default (version 0) when none was set.
    public static func currentPolicy(on database: any Database) async throws -> PolicyVersion {
        let sql = database as! any SQLDatabase
        guard
            let row = try await sql.raw(
                "SELECT id, created_at, created_by, reason, policy_json FROM forensic_capacity_policy_versions ORDER BY id DESC LIMIT 1"
            ).first(),
            let policy = try? JSONDecoder().decode(
                ForensicsCapacityPolicy.self, from: Data(try row.decode(column: "policy_json", as: String.self).utf8))
        else {
            return PolicyVersion(
                version: 0, policy: .standard, createdAt: nil, createdBy: "Bluelamp default",
                reason: "No version set: two slots, Monday to Friday 08:00–18:00, bank holidays off.")
        }
        return PolicyVersion(
            version: try row.decode(column: "id", as: Int.self), policy: policy,
            createdAt: try row.decode(column: "created_at", as: Date.self),
            createdBy: try row.decode(column: "created_by", as: String.self),
            reason: try row.decode(column: "reason", as: String.self))
    }

    /// Puts a new version in force and returns its number.
    public static func savePolicy(
        _ policy: ForensicsCapacityPolicy, reason: String, by: String, at: Date, on database: any Database
    ) async throws -> Int {
        let sql = database as! any SQLDatabase
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(policy), as: UTF8.self)
        try await sql.insert(into: policiesTable).columns("created_at", "created_by", "reason", "policy_json")
            .values(SQLBind(at), SQLBind(by), SQLBind(reason), SQLBind(json)).run()
        return try await currentPolicy(on: database).version
    }
}

extension ForensicsStore {
    /// Crimes reported since `since`, for the demo's device submissions.
    public static func demoCrimes(since: Date, on database: any Database) async throws -> [DemoForensics.Crime] {
        let sql = database as! any SQLDatabase
        return try await sql.raw(
            "SELECT id, reference, bcu_code, flags, reported_at FROM crimes WHERE reported_at >= \(bind: since)"
        ).all().map { row in
            DemoForensics.Crime(
                id: try row.decode(column: "id", as: Int.self),
                reference: try row.decode(column: "reference", as: String.self),
                bcu: try row.decode(column: "bcu_code", as: String?.self).flatMap(BCU.init(rawValue:)),
                flags: CrimeFlags(rawValue: try row.decode(column: "flags", as: Int.self)),
                reportedAt: try row.decode(column: "reported_at", as: Date.self))
        }
    }
}
