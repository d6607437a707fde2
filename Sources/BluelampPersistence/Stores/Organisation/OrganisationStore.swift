import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// A BCU with its head counts, for the organisation pages.
public struct BCUSummary: Sendable, Hashable {
    public var bcu: BCU
    public var boroughs: [String]
    public var teams: Int
    public var officers: Int
}

/// A team with its head count.
public struct TeamSummary: Sendable, Hashable {
    public var id: Int
    public var name: String
    public var kind: String
    public var bcu: BCU
    public var officers: Int
}

/// An officer as the pages and the allocator see them.
public struct OfficerSummary: Sendable, Hashable {
    public var id: Int
    public var warrantNumber: String
    public var givenName: String
    public var familyName: String
    public var rank: Rank
    public var bcu: BCU
    public var teamID: Int?
    public var teamName: String?
    public var pipLevel: PIPLevel?
    public var caseloadCapOverride: Int?
    public var status: OfficerStatus
    public var specialisms: [SpecialismAccreditation]

    public var fullName: String { "\(givenName) \(familyName)" }
}

public struct SpecialismAccreditation: Sendable, Hashable {
    public var specialism: Specialism
    public var accreditedUntil: Date
}

public struct OfficerFilter: Sendable {
    public var bcu: BCU?
    public var teamID: Int?
    public var rank: Rank?
    public var pipLevel: PIPLevel?
    public var status: OfficerStatus?
    public var nameContains: String?
    public init(
        bcu: BCU? = nil, teamID: Int? = nil, rank: Rank? = nil, pipLevel: PIPLevel? = nil,
        status: OfficerStatus? = nil, nameContains: String? = nil
    ) {
        self.bcu = bcu
        self.teamID = teamID
        self.rank = rank
        self.pipLevel = pipLevel
        self.status = status
        self.nameContains = nameContains
    }
}

/// The orders the officer list can be shown in; each ends with the name and the id, so a page boundary is stable.
public enum OfficerOrder: String, Sendable, CaseIterable {
    case name, warrant, bcu, pip
}

public enum OrganisationStore {
    /// Inserts the force, its BCUs and boroughs if they are not there (safe to run on every start).
    public static func seedReferenceData(on database: any Database, forceCode: String, forceName: String) async throws {
        try await database.transaction { db in
            if try await ForceRecord.query(on: db).count() == 0 {
                try await ForceRecord(code: forceCode, name: forceName).create(on: db)
            }
            let existing = Set(try await BCURecord.query(on: db).all().compactMap(\.id))
            for bcu in BCU.allCases where !existing.contains(bcu.code) {
                try await BCURecord(code: bcu.code, name: bcu.name).create(on: db)
            }
            let boroughs = Set(try await Borough.query(on: db).all().compactMap(\.id))
            for b in londonBoroughs where !boroughs.contains(b.gssCode) {
                guard let bcu = BCU(name: b.bcu) else { continue }
                try await Borough(gssCode: b.gssCode, name: b.name, bcuCode: bcu.code).create(on: db)
            }
        }
    }

    public static func forceName(on database: any Database) async throws -> String? {
        try await ForceRecord.query(on: database).first()?.name
    }

    public static func bcuSummaries(on database: any Database) async throws -> [BCUSummary] {
        let sql = database as! any SQLDatabase
        // The headcounts are kept by triggers as officers and teams change (`CreateBCUHeadcounts`), so this reads
        // one row a borough (33 at the Met) in one query, with no statement built per request: it is the API's
        // plainest read, and each query is a visit to the database's thread. Each column is read by name rather
        // than through a `Decodable` row, whose optionals take the row decoder's slow path (a tenth of the time).
        struct Row { var bcu_code: String; var officers: Int; var teams: Int; var name: String? }
        let rows = try await sql.raw(
            """
            SELECT c.id AS bcu_code, h.officers, h.teams, b.name FROM bcus c
            LEFT JOIN bcu_headcounts h ON h.bcu_code = c.id LEFT JOIN boroughs b ON b.bcu_code = c.id
            ORDER BY b.name
            """
        ).all().map { row in
            Row(
                bcu_code: try row.decode(column: "bcu_code", as: String.self),
                officers: try row.decodeOptional(column: "officers", as: Int.self) ?? 0,
                teams: try row.decodeOptional(column: "teams", as: Int.self) ?? 0,
                name: try row.decodeOptional(column: "name", as: String.self))
        }
        let byBCU = Dictionary(grouping: rows, by: \.bcu_code)
        return BCU.allCases.map { bcu in
            let rows = byBCU[bcu.code] ?? []
            return BCUSummary(
                bcu: bcu, boroughs: rows.compactMap(\.name), teams: rows.first?.teams ?? 0,
                officers: rows.first?.officers ?? 0)
        }
    }

    public static func teams(on database: any Database, bcu: BCU? = nil) async throws -> [TeamSummary] {
        try await teamSummaries(
            teamsWithHeadCounts(database as! any SQLDatabase, bcu: bcu).orderBy(SQLColumn("bcu_code", table: "teams"))
                .orderBy(SQLColumn("name", table: "teams")))
    }

