import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Writes a generated demo force in bulk (SQLKit multi-row inserts inside one transaction).
public enum DemoStore {
    /// Whether the database already holds an organisation (the demo is then not generated again).
    public static func hasOrganisation(on database: any Database) async throws -> Bool {
        try await Officer.query(on: database).count() > 0
    }

    /// Inserts teams and officers; `progress` is called with (done, total) officers.
    public static func insert(
        _ organisation: DemoOrganisation, on database: any Database, batchSize: Int = 500,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            for chunk in organisation.teams.chunked(into: batchSize) {
                var insert = sql.insert(into: Team.schema).columns("bcu_code", "name", "kind")
                for team in chunk {
                    insert = insert.values(SQLBind(team.bcu.code), SQLBind(team.name), SQLBind(team.kind.rawValue))
                }
                try await insert.run()
            }
            struct TeamRow: Decodable { var id: Int; var bcu_code: String; var name: String }
            let rows = try await sql.select().columns("id", "bcu_code", "name").from(Team.schema).all(
                decoding: TeamRow.self)
            let teamID = Dictionary(uniqueKeysWithValues: rows.map { ("\($0.bcu_code)|\($0.name)", $0.id) })
            let keyToID = Dictionary(
                uniqueKeysWithValues: organisation.teams.map { ($0.key, teamID["\($0.bcu.code)|\($0.name)"]) })

            var done = 0
            for chunk in organisation.officers.chunked(into: batchSize) {
                var insert = sql.insert(into: Officer.schema).columns(
                    "bcu_code", "team_id", "warrant_number", "given_name", "family_name", "rank", "pip_level",
                    "caseload_cap_override", "status")
                for o in chunk {
                    insert = insert.values(
                        SQLBind(o.bcu.code), SQLBind(keyToID[o.teamKey] ?? nil), SQLBind(o.warrantNumber),
                        SQLBind(o.givenName),
                        SQLBind(o.familyName), SQLBind(o.rank.rawValue), SQLBind(o.pipLevel?.rawValue),
                        SQLBind(o.caseloadCapOverride), SQLBind(o.status.rawValue))
                }
                try await insert.run()
                done += chunk.count
                progress(done, organisation.officers.count)
            }
            struct OfficerRow: Decodable { var id: Int; var warrant_number: String }
            let officerRows = try await sql.select().columns("id", "warrant_number").from(Officer.schema).all(
                decoding: OfficerRow.self)
            let officerID = Dictionary(uniqueKeysWithValues: officerRows.map { ($0.warrant_number, $0.id) })
            let accreditations = organisation.officers.flatMap { o in
                o.specialisms.map { (officerID[o.warrantNumber]!, $0.0, $0.1) }
            }
            for chunk in accreditations.chunked(into: batchSize) {
                var insert = sql.insert(into: OfficerSpecialism.schema).columns(
                    "officer_id", "specialism", "accredited_until")
                for (id, specialism, until) in chunk {
                    insert = insert.values(SQLBind(id), SQLBind(specialism.rawValue), SQLBind(until))
                }
                try await insert.run()
            }
        }
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
