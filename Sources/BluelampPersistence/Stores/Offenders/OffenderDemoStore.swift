import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// Writes the demo's offenders, visits, escalations, IOM cohort and wanted suspects in bulk (SQLKit
/// multi-row inserts inside one transaction), after `DemoOffenderGenerator` made them. The wanted
/// suspects are the demo crimes' named suspects, so the crimes are loaded first.
public enum OffenderDemoStore {
    /// Whether the register already holds anyone (the demo's offenders are then not generated again).
    public static func hasOffenders(on database: any Database) async throws -> Bool {
        try await RegisteredOffender.query(on: database).count() > 0
    }

    /// The force's officers as the generator needs them, in id order (the order they were created in).
    public static func officers(on database: any Database) async throws -> [DemoOffenderOfficer] {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var warrant_number: String
            var given_name: String
            var family_name: String
            var rank: String
            var bcu_code: String
            var kind: String?
            var status: String
        }
        let rows = try await sql.raw(
            """
            SELECT o.warrant_number, o.given_name, o.family_name, o.rank, o.bcu_code, t.kind, o.status
            FROM officers o LEFT JOIN teams t ON t.id = o.team_id ORDER BY o.id
            """
        ).all(decoding: Row.self)
        return rows.compactMap { row in
            guard let rank = Rank(rawValue: row.rank), let bcu = BCU(rawValue: row.bcu_code),
                let status = OfficerStatus(rawValue: row.status)
            else { return nil }
            return DemoOffenderOfficer(
                warrantNumber: row.warrant_number, givenName: row.given_name, familyName: row.family_name, rank: rank,
                bcu: bcu, teamKind: row.kind.flatMap(TeamKind.init(rawValue:)), status: status)
        }
    }

    /// Inserts everything; `progress` hears (label, done, total) per kind of record.
    public static func insert(
        _ records: DemoOffenderRecords, now: Date, on database: any Database, batchSize: Int = 400,
        progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }
    ) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            struct OfficerRow: Decodable { var id: Int; var warrant_number: String }
            let officerRows = try await sql.raw("SELECT id, warrant_number FROM officers").all(
                decoding: OfficerRow.self)
            let officerID = Dictionary(officerRows.map { ($0.warrant_number, $0.id) }, uniquingKeysWith: { a, _ in a })

            // Offenders
            var done = 0
            for chunk in records.rsos.chunked(into: batchSize) {
                var insert = sql.insert(into: RegisteredOffender.schema).columns(
                    "bcu_code", "manager_officer_id", "reference", "given_name", "family_name", "date_of_birth",
                    "pnc_number", "address_line", "address_area", "borough", "mappa_category", "mappa_level",
                    "risk_level", "risk_assessed_on", "risk_review_due", "registered_on", "visit_frequency_months",
                    "visit_frequency_reason", "reactive_since", "reactive_decided_by", "reactive_reason",
                    "reactive_decided_at", "last_seen_on", "last_attempt_on", "last_attempt_outcome",
                    "last_unannounced_on")
                for rso in chunk {
                    let current = rso.assessments.last!
                    let made = rso.visits.compactMap(\.attempt)
                    let lastSeen = made.last { $0.outcome.isSuccessful }?.visitedOn
                    let lastAttempt = made.last
                    let lastUnannounced = made.last { !$0.announced }?.visitedOn
                    insert = insert.values(
                        SQLBind(rso.bcu.code), SQLBind(rso.managerWarrant.flatMap { officerID[$0] }),
                        SQLBind(rso.reference), SQLBind(rso.givenName), SQLBind(rso.familyName),
                        SQLBind(rso.dateOfBirth.text), SQLBind(rso.pncNumber), SQLBind(rso.addressLine),
                        SQLBind(rso.addressArea), SQLBind(rso.borough), SQLBind(rso.mappaCategory.rawValue),
                        SQLBind(rso.mappaLevel.rawValue), SQLBind(current.level.rawValue), SQLBind(current.assessedOn),
                        SQLBind(current.reviewDue), SQLBind(rso.registeredOn),
                        SQLBind(rso.frequency.isOverridden ? rso.frequency.months : nil),
                        SQLBind(rso.frequency.overrideReason), SQLBind(rso.reactive?.since),
                        SQLBind(rso.reactive?.decidedBy), SQLBind(rso.reactive?.reason),
                        SQLBind(rso.reactive.map { _ in now }), SQLBind(lastSeen), SQLBind(lastAttempt?.visitedOn),
                        SQLBind(lastAttempt?.outcome.rawValue), SQLBind(lastUnannounced))
                }
                try await insert.run()
                done += chunk.count
                progress("Registered sex offenders", done, records.rsos.count)
            }
            struct IDRow: Decodable { var id: Int; var reference: String }
            let ids = try await sql.raw("SELECT id, reference FROM registered_offenders").all(decoding: IDRow.self)
            let offenderID = Dictionary(ids.map { ($0.reference, $0.id) }, uniquingKeysWith: { a, _ in a })

            // Risk assessments, conditions, notifications
            let assessments = records.rsos.flatMap { rso in rso.assessments.map { (offenderID[rso.reference]!, $0) } }
            for chunk in assessments.chunked(into: batchSize * 2) {
                var insert = sql.insert(into: RSORiskAssessmentRecord.schema).columns(
                    "offender_id", "assessed_on", "level", "review_due", "assessed_by")
                for (id, a) in chunk {
                    insert = insert.values(
                        SQLBind(id), SQLBind(a.assessedOn), SQLBind(a.level.rawValue), SQLBind(a.reviewDue),
                        SQLBind("ARMS assessment"))
                }
                try await insert.run()
            }
            let conditions = records.rsos.flatMap { rso in rso.conditions.map { (offenderID[rso.reference]!, $0) } }
            for chunk in conditions.chunked(into: batchSize * 2) {
                var insert = sql.insert(into: RSOConditionRecord.schema).columns(
                    "offender_id", "kind", "detail", "imposed_on", "expires_on")
                for (id, c) in chunk {
                    insert = insert.values(
                        SQLBind(id), SQLBind(c.kind.rawValue), SQLBind(c.detail), SQLBind(c.imposedOn),
                        SQLBind(c.expiresOn))
                }
                try await insert.run()
            }
            let notifications = records.rsos.flatMap { rso in rso.notifications.map { (offenderID[rso.reference]!, $0) }
            }
            for chunk in notifications.chunked(into: batchSize * 2) {
                var insert = sql.insert(into: RSONotificationRecord.schema).columns(
                    "offender_id", "kind", "triggered_on", "due_on", "notified_on")
                for (id, n) in chunk {
                    insert = insert.values(
                        SQLBind(id), SQLBind(n.kind.rawValue), SQLBind(n.triggeredOn), SQLBind(n.dueOn),
                        SQLBind(n.notifiedOn))
                }
                try await insert.run()
            }

            // Visits, then who went on each. Visits are inserted in generation order, so their ids follow it.
            let visits = records.rsos.flatMap { rso in rso.visits.map { (offenderID[rso.reference]!, $0) } }
            struct MaxRow: Decodable { var n: Int? }
            let before = try await sql.raw("SELECT MAX(id) AS n FROM rso_visits").first(decoding: MaxRow.self)?.n ?? 0
            done = 0
            for chunk in visits.chunked(into: batchSize) {
                var insert = sql.insert(into: RSOVisit.schema).columns(
                    "offender_id", "planned_on", "window_start", "window_end", "announced", "visited_on", "outcome",
                    "devices_found", "breach_found", "concerns", "reattempt_due", "recorded_at")
                for (id, v) in chunk {
                    insert = insert.values(
                        SQLBind(id), SQLBind(v.plannedOn), SQLBind(v.windowStart.text), SQLBind(v.windowEnd.text),
                        SQLBind(v.announced), SQLBind(v.visitedOn), SQLBind(v.outcome?.rawValue),
                        SQLBind(v.devicesFound),
                        SQLBind(v.breachFound), SQLBind(v.concerns), SQLBind(v.reattemptDue),
                        SQLBind(v.visitedOn.map { $0.addingTimeInterval(20 * 3600) }))
                }
                try await insert.run()
                done += chunk.count
                progress("Home visits", done, visits.count)
            }
            struct VisitRow: Decodable { var id: Int }
            let visitIDs = try await sql.raw("SELECT id FROM rso_visits WHERE id > \(bind: before) ORDER BY id")
                .all(decoding: VisitRow.self).map(\.id)
            precondition(visitIDs.count == visits.count, "every demo visit has an id")
            let links = zip(visitIDs, visits).flatMap { id, visit in
                visit.1.officerWarrants.compactMap { officerID[$0] }.map { (id, $0) }
            }
            for chunk in links.chunked(into: batchSize * 2) {
                var insert = sql.insert(into: RSOVisitOfficer.schema).columns("visit_id", "officer_id")
                for (visit, officer) in chunk { insert = insert.values(SQLBind(visit), SQLBind(officer)) }
                try await insert.run()
            }

            // Escalations
            let escalations = records.rsos.flatMap { rso in
                rso.escalations.map { (offenderID[rso.reference]!, rso.bcu, $0) }
            }
            for chunk in escalations.chunked(into: batchSize) {
                var insert = sql.insert(into: RSOEscalation.schema).columns(
                    "offender_id", "bcu_code", "escalation_date", "raised_on", "last_seen_on", "decision", "reason",
                    "decided_by", "decided_at")
                for (id, bcu, e) in chunk {
                    insert = insert.values(
                        SQLBind(id), SQLBind(bcu.code), SQLBind(e.escalationDate), SQLBind(e.escalationDate),
                        SQLBind(e.lastSeenOn), SQLBind(e.decision?.rawValue), SQLBind(e.reason), SQLBind(e.decidedBy),
                        SQLBind(e.decidedOn.map { $0.addingTimeInterval(15 * 3600) }))
                }
                try await insert.run()
            }

            // IOM cohort, then wanted suspects pointing at its members.
            let memberBefore =
                try await sql.raw("SELECT MAX(id) AS n FROM iom_cohort_members").first(decoding: MaxRow.self)?.n ?? 0
            for chunk in records.iomMembers.chunked(into: batchSize) {
                var insert = sql.insert(into: IOMCohortMember.schema).columns(
                    "bcu_code", "lead_officer_id", "given_name", "family_name", "date_of_birth", "strand", "joined_on",
                    "left_on")
                for m in chunk {
                    insert = insert.values(
                        SQLBind(m.bcu.code), SQLBind(m.leadWarrant.flatMap { officerID[$0] }), SQLBind(m.givenName),
                        SQLBind(m.familyName), SQLBind(m.dateOfBirth.text), SQLBind(m.strand.rawValue),
                        SQLBind(m.joinedOn),
                        SQLBind(m.leftOn))
                }
                try await insert.run()
            }
            let memberIDs = try await sql.raw(
                "SELECT id FROM iom_cohort_members WHERE id > \(bind: memberBefore) ORDER BY id"
            )
            .all(decoding: VisitRow.self).map(\.id)
            let memberID = Dictionary(zip(records.iomMembers.map(\.key), memberIDs), uniquingKeysWith: { a, _ in a })
            done = 0
            for chunk in records.wanted.chunked(into: batchSize) {
                var insert = sql.insert(into: WantedSuspect.schema).columns(
                    "bcu_code", "responsible_officer_id", "iom_member_id", "crime_id", "given_name", "family_name",
                    "date_of_birth", "crime_reference", "offence", "wanted_since", "circulated", "circulated_on",
                    "arrested_on")
                for w in chunk {
                    insert = insert.values(
                        SQLBind(w.bcu.code), SQLBind(w.responsibleWarrant.flatMap { officerID[$0] }),
                        SQLBind(w.iomMemberKey.flatMap { memberID[$0] }), SQLBind(w.crimeID), SQLBind(w.givenName),
                        SQLBind(w.familyName), SQLBind(w.dateOfBirth?.text), SQLBind(w.crimeReference),
                        SQLBind(w.offence),
                        SQLBind(w.wantedSince), SQLBind(w.circulated), SQLBind(w.circulatedOn), SQLBind(w.arrestedOn))
                }
                try await insert.run()
                done += chunk.count
                progress("Wanted suspects", done, records.wanted.count)
            }
        }
    }
}
