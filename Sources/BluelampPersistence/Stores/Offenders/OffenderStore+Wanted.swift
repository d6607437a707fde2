import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Wanted suspects (listed from open crimes, arrested, circulated) and the IOM cohort.
extension OffenderStore {
    // MARK: Wanted suspects and IOM

    struct WantedRow: Decodable {
        var id: Int
        var bcu_code: String
        var given_name: String
        var family_name: String
        var date_of_birth: String?
        var crime_id: Int?
        var crime_reference: String
        var offence: String
        var wanted_since: Date
        var circulated: Bool
        var circulated_on: Date?
        var arrested_on: Date?
        var responsible_officer_id: Int?
        var officer_rank: String?
        var officer_given: String?
        var officer_family: String?
        var strand: String?
        var lead_rank: String?
        var lead_given: String?
        var lead_family: String?

        var entry: WantedSuspectEntry? {
            guard let bcu = BCU(rawValue: bcu_code) else { return nil }
            return WantedSuspectEntry(
                id: id, bcu: bcu, givenName: given_name, familyName: family_name, dateOfBirth: date_of_birth,
                crimeID: crime_id, crimeReference: crime_reference, offence: offence, wantedSince: wanted_since,
                circulated: circulated, circulatedOn: circulated_on, responsibleOfficerID: responsible_officer_id,
                responsibleOfficerName: officerLabel(rank: officer_rank, given: officer_given, family: officer_family),
                iomStrand: strand.flatMap(IOMStrand.init(rawValue:)),
                iomLeadOfficerName: officerLabel(rank: lead_rank, given: lead_given, family: lead_family),
                arrestedOn: arrested_on)
        }
    }

    static let wantedSelect: SQLQueryString = """
        SELECT w.id, w.bcu_code, w.given_name, w.family_name, w.date_of_birth, w.crime_id, w.crime_reference,
          w.offence, w.wanted_since, w.circulated, w.circulated_on, w.arrested_on, w.responsible_officer_id,
          o.rank AS officer_rank, o.given_name AS officer_given, o.family_name AS officer_family, m.strand,
          l.rank AS lead_rank, l.given_name AS lead_given, l.family_name AS lead_family
        FROM wanted_suspects w
        LEFT JOIN officers o ON o.id = w.responsible_officer_id
        LEFT JOIN iom_cohort_members m ON m.id = w.iom_member_id
        LEFT JOIN officers l ON l.id = m.lead_officer_id
        """

    /// Named suspects of crimes in `bcus` (nil: all) that are open with no outcome, who have no
    /// wanted_suspects row for that crime yet (matched on the crime and the name), in crime order.
    public static func unlistedCrimeSuspects(bcus: [BCU]?, on database: any Database) async throws -> [NamedSuspect] {
        if let bcus, bcus.isEmpty { return [] }
        let sql = database as! any SQLDatabase
        let open = CrimeStatus.Code.allCases.filter(\.isOpen).map(\.rawValue)
        let bcuFilter: SQLQueryString = bcus.map { " AND c.bcu_code IN (\(binds: $0.map(\.code)))" } ?? ""
        struct Row: Decodable {
            var crime_id: Int
            var reference: String
            var bcu_code: String
            var offence_description: String
            var recorded_at: Date
            var given_name: String
            var family_name: String
            var date_of_birth: String?
        }
        let rows = try await sql.raw(
            """
            SELECT c.id AS crime_id, c.reference, c.bcu_code, c.offence_description, c.recorded_at, p.given_name,
              p.family_name, p.date_of_birth
            FROM crimes c
            JOIN crime_people cp ON cp.crime_id = c.id AND cp.role = \(bind: PersonRole.suspect.rawValue)
            JOIN people p ON p.id = cp.person_id
            WHERE c.status IN (\(binds: open)) AND c.outcome_type IS NULL AND c.bcu_code IS NOT NULL\(bcuFilter)
              AND NOT EXISTS (
                SELECT 1 FROM wanted_suspects w
                WHERE w.crime_id = c.id AND w.given_name = p.given_name AND w.family_name = p.family_name)
            ORDER BY c.id, cp.id
            """
        ).all(decoding: Row.self)
        return rows.compactMap { row in
            guard let bcu = BCU(rawValue: row.bcu_code), bcu != .force else { return nil }
            return NamedSuspect(
                crimeID: row.crime_id, crimeReference: row.reference, bcu: bcu, offence: row.offence_description,
                name: PersonName(given: row.given_name, family: row.family_name),
                dateOfBirth: row.date_of_birth.flatMap(DateOfBirth.init), recordedAt: row.recorded_at)
        }
    }

