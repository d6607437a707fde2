import BluelampCore
import FluentKit
import Foundation
import SQLKit

/// "Consider arrest or warrant" cases: raised when twice the visit frequency passes, listed, decided.
extension OffenderStore {
    // MARK: Escalations

    struct EscalationRow: Decodable {
        var id: Int
        var offender_id: Int
        var reference: String
        var given_name: String
        var family_name: String
        var bcu_code: String
        var risk_level: String
        var manager_rank: String?
        var manager_given: String?
        var manager_family: String?
        var escalation_date: Date
        var raised_on: Date
        var last_seen_on: Date?
        var decision: String?
        var reason: String?
        var decided_by: String?
        var decided_at: Date?

        var entry: RSOEscalationEntry? {
            guard let bcu = BCU(rawValue: bcu_code), let risk = OffenderRiskLevel(rawValue: risk_level) else {
                return nil
            }
            return RSOEscalationEntry(
                id: id, offenderID: offender_id, offenderReference: reference,
                offenderName: PersonName(given: given_name, family: family_name).description, bcu: bcu, risk: risk,
                managerName: officerLabel(rank: manager_rank, given: manager_given, family: manager_family),
                escalationDate: escalation_date, raisedOn: raised_on, lastSeenOn: last_seen_on,
                decision: decision.flatMap(ArrestOrWarrantDecision.init(rawValue:)), reason: reason,
                decidedBy: decided_by,
                decidedAt: decided_at)
        }
    }

    static let escalationSelect: SQLQueryString = """
        SELECT e.id, e.offender_id, r.reference, r.given_name, r.family_name, e.bcu_code, r.risk_level,
          o.rank AS manager_rank, o.given_name AS manager_given, o.family_name AS manager_family, e.escalation_date,
          e.raised_on, e.last_seen_on, e.decision, e.reason, e.decided_by, e.decided_at
        FROM rso_escalations e JOIN registered_offenders r ON r.id = e.offender_id
        LEFT JOIN officers o ON o.id = r.manager_officer_id
        """

    /// Escalations in `bcus` (nil: all): open ones first, oldest first; then the latest decided, up to
    /// `decidedLimit`.
    public static func escalations(
        bcus: [BCU]?, decidedLimit: Int = 50, on database: any Database
    ) async throws -> [RSOEscalationEntry] {
        if let bcus, bcus.isEmpty { return [] }
        let sql = database as! any SQLDatabase
        let bcuFilter: SQLQueryString = bcus.map { " AND e.bcu_code IN (\(binds: $0.map(\.code)))" } ?? ""
        let open = try await sql.raw(
            "\(escalationSelect) WHERE e.decided_at IS NULL\(bcuFilter) ORDER BY e.escalation_date, e.id"
        ).all(decoding: EscalationRow.self)
        let decided = try await sql.raw(
            """
            \(escalationSelect) WHERE e.decided_at IS NOT NULL\(bcuFilter) ORDER BY e.decided_at DESC, e.id DESC
            LIMIT \(literal: max(0, decidedLimit))
            """
        ).all(decoding: EscalationRow.self)
        return (open + decided).compactMap(\.entry)
    }

    public static func escalation(id: Int, on database: any Database) async throws -> RSOEscalationEntry? {
        let sql = database as! any SQLDatabase
        return try await sql.raw("\(escalationSelect) WHERE e.id = \(bind: id)").first(decoding: EscalationRow.self)?
            .entry
    }

    static func escalations(offenderID: Int, on database: any Database) async throws -> [RSOEscalationEntry] {
        let sql = database as! any SQLDatabase
        return try await sql.raw(
            "\(escalationSelect) WHERE e.offender_id = \(bind: offenderID) ORDER BY e.escalation_date DESC, e.id DESC"
        ).all(decoding: EscalationRow.self).compactMap(\.entry)
    }

    /// Raises a "consider arrest or warrant" case for every offender in `bcus` (nil: all) not managed
    /// reactively whose last successful visit (or registration) is twice their frequency ago on `today`,
    /// unless the case for that lapse exists. Returns how many were raised.
    @discardableResult
    public static func raiseDueEscalations(bcus: [BCU]?, today: Date, on database: any Database) async throws -> Int {
        let offenders = try await summaries(bcus: bcus, on: database).filter { !$0.isReactive }
        var due: [(RSOSummary, Date)] = []
        for offender in offenders {
            if let date = ArrestOrWarrantEscalation.due(offender.visitStatus(today: today)) {
                due.append((offender, date))
            }
        }
        guard !due.isEmpty else { return 0 }
        let existing = try await RSOEscalation.query(on: database).filter(\.$offender.$id ~~ due.map(\.0.id)).all()
        let keys = Set(existing.map { "\($0.$offender.id)|\(OffenderCalendar.format($0.escalationDate))" })
        let new = due.filter { !keys.contains("\($0.0.id)|\(OffenderCalendar.format($0.1))") }
        try await database.transaction { db in
            for (offender, date) in new {
                let row = RSOEscalation()
                row.$offender.id = offender.id
                row.$bcu.id = offender.bcu.code
                row.escalationDate = date
                // Raised as of the day the case fell due, whenever the job or a page first noticed it, so a
                // case the daily run missed still shows how long it has waited.
                row.raisedOn = date
                row.lastSeenOn = offender.lastSeenOn
                try await row.create(on: db)
            }
        }
        return new.count
    }

    /// Records the supervisor's decision; a decided case cannot be decided again.
    public static func decideEscalation(
        id: Int, decision: ArrestOrWarrantDecision, reason: String, decidedBy: String, decidedByUserID: Int?,
        at now: Date, on database: any Database
    ) async throws {
        guard let row = try await RSOEscalation.find(id, on: database) else { throw OffenderStoreError.notFound }
        guard row.decidedAt == nil else { throw OffenderStoreError.alreadyDecided }
        row.decision = decision.rawValue
        row.reason = reason
        row.decidedBy = decidedBy
        row.$decidedByUser.id = decidedByUserID
        row.decidedAt = now
        try await row.save(on: database)
    }
}
