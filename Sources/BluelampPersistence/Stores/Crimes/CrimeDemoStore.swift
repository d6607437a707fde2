import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Writes generated demo crimes in bulk: a month per transaction, each table through `BulkInserter`.
public enum CrimeDemoStore {
    /// Whether any crime is stored (the demo then adds none).
    public static func hasCrimes(on database: any Database) async throws -> Bool {
        try await CrimeRecord.query(on: database).first() != nil
    }

    /// Whether a crime with this reference is stored.
    public static func hasCrime(reference: String, on database: any Database) async throws -> Bool {
        try await CrimeRecord.query(on: database).filter(\.$reference == reference).first() != nil
    }

    /// Whether a month made ready with `DemoCrimeBatch` is stored: its first crime is (the demo writes a month
    /// in one transaction, so it is all there or not at all). An empty batch counts as stored.
    public static func isWritten(_ batch: DemoCrimeBatch, on database: any Database) async throws -> Bool {
        guard let first = batch.rows.first else { return true }
        return try await hasCrime(reference: first.reference, on: database)
    }

    /// Inserts one month of demo crimes with their people, timelines and published outcomes.
    @discardableResult
    public static func insert(_ crimes: [DemoCrime], forceName: String, on database: any Database) async throws
        -> [String: Int]
    {
        try await insert(DemoCrimeBatch(crimes, forceName: forceName), on: database)
    }

    /// Writes one month of the demo in one transaction: its crimes (with their people, timelines and outcomes) and
    /// the allocations made of them; with `policyInForceSince`, the default policy dated back to the first month
    /// (`AllocationDemoStore.policyInForce`). On SQLite the bulk writes' 64 MB page cache covers the whole month, the
    /// allocations and the commit too (it used to end with the crimes' own write). A 256 MB cache was tried at ten
    /// years of the Met: the crimes took as long (1,200 s against 1,192 s) and the peak memory rose from 1.34 to
    /// 1.59 GB.
    public static func insertMonth(
        _ batch: DemoCrimeBatch, allocations: DemoAllocationBatch, policyInForceSince: Date?,
        on database: any Database
    ) async throws {
        try await BulkInserter.largeCacheTransaction(on: database) { db in
            let ids = try await insert(batch, on: db)
            try await AllocationDemoStore.insert(allocations, crimeIDs: ids, on: db)
            if let policyInForceSince {
                try await AllocationDemoStore.policyInForce(since: policyInForceSince, on: db)
            }
        }
    }

