import BluelampCore
import Foundation
import SQLKit

/// One `incidents` row as plain values, for bulk inserts.
struct IncidentRow: Sendable, PublishedPlaceRow {
    var importBatchID: Int?
    var sourceLine: Int?
    var rowKey: String?
    var bcuCode: String?
    var policeUKCrimeID: String?
    var month: String
    var incidentType: String
    var borough: String?
    var reportedBy: String
    var fallsWithin: String
    var location: String
    var longitude: Double?
    var latitude: Double?
    var lsoaCode: String?
    var lsoaName: String?
    var context: String

    /// The `incidents` columns a bulk insert writes, each with its value.
    static let table: [BulkColumn<IncidentRow>] =
        [
            BulkColumn("import_batch_id") { BulkValue($0.importBatchID) },
            BulkColumn("source_line") { BulkValue($0.sourceLine) },
            BulkColumn("row_key") { BulkValue($0.rowKey) },
            BulkColumn("bcu_code") { BulkValue($0.bcuCode) },
            BulkColumn("police_uk_crime_id") { BulkValue($0.policeUKCrimeID) },
            BulkColumn("month") { .text($0.month) },
            BulkColumn("incident_type") { .text($0.incidentType) },
        ] + publishedPlaceColumns

    static let columns = table.names()

    init(record: PoliceUKStreetRecord, rowKey: String?, batchID: Int?, line: Int?) {
        importBatchID = batchID
        sourceLine = line
        self.rowKey = rowKey
        let (borough, bcu) = record.location.boroughAndBCU
        bcuCode = bcu?.code
        policeUKCrimeID = record.crimeID
        month = record.month.text
        incidentType = record.crimeType.rawValue
        self.borough = borough
        reportedBy = record.reportedBy
        fallsWithin = record.fallsWithin
        location = record.location.place
        longitude = record.location.longitude
        latitude = record.location.latitude
        lsoaCode = record.location.lsoaCode
        lsoaName = record.location.lsoaName
        context = record.context
    }

    var values: [BulkValue] { Self.table.values(of: self) }

    static func insert(_ rows: [IncidentRow], on sql: any SQLDatabase) async throws {
        try await insert(prepared: prepare(rows, on: sql), on: sql)
    }

    /// Rows made ready ahead of `insert(prepared:on:)`.
    static func prepare(_ rows: [IncidentRow], on sql: any SQLDatabase) -> PreparedBulkRows {
        BulkInserter(sql).prepare(rows.lazy.map(\.values), width: columns.count)
    }

    static func insert(prepared: PreparedBulkRows, on sql: any SQLDatabase) async throws {
        try await BulkInserter(sql).insert(
            into: "incidents", columns: columns, prepared: prepared, conflict: "ON CONFLICT (row_key) DO NOTHING")
    }
}

/// One `crime_outcomes` row as plain values. `crimeID` is nil for an outcome of a crime not held:
/// it is kept against its police.uk Crime ID and linked when the crime arrives (`linkHeldOutcomes`).
struct OutcomeRow: Sendable {
    var crimeID: Int?
    var importBatchID: Int?
    var sourceLine: Int?
    var rowKey: String?
    var policeUKCrimeID: String
    var month: String
    var reportedBy: String
    var fallsWithin: String
    var location: String
    var longitude: Double?
    var latitude: Double?
    var lsoaCode: String?
    var lsoaName: String?
    var outcome: String
    var outcomeType: Int?

    static let columns = [
        "crime_id", "import_batch_id", "source_line", "row_key", "police_uk_crime_id", "month", "reported_by",
        "falls_within", "location", "longitude", "latitude", "lsoa_code", "lsoa_name", "outcome", "outcome_type",
    ]

    init(record: PoliceUKOutcomeRecord, crimeID: Int?, rowKey: String?, batchID: Int?, line: Int?) {
        self.crimeID = crimeID
        importBatchID = batchID
        sourceLine = line
        self.rowKey = rowKey
        policeUKCrimeID = record.crimeID
        month = record.month.text
        reportedBy = record.reportedBy
        fallsWithin = record.fallsWithin
        location = record.location.place
        longitude = record.location.longitude
        latitude = record.location.latitude
        lsoaCode = record.location.lsoaCode
        lsoaName = record.location.lsoaName
        outcome = record.outcome.rawValue
        outcomeType = record.homeOfficeOutcome?.rawValue
    }

    var values: [BulkValue] {
        [
            BulkValue(crimeID), BulkValue(importBatchID), BulkValue(sourceLine), BulkValue(rowKey),
            .text(policeUKCrimeID),
            .text(month), .text(reportedBy), .text(fallsWithin), .text(location), BulkValue(longitude),
            BulkValue(latitude),
            BulkValue(lsoaCode), BulkValue(lsoaName), .text(outcome), BulkValue(outcomeType),
        ]
    }

