import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// The demo's investigation histories: which crimes get one, and the bulk write of what `DemoInvestigations` makes.
public enum InvestigationDemoStore {
    public static func hasInvestigations(on database: any Database) async throws -> Bool {
        if try await SupervisoryReviewRecord.query(on: database).first() != nil { return true }
        return try await LineOfEnquiryRecord.query(on: database).first() != nil
    }

    /// Crimes first given to an officer since `since`, with their holder (the current or last allocation), outcome
    /// and victims, in id order, from `afterID`, at most `limit`.
    public static func cases(since: Date, afterID: Int, limit: Int, on database: any Database) async throws
        -> [DemoInvestigationCase]
    {
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var crime_id: Int
            var reference: String
            var category: String
            var flags: Int
            var status: String
            var outcome_date: Date?
            var first: Date
            var officer_id: Int
            var given_name: String
            var family_name: String
            var rank: String
        }
        let proposal = AllocationKind.proposal.rawValue
        let rows = try await sql.raw(
            """
            SELECT f.crime_id AS crime_id, c.reference AS reference, c.category AS category, c.flags AS flags, c.status AS status,
              c.outcome_date AS outcome_date, f.first AS first, o.id AS officer_id, o.given_name AS given_name,
              o.family_name AS family_name, o.rank AS rank
            FROM (SELECT crime_id, MIN(COALESCE(allocated_at, created_at)) AS first, MAX(officer_id) AS officer_id
                  FROM crime_allocations WHERE kind <> \(bind: proposal) AND officer_id IS NOT NULL
                    AND crime_id > \(bind: afterID)
                  GROUP BY crime_id) f
              JOIN crimes c ON c.id = f.crime_id JOIN officers o ON o.id = f.officer_id
            WHERE f.first >= \(bind: since)
            ORDER BY f.crime_id LIMIT \(bind: limit)
            """
        ).all(decoding: Row.self)
        let victims = try await VictimStore.victims(crimeIDs: rows.map(\.crime_id), on: database)
        return rows.compactMap { row in
            guard let category = CrimeCategory(code: row.category) else { return nil }
            let status = CrimeStatus.Code(rawValue: row.status)
            return DemoInvestigationCase(
                crimeID: row.crime_id, reference: row.reference, category: category,
                flags: CrimeFlags(rawValue: row.flags),
                firstAllocatedAt: row.first, holderOfficerID: row.officer_id,
                holderName: "\(row.rank) \(row.given_name) \(row.family_name)",
                outcomeAt: row.outcome_date.map { max($0, row.first.addingTimeInterval(3_600)) },
                closed: status == .closed, victims: (victims[row.crime_id] ?? []).map(\.personID))
        }
    }

    /// Writes the histories in one transaction.
    public static func insert(_ histories: [DemoInvestigationHistory], on database: any Database) async throws {
        guard !histories.isEmpty else { return }
        try await BulkInserter.largeCacheTransaction(on: database) { db in
            let sql = db as! any SQLDatabase
            let bulk = BulkInserter(sql)
            try await bulk.insert(
                into: LineOfEnquiryRecord.schema,
                columns: [
                    "crime_id", "created_at", "created_by", "updated_at", "kind", "description", "status", "result",
                    "written_off_reason",
                ],
                rows: histories.flatMap { h in
                    h.lines.map { l in
                        [
                            .int(h.crimeID), .date(l.createdAt), .text(h.author), .date(l.updatedAt),
                            .text(l.kind.rawValue),
                            .text(l.description), .text(l.status.rawValue), BulkValue(l.result),
                            BulkValue(l.writtenOffReason),
                        ]
                    }
                })
            let owners = try await holders(histories.map(\.crimeID), on: db)
            try await bulk.insert(
                into: InvestigationActionRecord.schema,
                columns: [
                    "crime_id", "owner_officer_id", "created_at", "created_by", "description", "due_on", "due_by",
                    "done_at", "done_by",
                ],
                rows: histories.flatMap { h -> [[BulkValue]] in
                    guard let owner = owners[h.crimeID] else { return [] }
                    return h.actions.map { a in
                        [
                            .int(h.crimeID), .int(owner), .date(a.createdAt), .text(h.author), .text(a.description),
                            .text(a.dueOn.text), .date(a.dueBy), BulkValue(a.doneAt),
                            a.doneAt == nil ? .null : .text(h.author),
                        ]
                    }
                })
            try await bulk.insert(
                into: InvestigationNoteRecord.schema,
                columns: [
                    "crime_id", "written_at", "author", "text", "flagged_phrases", "flag_reviewed_at",
                    "flag_reviewed_by",
                ],
                rows: histories.flatMap { h in
                    h.notes.map { n in
                        [
                            .int(h.crimeID), .date(n.writtenAt), .text(h.author), .text(n.text),
                            .text(n.flagged.joined(separator: "\n")), BulkValue(n.reviewedAt),
                            n.reviewedAt == nil ? .null : .text(h.reviewer),
                        ]
                    }
                })
            try await bulk.insert(
                into: SupervisoryReviewRecord.schema,
                columns: [
                    "crime_id", "reviewed_at", "reviewer", "direction", "next_review_on", "due_at", "next_due_at",
                ],
                rows: histories.flatMap { h in
                    h.reviews.map { r in
                        [
                            .int(h.crimeID), .date(r.reviewedAt), .text(h.reviewer), .text(r.direction),
                            .text(r.nextReviewOn.text), .date(r.dueAt), .date(r.nextDueAt),
                        ]
                    }
                })
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            try await bulk.insert(
                into: VictimCareRecord.schema,
                columns: [
                    "crime_id", "person_id", "updated_at", "updated_by", "circumstances", "needs_assessed_at", "needs",
                    "referral_outcome", "vps_offered_at", "information",
                ],
                rows: try histories.flatMap { h in
                    try h.care.map { c in
                        [
                            .int(h.crimeID), .int(c.personID),
                            .date(c.needsAssessedAt ?? Date(timeIntervalSince1970: 0)),
                            .text(h.author),
                            .text(String(decoding: try encoder.encode(c.circumstances), as: UTF8.self)),
                            BulkValue(c.needsAssessedAt), c.needsAssessedAt == nil ? .null : .text("Needs discussed"),
                            BulkValue(c.referral?.rawValue), BulkValue(c.statementOfferedAt), .text("{}"),
                        ]
                    }
                })
            try await bulk.insert(
                into: VictimContactRow.schema,
                columns: [
                    "crime_id", "person_id", "recorded_at", "by", "contacted_at", "method", "summary", "update_due_at",
                    "next_update_due_at", "flagged_phrases",
                ],
                rows: histories.flatMap { h in
                    h.contacts.map { c in
                        [
                            .int(h.crimeID), .int(c.personID), .date(c.contactedAt), .text(h.author),
                            .date(c.contactedAt), .text(ContactPreference.phone.rawValue), .text(c.summary),
                            .date(c.updateDueAt), .date(c.nextUpdateDueAt), .text(""),
                        ]
                    }
                })
            try await bulk.insert(
                into: VictimKeyEventRow.schema,
                columns: ["crime_id", "recorded_at", "recorded_by", "event", "occurred_at"],
                rows: histories.flatMap { h in
                    h.keyEvents.map { e in
                        [
                            .int(h.crimeID), .date(e.occurredAt), .text(h.author), .text(e.event.rawValue),
                            .date(e.occurredAt),
                        ]
                    }
                })
            // The clocks refer to their event by id: read the ids back by crime and event.
            struct EventID: Decodable {
                var id: Int
                var crime_id: Int
                var event: String
            }
            var eventIDs: [String: Int] = [:]
            let ids = histories.filter { !$0.keyEvents.isEmpty }.map(\.crimeID)
            for chunk in ids.chunked(into: 5_000).map(Array.init) {
                for row in try await sql.raw(
                    "SELECT id, crime_id, event FROM victim_key_events WHERE crime_id IN (\(binds: chunk))"
                ).all(decoding: EventID.self) {
                    eventIDs["\(row.crime_id):\(row.event)"] = row.id
                }
            }
            try await bulk.insert(
                into: VictimNotificationRow.schema,
                columns: [
                    "key_event_id", "crime_id", "person_id", "enhanced", "opted_out", "due_on", "due_by", "told_at",
                    "told_by",
                ],
                rows: histories.flatMap { h in
                    h.keyEvents.flatMap { e -> [[BulkValue]] in
                        guard let eventID = eventIDs["\(h.crimeID):\(e.event.rawValue)"] else { return [] }
                        return e.clocks.map { c in
                            [
                                .int(eventID), .int(h.crimeID), .int(c.personID), .bool(c.enhanced), .bool(false),
                                .text(c.dueOn.text), .date(c.dueBy), BulkValue(c.toldAt),
                                c.toldAt == nil ? .null : .text(h.author),
                            ]
                        }
                    }
                })
        }
    }

    /// The officer each crime was last given to.
    static func holders(_ crimeIDs: [Int], on database: any Database) async throws -> [Int: Int] {
        guard !crimeIDs.isEmpty else { return [:] }
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            var crime_id: Int
            var officer_id: Int
        }
        var found: [Int: Int] = [:]
        for chunk in crimeIDs.chunked(into: 5_000).map(Array.init) {
            for row in try await sql.raw(
                """
                SELECT crime_id, MAX(officer_id) AS officer_id FROM crime_allocations
                WHERE crime_id IN (\(binds: chunk)) AND officer_id IS NOT NULL GROUP BY crime_id
                """
            ).all(decoding: Row.self) { found[row.crime_id] = row.officer_id }
        }
        return found
    }
}
