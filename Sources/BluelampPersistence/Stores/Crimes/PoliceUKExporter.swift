import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Writes a month back out in police.uk's formats. Imported rows come out in their file's order, so
/// importing a file and exporting its month reproduces it; crimes recorded here follow, oldest first.
public enum PoliceUKExporter {
    /// The street file for `month`: every crime (cancelled records excepted: they are not crimes; reports awaiting
    /// their recording decision, or decided as an incident or no crime, are not crimes either) and
    /// every anti-social behaviour incident.
    public static func streetRecords(month: PoliceUKMonth, on database: any Database) async throws
        -> [PoliceUKStreetRecord]
    {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var id: Int
            var import_batch_id: Int?
            var source_line: Int?
            var police_uk_crime_id: String?
            var reported_by: String
            var falls_within: String
            var longitude: Double?
            var latitude: Double?
            var location: String
            var lsoa_code: String?
            var lsoa_name: String?
            var crime_type: String
            var police_uk_outcome: String?
            var outcome_type: Int?
            var status: String?
            var context: String
        }
        let order = "CASE WHEN import_batch_id IS NULL THEN 1 ELSE 0 END, import_batch_id, source_line, id"
        let crimes = try await sql.raw(
            """
            SELECT id, import_batch_id, source_line, police_uk_crime_id, reported_by, falls_within, longitude, latitude,
              location, lsoa_code, lsoa_name, category AS crime_type, police_uk_outcome, outcome_type, status, context
            FROM crimes WHERE month = \(bind: month.text) AND recording_decision = 'crime'
              AND (status <> 'cancelled' OR import_batch_id IS NOT NULL)
            ORDER BY \(unsafeRaw: order)
            """
        ).all(decoding: Row.self)
        let incidents = try await sql.raw(
            """
            SELECT id, import_batch_id, source_line, police_uk_crime_id, reported_by, falls_within, longitude, latitude,
              location, lsoa_code, lsoa_name, incident_type AS crime_type, NULL AS police_uk_outcome, NULL AS outcome_type,
              NULL AS status, context
            FROM incidents WHERE month = \(bind: month.text) ORDER BY \(unsafeRaw: order)
            """
        ).all(decoding: Row.self)

        func record(_ row: Row, isCrime: Bool) -> PoliceUKStreetRecord? {
            let type: PoliceUKCrimeType?
            if isCrime {
                type = CrimeCategory(code: row.crime_type).map(PoliceUKCrimeType.crime)
            } else {
                type = PoliceUKCrimeType(rawValue: row.crime_type)
            }
            guard let type else { return nil }
            var outcome = row.police_uk_outcome.flatMap(PoliceUKOutcome.init(rawValue:))
            if isCrime && outcome == nil && row.import_batch_id == nil {
                // Recorded here: publish the outcome, or that it is still being investigated.
                outcome =
                    row.outcome_type.flatMap(OutcomeType.init(rawValue:))?.policeUKOutcome
                    ?? ((row.status.flatMap(CrimeStatus.Code.init(rawValue:))?.isOpen ?? false)
                        ? .underInvestigation : nil)
            }
            return PoliceUKStreetRecord(
                crimeID: row.police_uk_crime_id, month: month, reportedBy: row.reported_by,
                fallsWithin: row.falls_within,
                location: CrimeLocation(
                    longitude: row.longitude, latitude: row.latitude, place: row.location, lsoaCode: row.lsoa_code,
                    lsoaName: row.lsoa_name),
                crimeType: type, lastOutcome: outcome, context: row.context)
        }

        // Merge the two tables back into file order.
        func position(_ row: Row) -> (Int, Int, Int, Int) {
            row.import_batch_id.map { (0, $0, row.source_line ?? 0, row.id) } ?? (1, 0, 0, row.id)
        }
        var result: [PoliceUKStreetRecord] = []
        result.reserveCapacity(crimes.count + incidents.count)
        var i = 0
        var j = 0
        while i < crimes.count || j < incidents.count {
            let takeCrime: Bool
            if i == crimes.count {
                takeCrime = false
            } else if j == incidents.count {
                takeCrime = true
            } else {
                let (a, b) = (position(crimes[i]), position(incidents[j]))
                // Crimes recorded here (no batch) come before incidents recorded here.
                takeCrime = a.0 == b.0 && a.0 == 1 ? true : a < b
            }
            if takeCrime {
                if let r = record(crimes[i], isCrime: true) { result.append(r) }
                i += 1
            } else {
                if let r = record(incidents[j], isCrime: false) { result.append(r) }
                j += 1
            }
        }
        return result
    }

    /// The outcomes file for `month`: every outcome assigned in it, imported or recorded here.
    public static func outcomeRecords(month: PoliceUKMonth, on database: any Database) async throws
        -> [PoliceUKOutcomeRecord]
    {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var police_uk_crime_id: String
            var reported_by: String
            var falls_within: String
            var longitude: Double?
            var latitude: Double?
            var location: String
            var lsoa_code: String?
            var lsoa_name: String?
            var outcome: String
        }
        let rows = try await sql.raw(
            """
            SELECT police_uk_crime_id, reported_by, falls_within, longitude, latitude, location, lsoa_code, lsoa_name, outcome
            FROM crime_outcomes WHERE month = \(bind: month.text)
            ORDER BY CASE WHEN import_batch_id IS NULL THEN 1 ELSE 0 END, import_batch_id, source_line, id
            """
        ).all(decoding: Row.self)
        return rows.compactMap { row in
            guard let outcome = PoliceUKOutcome(rawValue: row.outcome) else { return nil }
            return PoliceUKOutcomeRecord(
                crimeID: row.police_uk_crime_id, month: month, reportedBy: row.reported_by,
                fallsWithin: row.falls_within,
                location: CrimeLocation(
                    longitude: row.longitude, latitude: row.latitude, place: row.location, lsoaCode: row.lsoa_code,
                    lsoaName: row.lsoa_name),
                outcome: outcome)
        }
    }

    /// The whole file as police.uk writes it.
    public static func file(_ kind: PoliceUKFileKind, month: PoliceUKMonth, on database: any Database) async throws
        -> String
    {
        switch kind {
        case .street: PoliceUKCSV.file(try await streetRecords(month: month, on: database))
        case .outcomes: PoliceUKCSV.file(try await outcomeRecords(month: month, on: database))
        }
    }
}