    /// Inserts the rows (skipping any already held) and gives each crime its latest outcome.
    static func insert(_ rows: [OutcomeRow], on sql: any SQLDatabase) async throws {
        try await BulkInserter(sql).insert(
            into: "crime_outcomes", columns: columns, rows: rows.lazy.map(\.values),
            conflict: "ON CONFLICT (row_key) DO NOTHING")
        try await CrimeRow.applyLatestOutcomes(crimeIDs: Set(rows.compactMap(\.crimeID)), on: sql)
    }

    /// Links every held outcome (no `crime_id`) whose Crime ID a stored crime now has to that crime (the
    /// first stored, as `CrimeRow.crimeIDs(for:)` picks), gives those crimes their latest outcome, and
    /// returns how many outcomes were linked. One statement over the held outcomes, whatever order the
    /// files came in: the held rows are found through the `crime_outcomes_crime` index, their crimes
    /// through `crimes_police_uk_crime_id`.
    static func linkHeldOutcomes(on sql: any SQLDatabase) async throws -> Int {
        struct Linked: Decodable { var crime_id: Int }
        let linked = try await sql.raw(
            """
            UPDATE crime_outcomes
            SET crime_id = (SELECT MIN(c.id) FROM crimes c WHERE c.police_uk_crime_id = crime_outcomes.police_uk_crime_id)
            WHERE crime_id IS NULL
              AND EXISTS (SELECT 1 FROM crimes c WHERE c.police_uk_crime_id = crime_outcomes.police_uk_crime_id)
            RETURNING crime_id
            """
        ).all(decoding: Linked.self)
        try await CrimeRow.applyLatestOutcomes(crimeIDs: Set(linked.map(\.crime_id)), on: sql)
        return linked.count
    }

    /// How many outcomes are held for crimes not (yet) imported.
    static func heldCount(on sql: any SQLDatabase) async throws -> Int {
        struct Count: Decodable { var n: Int }
        return try await sql.raw("SELECT COUNT(*) AS n FROM crime_outcomes WHERE crime_id IS NULL").first(
            decoding: Count.self)?.n ?? 0
    }
}

extension CrimeRow {
    /// The first stored crime for each police.uk Crime ID.
    static func crimeIDs(for policeUKIDs: Set<String>, on sql: any SQLDatabase) async throws -> [String: Int] {
        struct Found: Decodable { var police_uk_crime_id: String; var id: Int }
        var result: [String: Int] = [:]
        for chunk in Array(policeUKIDs).chunked(into: 900) {
            let rows = try await sql.select().column("police_uk_crime_id").column(
                SQLAlias(SQLFunction("MIN", args: SQLColumn("id")), as: SQLIdentifier("id"))
            )
            .from("crimes").where("police_uk_crime_id", .in, Array(chunk)).groupBy("police_uk_crime_id")
            .all(decoding: Found.self)
            for row in rows { result[row.police_uk_crime_id] = row.id }
        }
        return result
    }

    /// Sets each crime's outcome to its latest published outcome that is a Home Office outcome
    /// (court results count as a charge), and closes it.
    static func applyLatestOutcomes(crimeIDs: Set<Int>, on sql: any SQLDatabase) async throws {
        guard !crimeIDs.isEmpty else { return }
        let ids = Array(crimeIDs)
        // The outcome date is the first day of the latest outcome's month, in each database's date form
        // (SQLite holds dates as seconds since 1970).
        let monthStart =
            sql.dialect.name == "postgresql"
            ? "(MAX(o.month) || '-01T00:00:00Z')::timestamptz"
            : "CAST(strftime('%s', MAX(o.month) || '-01') AS REAL)"
        for chunk in ids.chunked(into: 900) {
            let list = SQLList(chunk.map { SQLBind($0) })
            try await sql.raw(
                """
                UPDATE crimes SET
                  outcome_type = (SELECT o.outcome_type FROM crime_outcomes o WHERE o.crime_id = crimes.id AND o.outcome_type IS NOT NULL ORDER BY o.month DESC, o.id DESC LIMIT 1),
                  outcome_date = (SELECT \(unsafeRaw: monthStart) FROM crime_outcomes o WHERE o.crime_id = crimes.id AND o.outcome_type IS NOT NULL)
                WHERE id IN (\(list))
                """
            ).run()
            try await sql.raw(
                "UPDATE crimes SET status = 'closed' WHERE id IN (\(list)) AND outcome_type IS NOT NULL AND status <> 'closed'"
            ).run()
        }
    }
}
