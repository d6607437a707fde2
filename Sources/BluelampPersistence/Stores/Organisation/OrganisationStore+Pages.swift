import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Keyset pages (by id) of officers and teams, for the API's cursor pagination: a page starts after the
/// last id of the previous one, so rows added or removed meanwhile never shift or repeat a page.
extension OrganisationStore {
    /// Officers matching `filter`, in `bcus` (nil: any BCU), with ids above `afterID`, in id order.
    public static func officerPage(
        on database: any Database, filter: OfficerFilter, bcus: Set<BCU>?, afterID: Int?, limit: Int
    ) async throws -> [OfficerSummary] {
        var query = Officer.query(on: database)
        if let bcu = filter.bcu { query = query.filter(\.$bcu.$id == bcu.code) }
        if let bcus { query = query.filter(\.$bcu.$id ~~ bcus.map(\.code)) }
        if let team = filter.teamID { query = query.filter(\.$team.$id == team) }
        if let rank = filter.rank { query = query.filter(\.$rank == rank.rawValue) }
        if let level = filter.pipLevel { query = query.filter(\.$pipLevel == level.rawValue) }
        if let status = filter.status { query = query.filter(\.$status == status.rawValue) }
        if let name = filter.nameContains?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
            query = query.group(.or) { group in
                group.filter(\.$familyName, .custom("LIKE"), "%\(name)%")
                    .filter(\.$givenName, .custom("LIKE"), "%\(name)%")
                    .filter(\.$warrantNumber == name)
            }
        }
        if let afterID { query = query.filter(\.$id > afterID) }
        let rows = try await query.with(\.$team).with(\.$specialisms).sort(\.$id).limit(limit).all()
        return rows.compactMap(summary(of:))
    }

    /// Teams with their head counts, with ids above `afterID`, in id order.
    public static func teamPage(
        on database: any Database, bcu: BCU?, kind: TeamKind?, afterID: Int?, limit: Int
    ) async throws -> [TeamSummary] {
        var query = teamsWithHeadCounts(database as! any SQLDatabase, bcu: bcu)
        if let kind { query = query.where(SQLColumn("kind", table: "teams"), .equal, SQLBind(kind.rawValue)) }
        if let afterID { query = query.where(SQLColumn("id", table: "teams"), .greaterThan, SQLBind(afterID)) }
        return try await teamSummaries(query.orderBy(SQLColumn("id", table: "teams")).limit(limit))
    }
}

/// A change to an officer's deployment: status, PIP level, individual caseload cap. Nil fields stay as they are.
public struct OfficerChange: Sendable, Hashable {
    public enum Cap: Sendable, Hashable {
        case set(Int)
        /// Remove the individual cap, so the level's default applies.
        case useDefault
    }

    public var status: OfficerStatus?
    public var pipLevel: PIPLevel?
    public var cap: Cap?

    public init(status: OfficerStatus? = nil, pipLevel: PIPLevel? = nil, cap: Cap? = nil) {
        self.status = status
        self.pipLevel = pipLevel
        self.cap = cap
    }

    public var isEmpty: Bool { status == nil && pipLevel == nil && cap == nil }
}

public enum OfficerUpdate: Sendable, Hashable {
    case notFound
    /// The officer is not as the caller last saw them (their precondition failed); nothing changed.
    case preconditionFailed(current: OfficerSummary)
    case updated(before: OfficerSummary, after: OfficerSummary)
}

extension OrganisationStore {
    /// Applies a change to an officer if `precondition` holds for the officer as stored (the API's If-Match),
    /// in one transaction; on PostgreSQL the row is locked between the check and the write.
    public static func updateOfficer(
        id: Int, change: OfficerChange, on database: any Database,
        precondition: @escaping @Sendable (OfficerSummary) -> Bool
    ) async throws -> OfficerUpdate {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            if sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT id FROM officers WHERE id = \(bind: id) FOR UPDATE").run()
            }
            guard
                let row = try await Officer.query(on: db).filter(\.$id == id).with(\.$team).with(\.$specialisms)
                    .first(),
                let before = summary(of: row)
            else { return .notFound }
            guard precondition(before) else { return .preconditionFailed(current: before) }
            if let status = change.status { row.status = status.rawValue }
            if let level = change.pipLevel { row.pipLevel = level.rawValue }
            switch change.cap {
            case .set(let n): row.caseloadCapOverride = n
            case .useDefault: row.caseloadCapOverride = nil
            case nil: break
            }
            try await row.save(on: db)
            guard let after = summary(of: row) else { return .notFound }
            return .updated(before: before, after: after)
        }
    }
}
