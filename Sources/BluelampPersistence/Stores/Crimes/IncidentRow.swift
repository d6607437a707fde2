import BluelampCore
import Foundation
import SQLKit

/// One `incidents` row as plain values, for bulk inserts.
struct IncidentRow: Sendable {
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

    static let columns = [
        "import_batch_id", "source_line", "row_key", "bcu_code", "police_uk_crime_id", "month", "incident_type",
        "borough", "reported_by", "falls_within", "location", "longitude", "latitude", "lsoa_code", "lsoa_name", "context",
    ]

    init(record: PoliceUKStreetRecord, rowKey: String?, batchID: Int?, line: Int?) {
        importBatchID = batchID
        sourceLine = line
        self.rowKey = rowKey
        bcuCode = record.bcu?.code
        policeUKCrimeID = record.crimeID
        month = record.month.text
        incidentType = record.crimeType.rawValue
        borough = record.borough
        reportedBy = record.reportedBy
        fallsWithin = record.fallsWithin
        location = record.location.place
        longitude = record.location.longitude
        latitude = record.location.latitude
        lsoaCode = record.location.lsoaCode
        lsoaName = record.location.lsoaName
        context = record.context
    }

    var values: [BulkValue] {
        [
            BulkValue(importBatchID), BulkValue(sourceLine), BulkValue(rowKey), BulkValue(bcuCode), BulkValue(policeUKCrimeID),
            .text(month), .text(incidentType), BulkValue(borough), .text(reportedBy), .text(fallsWithin), .text(location),
            BulkValue(longitude), BulkValue(latitude), BulkValue(lsoaCode), BulkValue(lsoaName), .text(context),
        ]
    }

    static func insert(_ rows: [IncidentRow], on sql: any SQLDatabase) async throws {
        try await BulkInserter(sql).insert(
            into: "incidents", columns: columns, rows: rows.lazy.map(\.values), conflict: "ON CONFLICT (row_key) DO NOTHING")
    }
}

/// One `crime_outcomes` row as plain values.
struct OutcomeRow: Sendable {
    var crimeID: Int
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

    init(record: PoliceUKOutcomeRecord, crimeID: Int, rowKey: String?, batchID: Int?, line: Int?) {
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
            .int(crimeID), BulkValue(importBatchID), BulkValue(sourceLine), BulkValue(rowKey), .text(policeUKCrimeID),
            .text(month), .text(reportedBy), .text(fallsWithin), .text(location), BulkValue(longitude), BulkValue(latitude),
            BulkValue(lsoaCode), BulkValue(lsoaName), .text(outcome), BulkValue(outcomeType),
        ]
    }

    /// Inserts the rows (skipping any already held) and gives each crime its latest outcome.
    static func insert(_ rows: [OutcomeRow], on sql: any SQLDatabase) async throws {
        try await BulkInserter(sql).insert(
            into: "crime_outcomes", columns: columns, rows: rows.lazy.map(\.values), conflict: "ON CONFLICT (row_key) DO NOTHING")
        try await CrimeRow.applyLatestOutcomes(crimeIDs: Set(rows.map(\.crimeID)), on: sql)
    }
}

extension CrimeRow {
    /// The first stored crime for each police.uk Crime ID.
    static func crimeIDs(for policeUKIDs: Set<String>, on sql: any SQLDatabase) async throws -> [String: Int] {
        struct Found: Decodable { var police_uk_crime_id: String; var id: Int }
        var result: [String: Int] = [:]
        for chunk in Array(policeUKIDs).chunked(into: 900) {
            let rows = try await sql.select().column("police_uk_crime_id").column(SQLAlias(SQLFunction("MIN", args: SQLColumn("id")), as: SQLIdentifier("id")))
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
            try await sql.raw("""
                UPDATE crimes SET
                  outcome_type = (SELECT o.outcome_type FROM crime_outcomes o WHERE o.crime_id = crimes.id AND o.outcome_type IS NOT NULL ORDER BY o.month DESC, o.id DESC LIMIT 1),
                  outcome_date = (SELECT \(unsafeRaw: monthStart) FROM crime_outcomes o WHERE o.crime_id = crimes.id AND o.outcome_type IS NOT NULL)
                WHERE id IN (\(list))
                """).run()
            try await sql.raw(
                "UPDATE crimes SET status = 'closed' WHERE id IN (\(list)) AND outcome_type IS NOT NULL AND status <> 'closed'"
            ).run()
        }
    }
}