    /// Puts every named suspect of an open crime with no outcome in `bcus` (nil: all) on the wanted list,
    /// outstanding from the day the crime was recorded, unless they are on it for that crime already (so
    /// a suspect marked arrested is not listed again). Returns how many were added.
    ///
    /// The crimes are the source (issue 8: "named suspects not yet arrested (from crimes)"); the list's own
    /// rows keep what the crime does not: circulated, the officer responsible, the arrest.
    @discardableResult
    public static func listWantedFromCrimes(bcus: [BCU]?, on database: any Database) async throws -> Int {
        let suspects = try await unlistedCrimeSuspects(bcus: bcus, on: database)
        guard !suspects.isEmpty else { return 0 }
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            for chunk in suspects.chunked(into: 400) {
                var insert = sql.insert(into: WantedSuspect.schema).columns(
                    "bcu_code", "crime_id", "given_name", "family_name", "date_of_birth", "crime_reference", "offence",
                    "wanted_since", "circulated")
                for s in chunk {
                    insert = insert.values(
                        SQLBind(s.bcu.code), SQLBind(s.crimeID), SQLBind(s.name.given), SQLBind(s.name.family),
                        SQLBind(s.dateOfBirth?.text), SQLBind(s.crimeReference), SQLBind(s.offence),
                        SQLBind(OffenderCalendar.startOfDay(s.recordedAt)), SQLBind(false))
                }
                try await insert.run()
            }
        }
        return suspects.count
    }

    /// Outstanding suspects (not yet arrested) in `bcus` (nil: all), longest outstanding first.
    public static func wanted(
        bcus: [BCU]?, offset: Int = 0, limit: Int = 50, on database: any Database
    ) async throws -> (suspects: [WantedSuspectEntry], total: Int) {
        if let bcus, bcus.isEmpty { return ([], 0) }
        let sql = database as! any SQLDatabase
        let bcuFilter: SQLQueryString = bcus.map { " AND w.bcu_code IN (\(binds: $0.map(\.code)))" } ?? ""
        struct Count: Decodable { var n: Int }
        let total =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM wanted_suspects w WHERE w.arrested_on IS NULL\(bcuFilter)"
            ).first(decoding: Count.self)?.n ?? 0
        let rows = try await sql.raw(
            """
            \(wantedSelect) WHERE w.arrested_on IS NULL\(bcuFilter)
            ORDER BY w.wanted_since, w.id LIMIT \(literal: max(1, limit)) OFFSET \(literal: max(0, offset))
            """
        ).all(decoding: WantedRow.self)
        let suspects = rows.compactMap(\.entry)
        return (suspects, total)
    }

    /// One wanted suspect, arrested or not.
    public static func wantedSuspect(id: Int, on database: any Database) async throws -> WantedSuspectEntry? {
        let sql = database as! any SQLDatabase
        return try await sql.raw("\(wantedSelect) WHERE w.id = \(bind: id)").first(decoding: WantedRow.self)?.entry
    }

    /// Records the arrest, which takes the suspect off the wanted list.
    public static func markWantedArrested(id: Int, on day: Date, on database: any Database) async throws {
        guard let row = try await WantedSuspect.find(id, on: database) else { throw OffenderStoreError.notFound }
        row.arrestedOn = OffenderCalendar.startOfDay(day)
        try await row.save(on: database)
    }

    /// Records that the suspect has been circulated as wanted (on the PNC), and on which day.
    public static func markWantedCirculated(id: Int, on day: Date, on database: any Database) async throws {
        guard let row = try await WantedSuspect.find(id, on: database) else { throw OffenderStoreError.notFound }
        row.circulated = true
        row.circulatedOn = OffenderCalendar.startOfDay(day)
        try await row.save(on: database)
    }

    /// Sets the officer responsible for finding the suspect (nil: nobody).
    public static func setWantedResponsibleOfficer(id: Int, officerID: Int?, on database: any Database) async throws {
        guard let row = try await WantedSuspect.find(id, on: database) else { throw OffenderStoreError.notFound }
        row.$responsibleOfficer.id = officerID
        try await row.save(on: database)
    }

    /// Current IOM cohort members (not left) in `bcus` (nil: all), by family name.
    public static func iomCohort(
        bcus: [BCU]?, offset: Int = 0, limit: Int = 50, on database: any Database
    ) async throws -> (members: [IOMMemberEntry], total: Int) {
        if let bcus, bcus.isEmpty { return ([], 0) }
        var query = IOMCohortMember.query(on: database).filter(\.$leftOn == nil)
        if let bcus { query = query.filter(\.$bcu.$id ~~ bcus.map(\.code)) }
        let total = try await query.count()
        let rows = try await query.copy().with(\.$leadOfficer).sort(\.$familyName).sort(\.$givenName).sort(\.$id)
            .offset(max(0, offset)).limit(max(1, limit)).all()
        let members = rows.compactMap { row -> IOMMemberEntry? in
            guard let id = row.id, let bcu = BCU(rawValue: row.$bcu.id), let strand = IOMStrand(rawValue: row.strand)
            else {
                return nil
            }
            let lead = row.$leadOfficer.value ?? nil
            return IOMMemberEntry(
                id: id, bcu: bcu, givenName: row.givenName, familyName: row.familyName, strand: strand,
                leadOfficerID: row.$leadOfficer.id,
                leadOfficerName: lead.flatMap {
                    officerLabel(rank: $0.rank, given: $0.givenName, family: $0.familyName)
                },
                joinedOn: row.joinedOn, leftOn: row.leftOn)
        }
        return (members, total)
    }
}
