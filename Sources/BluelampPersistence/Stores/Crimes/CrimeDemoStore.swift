import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Writes generated demo crimes in bulk: a month per transaction, each table in multi-row literal
/// inserts (`BulkInserter`).
public enum CrimeDemoStore {
    /// Whether any crime is stored (the demo then adds none).
    public static func hasCrimes(on database: any Database) async throws -> Bool {
        try await CrimeRecord.query(on: database).first() != nil
    }

    /// Inserts one month of demo crimes with their people, timelines and published outcomes.
    ///
    /// Ids: the crimes' ids are read back by reference; people are inserted in order and read back in
    /// id order, which is insertion order for one multi-row insert on both databases with nothing else
    /// writing (the demo runs alone). Returns the crimes' ids by reference.
    @discardableResult
    public static func insert(_ crimes: [DemoCrime], forceName: String, on database: any Database) async throws -> [String: Int] {
        guard !crimes.isEmpty else { return [:] }
        return try await database.transaction { db in
            let sql = db as! any SQLDatabase
            let bulk = BulkInserter(sql)
            try await bulk.useLargeCache()
            struct Max: Decodable { var m: Int? }
            func maxID(_ table: String) async throws -> Int {
                try await sql.raw("SELECT MAX(id) AS m FROM \(unsafeRaw: table)").first(decoding: Max.self)?.m ?? 0
            }

            let crimeBase = try await maxID("crimes")
            let rows = crimes.map { demo in
                CrimeRow(
                    crime: demo.crime, factors: demo.factors,
                    policeUKCrimeID: CrimeStore.policeUKCrimeID(reference: demo.crime.reference, forceName: forceName),
                    reportedBy: forceName)
            }
            try await CrimeRow.insert(rows, on: sql)
            struct IDRow: Decodable { var id: Int; var reference: String }
            let stored = try await sql.raw("SELECT id, reference FROM crimes WHERE id > \(bind: crimeBase) ORDER BY id")
                .all(decoding: IDRow.self)
            let idByReference = Dictionary(stored.map { ($0.reference, $0.id) }, uniquingKeysWith: { a, _ in a })

            // People, in crime order.
            var people: [[BulkValue]] = []
            var roles: [(crimeID: Int, role: String)] = []
            for demo in crimes {
                guard let crimeID = idByReference[demo.crime.reference] else { continue }
                for person in demo.crime.people {
                    people.append([
                        .text(person.person.name.given), .text(person.person.name.family), BulkValue(person.person.dateOfBirth?.text),
                        .text(person.person.contactPreference.rawValue), BulkValue(person.person.duplicateKey),
                    ])
                    roles.append((crimeID, person.role.rawValue))
                }
            }
            let personBase = try await maxID("people")
            try await bulk.insert(
                into: "people", columns: ["given_name", "family_name", "date_of_birth", "contact_preference", "duplicate_key"],
                rows: people, rowsPerStatement: 2000)
            struct PersonID: Decodable { var id: Int }
            let personIDs = try await sql.raw("SELECT id FROM people WHERE id > \(bind: personBase) ORDER BY id").all(decoding: PersonID.self)
            guard personIDs.count == roles.count else {
                throw ImportFileError(message: "demo people: inserted \(roles.count), read back \(personIDs.count)")
            }
            try await bulk.insert(
                into: "crime_people", columns: ["crime_id", "person_id", "role"],
                rows: zip(roles, personIDs).map { [.int($0.0.crimeID), .int($0.1.id), .text($0.0.role)] }, rowsPerStatement: 3000)

            // Timelines and published outcomes.
            var events: [[BulkValue]] = []
            var published: [[BulkValue]] = []
            for (demo, row) in zip(crimes, rows) {
                guard let crimeID = idByReference[demo.crime.reference] else { continue }
                for entry in demo.timeline {
                    events.append([
                        .int(crimeID), .date(entry.at), .null, .text(entry.actor), .text(entry.kind.rawValue),
                        BulkValue(entry.fromStatus?.rawValue), BulkValue(entry.toStatus?.rawValue), .text(entry.detail),
                    ])
                }
                if let outcome = demo.crime.outcome {
                    published.append([
                        .int(crimeID), .text(row.policeUKCrimeID ?? ""), .text(PoliceUKMonth(date: outcome.date).text), .text(forceName),
                        .text(forceName), .text(row.location), BulkValue(row.longitude), BulkValue(row.latitude),
                        .text(outcome.policeUKOutcome.rawValue), .int(outcome.type.rawValue),
                    ])
                }
            }
            try await bulk.insert(
                into: "crime_events",
                columns: ["crime_id", "at", "actor_user_id", "actor_name", "kind", "from_status", "to_status", "detail"],
                rows: events, rowsPerStatement: 2000)
            try await bulk.insert(
                into: "crime_outcomes",
                columns: [
                    "crime_id", "police_uk_crime_id", "month", "reported_by", "falls_within", "location", "longitude", "latitude",
                    "outcome", "outcome_type",
                ],
                rows: published, rowsPerStatement: 2000)
            return idByReference
        }
    }
}