    /// Teams (in `bcu`, when given) joined to their officers and grouped, for `teamSummaries`.
    static func teamsWithHeadCounts(_ sql: any SQLDatabase, bcu: BCU?) -> SQLSelectBuilder {
        var query = sql.select().column(SQLColumn("id", table: "teams")).column(SQLColumn("name", table: "teams"))
            .column(SQLColumn("kind", table: "teams")).column(SQLColumn("bcu_code", table: "teams"))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLColumn("id", table: "officers")), as: SQLIdentifier("n")))
            .from("teams")
            .join(
                "officers", method: SQLJoinMethod.left, on: SQLColumn("team_id", table: "officers"), .equal,
                SQLColumn("id", table: "teams"))
        if let bcu { query = query.where(SQLColumn("bcu_code", table: "teams"), .equal, SQLBind(bcu.code)) }
        return query.groupBy(SQLColumn("id", table: "teams")).groupBy(SQLColumn("name", table: "teams"))
            .groupBy(SQLColumn("kind", table: "teams")).groupBy(SQLColumn("bcu_code", table: "teams"))
    }

    /// Runs a `teamsWithHeadCounts` query into summaries.
    static func teamSummaries(_ query: SQLSelectBuilder) async throws -> [TeamSummary] {
        struct Row: Decodable { var id: Int; var name: String; var kind: String; var bcu_code: String; var n: Int }
        return try await query.all(decoding: Row.self).compactMap { row in
            BCU(rawValue: row.bcu_code).map {
                TeamSummary(id: row.id, name: row.name, kind: row.kind, bcu: $0, officers: row.n)
            }
        }
    }

    /// How many officers and teams the force holds.
    public static func size(on database: any Database) async throws -> (officers: Int, teams: Int) {
        (try await Officer.query(on: database).count(), try await Team.query(on: database).count())
    }

    public static func team(id: Int, on database: any Database) async throws -> TeamSummary? {
        guard let team = try await Team.find(id, on: database), let bcu = BCU(rawValue: team.$bcu.id) else {
            return nil
        }
        let n = try await Officer.query(on: database).filter(\.$team.$id == id).count()
        return TeamSummary(id: id, name: team.name, kind: team.kind, bcu: bcu, officers: n)
    }

    /// The ids of a team's officers.
    public static func officerIDs(teamID: Int, on database: any Database) async throws -> [Int] {
        try await Officer.query(on: database).filter(\.$team.$id == teamID).all().compactMap(\.id)
    }

    /// The team an officer belongs to.
    public static func teamID(ofOfficer id: Int, on database: any Database) async throws -> Int? {
        try await Officer.find(id, on: database)?.$team.id
    }

    /// A page of officers ordered by family name, given name and id; `after` is the last id of the previous page
    /// is not enough for name order, so paging is by offset over a stable order (pages are small).
    public static func officers(
        on database: any Database, filter: OfficerFilter, order: OfficerOrder = .name, descending: Bool = false,
        offset: Int = 0, limit: Int = 50
    ) async throws -> (officers: [OfficerSummary], total: Int) {
        var query = Officer.query(on: database)
        if let bcu = filter.bcu { query = query.filter(\.$bcu.$id == bcu.code) }
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
        let total = try await query.count()
        let direction: DatabaseQuery.Sort.Direction = descending ? .descending : .ascending
        var sorted = query.copy().with(\.$team).with(\.$specialisms)
        switch order {
        case .name: break
        case .warrant: sorted = sorted.sort(\.$warrantNumber, direction)
        case .bcu: sorted = sorted.sort(\.$bcu.$id, direction)
        case .pip:
            // Officers without a PIP level come last either way, on SQLite and PostgreSQL alike (which put nulls at
            // opposite ends of a descending order).
            sorted = sorted.sort(.custom(SQLRaw("(\"officers\".\"pip_level\" IS NULL)"))).sort(\.$pipLevel, direction)
        }
        let byName: DatabaseQuery.Sort.Direction = order == .name ? direction : .ascending
        let rows = try await sorted.sort(\.$familyName, byName).sort(\.$givenName, byName).sort(\.$id, byName)
            .offset(offset).limit(limit).all()
        return (rows.compactMap(summary(of:)), total)
    }

    public static func officer(id: Int, on database: any Database) async throws -> OfficerSummary? {
        guard
            let row = try await Officer.query(on: database).filter(\.$id == id).with(\.$team).with(\.$specialisms)
                .first()
        else { return nil }
        return summary(of: row)
    }

    static func summary(of row: Officer) -> OfficerSummary? {
        guard let id = row.id, let bcu = BCU(rawValue: row.$bcu.id), let rank = Rank(rawValue: row.rank),
            let status = OfficerStatus(rawValue: row.status)
        else { return nil }
        return OfficerSummary(
            id: id, warrantNumber: row.warrantNumber, givenName: row.givenName, familyName: row.familyName, rank: rank,
            bcu: bcu, teamID: row.$team.id, teamName: row.$team.value??.name,
            pipLevel: row.pipLevel.flatMap(PIPLevel.init(rawValue:)), caseloadCapOverride: row.caseloadCapOverride,
            status: status,
            specialisms: (row.$specialisms.value ?? []).compactMap { s in
                Specialism(rawValue: s.specialism).map {
                    SpecialismAccreditation(specialism: $0, accreditedUntil: s.accreditedUntil)
                }
            }.sorted { $0.specialism < $1.specialism })
    }
}