    /// Inserts a month made ready with `DemoCrimeBatch` (which the demo builds while the month before
    /// is written).
    ///
    /// Ids: the crimes' ids are read back by reference; people are inserted in order and read back in
    /// id order, which is insertion order for one multi-row insert on both databases with nothing else
    /// writing (the demo runs alone). Returns the crimes' ids by reference.
    @discardableResult
    public static func insert(_ batch: DemoCrimeBatch, on database: any Database) async throws -> [String: Int] {
        guard !batch.rows.isEmpty else { return [:] }
        return try await BulkInserter.largeCacheTransaction(on: database) { db in
            let sql = db as! any SQLDatabase
            let bulk = BulkInserter(sql)
            struct Max: Decodable { var m: Int? }
            func maxID(_ table: String) async throws -> Int {
                try await sql.raw("SELECT MAX(id) AS m FROM \(unsafeRaw: table)").first(decoding: Max.self)?.m ?? 0
            }

            let crimeBase = try await maxID("crimes")
            try await CrimeRow.insert(batch.rows, on: sql)
            struct IDRow: Decodable { var id: Int; var reference: String }
            let stored = try await sql.raw("SELECT id, reference FROM crimes WHERE id > \(bind: crimeBase) ORDER BY id")
                .all(decoding: IDRow.self)
            let idByReference = Dictionary(stored.map { ($0.reference, $0.id) }, uniquingKeysWith: { a, _ in a })
            let crimeIDs = batch.rows.map { idByReference[$0.reference] }

            // People, in crime order.
            let people = batch.people.filter { crimeIDs[$0.crime] != nil }
            let personBase = try await maxID("people")
            try await bulk.insert(
                into: "people",
                columns: ["given_name", "family_name", "date_of_birth", "contact_preference", "duplicate_key"],
                rows: people.map(\.values), rowsPerStatement: 2000)
            struct PersonID: Decodable { var id: Int }
            let personIDs = try await sql.raw("SELECT id FROM people WHERE id > \(bind: personBase) ORDER BY id").all(
                decoding: PersonID.self)
            guard personIDs.count == people.count else {
                throw ImportFileError(message: "demo people: inserted \(people.count), read back \(personIDs.count)")
            }
            try await bulk.insert(
                into: "crime_people", columns: ["crime_id", "person_id", "role"],
                rows: zip(people, personIDs).map { [.int(crimeIDs[$0.0.crime]!), .int($0.1.id), .text($0.0.role)] },
                rowsPerStatement: 3000)

            // Timelines and published outcomes.
            try await bulk.insert(
                into: "crime_events",
                columns: [
                    "crime_id", "at", "actor_user_id", "actor_name", "kind", "from_status", "to_status", "detail",
                ],
                rows: BulkInserter.withIDs(batch.events) { crimeIDs[$0] }, rowsPerStatement: 2000)
            try await bulk.insert(
                into: "crime_outcomes",
                columns: [
                    "crime_id", "police_uk_crime_id", "month", "reported_by", "falls_within", "location", "longitude",
                    "latitude",
                    "outcome", "outcome_type",
                ],
                rows: BulkInserter.withIDs(batch.published) { crimeIDs[$0] }, rowsPerStatement: 2000)
            return idByReference
        }
    }
}

/// A month of demo crimes as the rows to write, built apart from the write so the demo can build the
/// next month while one is written. Rows that need a crime's id hold the crime's index in `rows` until
/// then.
public struct DemoCrimeBatch: Sendable {
    let rows: [CrimeRow]
    let people: [(crime: Int, role: String, values: [BulkValue])]
    let events: [(key: Int, values: [BulkValue])]
    let published: [(key: Int, values: [BulkValue])]

    public init(_ crimes: [DemoCrime], forceName: String) {
        let rows = crimes.map { demo in
            CrimeRow(
                crime: demo.crime, factors: demo.factors,
                policeUKCrimeID: CrimeStore.policeUKCrimeID(reference: demo.crime.reference, forceName: forceName),
                reportedBy: forceName)
        }
        var people: [(crime: Int, role: String, values: [BulkValue])] = []
        var events: [(key: Int, values: [BulkValue])] = []
        var published: [(key: Int, values: [BulkValue])] = []
        for (index, (demo, row)) in zip(crimes, rows).enumerated() {
            for person in demo.crime.people {
                people.append(
                    (
                        index, person.role.rawValue,
                        [
                            .text(person.person.name.given), .text(person.person.name.family),
                            BulkValue(person.person.dateOfBirth?.text),
                            .text(person.person.contactPreference.rawValue), BulkValue(person.person.duplicateKey),
                        ]
                    ))
            }
            for entry in demo.timeline {
                events.append(
                    (
                        index,
                        [
                            .null, .date(entry.at), .null, .text(entry.actor), .text(entry.kind.rawValue),
                            BulkValue(entry.fromStatus?.rawValue), BulkValue(entry.toStatus?.rawValue),
                            .text(entry.detail),
                        ]
                    ))
            }
            if let outcome = demo.crime.outcome {
                published.append(
                    (
                        index,
                        [
                            .null, .text(row.policeUKCrimeID ?? ""), .text(PoliceUKMonth(date: outcome.date).text),
                            .text(forceName),
                            .text(forceName), .text(row.location), BulkValue(row.longitude), BulkValue(row.latitude),
                            .text(outcome.policeUKOutcome.rawValue), .int(outcome.type.rawValue),
                        ]
                    ))
            }
        }
        self.rows = rows
        self.people = people
        self.events = events
        self.published = published
    }
}
