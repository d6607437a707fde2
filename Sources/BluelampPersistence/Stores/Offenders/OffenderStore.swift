import BluelampCore
import FluentKit
import Foundation
import SQLKit

// MARK: - The store

/// Registered sex offenders, their visits, risk, notifications and escalations; wanted suspects and the
/// IOM cohort. Returns core values; the service applies the rules and writes the audit entries.
public enum OffenderStore {
    // MARK: Register

    static let summaryColumns: SQLQueryString = """
        r.id, r.reference, r.given_name, r.family_name, r.bcu_code, r.borough, r.address_area, r.risk_level,
        r.risk_assessed_on, r.risk_review_due, r.mappa_category, r.mappa_level, r.registered_on,
        r.visit_frequency_months, r.visit_frequency_reason, r.manager_officer_id, o.rank AS manager_rank,
        o.given_name AS manager_given, o.family_name AS manager_family, r.reactive_since, r.last_seen_on,
        r.last_attempt_on, r.last_attempt_outcome, r.last_unannounced_on
        """

    struct SummaryRow: Decodable {
        var id: Int
        var reference: String
        var given_name: String
        var family_name: String
        var bcu_code: String
        var borough: String
        var address_area: String
        var risk_level: String
        var risk_assessed_on: Date
        var risk_review_due: Date
        var mappa_category: Int
        var mappa_level: Int
        var registered_on: Date
        var visit_frequency_months: Int?
        var visit_frequency_reason: String?
        var manager_officer_id: Int?
        var manager_rank: String?
        var manager_given: String?
        var manager_family: String?
        var reactive_since: Date?
        var last_seen_on: Date?
        var last_attempt_on: Date?
        var last_attempt_outcome: String?
        var last_unannounced_on: Date?

        var summary: RSOSummary? {
            guard let bcu = BCU(rawValue: bcu_code), let risk = OffenderRiskLevel(rawValue: risk_level) else {
                return nil
            }
            var frequency = VisitFrequency(defaultFor: risk)
            if let months = visit_frequency_months, let reason = visit_frequency_reason,
                let set = try? VisitFrequency(months: months, overrideReason: reason)
            {
                frequency = set
            }
            let attempt = last_attempt_on.flatMap { day in
                last_attempt_outcome.flatMap(VisitOutcome.init(rawValue:)).map {
                    VisitAttempt(visitedOn: day, announced: false, outcome: $0)
                }
            }
            return RSOSummary(
                id: id, reference: reference, givenName: given_name, familyName: family_name, bcu: bcu,
                borough: borough,
                addressArea: address_area, risk: risk, riskAssessedOn: risk_assessed_on, riskReviewDue: risk_review_due,
                mappaCategory: MAPPACategory(rawValue: mappa_category) ?? .registeredSexualOffender,
                mappaLevel: MAPPALevel(rawValue: mappa_level) ?? .ordinaryAgencyManagement, registeredOn: registered_on,
                frequency: frequency, managerOfficerID: manager_officer_id,
                managerName: officerLabel(rank: manager_rank, given: manager_given, family: manager_family),
                reactiveSince: reactive_since, lastSeenOn: last_seen_on, lastAttempt: attempt,
                lastUnannouncedOn: last_unannounced_on)
        }
    }

    static func officerLabel(rank: String?, given: String?, family: String?) -> String? {
        guard let given, let family else { return nil }
        return [rank.flatMap { Rank(rawValue: $0)?.abbreviation }, given, family].compactMap { $0 }.joined(
            separator: " ")
    }

    /// The register, filtered: by BCUs (nil: every BCU), by offender manager, or both. Ordered by family
    /// name, given name and id.
    public static func summaries(
        bcus: [BCU]? = nil, managerOfficerID: Int? = nil, on database: any Database
    ) async throws -> [RSOSummary] {
        if let bcus, bcus.isEmpty { return [] }
        let sql = database as! any SQLDatabase
        let bcuFilter: SQLQueryString = bcus.map { " AND r.bcu_code IN (\(binds: $0.map(\.code)))" } ?? ""
        let managerFilter: SQLQueryString = managerOfficerID.map { " AND r.manager_officer_id = \(bind: $0)" } ?? ""
        let rows = try await sql.raw(
            """
            SELECT \(summaryColumns) FROM registered_offenders r LEFT JOIN officers o ON o.id = r.manager_officer_id
            WHERE 1 = 1\(bcuFilter)\(managerFilter) ORDER BY r.family_name, r.given_name, r.id
            """
        ).all(decoding: SummaryRow.self)
        return rows.compactMap(\.summary)
    }

    /// Puts an offender on the register with their risk assessments and conditions, and the initial
    /// notification due three days from registration (s.83). Returns the record's id.
    @discardableResult
    public static func register(_ new: NewRegisteredOffender, on database: any Database) async throws -> Int {
        precondition(!new.assessments.isEmpty, "an offender is registered with a risk assessment")
        return try await database.transaction { db in
            let current = new.assessments.max { $0.assessedOn < $1.assessedOn }!
            let row = RegisteredOffender()
            row.$bcu.id = new.bcu.code
            row.$manager.id = new.managerOfficerID
            row.reference = new.reference
            row.givenName = new.name.given
            row.familyName = new.name.family
            row.dateOfBirth = new.dateOfBirth.text
            row.pncNumber = new.pncNumber
            row.addressLine = new.addressLine
            row.addressArea = new.addressArea
            row.borough = new.borough
            row.mappaCategory = new.mappaCategory.rawValue
            row.mappaLevel = new.mappaLevel.rawValue
            row.riskLevel = current.level.rawValue
            row.riskAssessedOn = OffenderCalendar.startOfDay(current.assessedOn)
            row.riskReviewDue = OffenderCalendar.startOfDay(current.reviewDue)
            row.registeredOn = OffenderCalendar.startOfDay(new.registeredOn)
            if let frequency = new.frequency, frequency.isOverridden {
                row.visitFrequencyMonths = frequency.months
                row.visitFrequencyReason = frequency.overrideReason
            }
            try await row.create(on: db)
            let id = try row.requireID()
            for assessment in new.assessments {
                let record = RSORiskAssessmentRecord()
                record.$offender.id = id
                record.assessedOn = OffenderCalendar.startOfDay(assessment.assessedOn)
                record.level = assessment.level.rawValue
                record.reviewDue = OffenderCalendar.startOfDay(assessment.reviewDue)
                try await record.create(on: db)
            }
            for condition in new.conditions {
                let record = RSOConditionRecord()
                record.$offender.id = id
                record.kind = condition.kind.rawValue
                record.detail = condition.detail
                record.imposedOn = OffenderCalendar.startOfDay(condition.imposedOn)
                record.expiresOn = condition.expiresOn.map(OffenderCalendar.startOfDay)
                try await record.create(on: db)
            }
            let initial = RSONotificationRecord()
            initial.$offender.id = id
            initial.kind = RSONotificationKind.initial.rawValue
            initial.triggeredOn = row.registeredOn
            initial.dueOn = RSONotificationRules.initialLastDay(relevantDate: row.registeredOn)
            try await initial.create(on: db)
            return id
        }
    }

    /// One page of a BCU's register in name order, and how many there are.
    public static func page(
        bcu: BCU, offset: Int, limit: Int, on database: any Database
    ) async throws -> (offenders: [RSOSummary], total: Int) {
        let sql = database as! any SQLDatabase
        struct Count: Decodable { var n: Int }
        let total =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM registered_offenders WHERE bcu_code = \(bind: bcu.code)"
            ).first(decoding: Count.self)?.n ?? 0
        let rows = try await sql.raw(
            """
            SELECT \(summaryColumns) FROM registered_offenders r LEFT JOIN officers o ON o.id = r.manager_officer_id
            WHERE r.bcu_code = \(bind: bcu.code) ORDER BY r.family_name, r.given_name, r.id
            LIMIT \(literal: max(1, limit)) OFFSET \(literal: max(0, offset))
            """
        ).all(decoding: SummaryRow.self)
        return (rows.compactMap(\.summary), total)
    }

    /// Registered offenders whose reference is `text` or whose family name (or "given family" name) starts with it,
    /// in `bcus` (nil: all), by name, at most `limit`.
    public static func find(_ text: String, bcus: [BCU]?, limit: Int, on database: any Database) async throws
        -> [RSOSummary]
    {
        let wanted = text.trimmingCharacters(in: .whitespaces)
        if wanted.isEmpty { return [] }
        if let bcus, bcus.isEmpty { return [] }
        let sql = database as! any SQLDatabase
        let bcuFilter: SQLQueryString = bcus.map { " AND r.bcu_code IN (\(binds: $0.map(\.code)))" } ?? ""
        let prefix =
            wanted.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
            + "%"
        let rows = try await sql.raw(
            """
            SELECT \(summaryColumns) FROM registered_offenders r LEFT JOIN officers o ON o.id = r.manager_officer_id
            WHERE (UPPER(r.reference) = \(bind: wanted.uppercased()) OR LOWER(r.family_name) LIKE \(bind: prefix)
              OR LOWER(r.given_name || ' ' || r.family_name) LIKE \(bind: prefix))\(bcuFilter)
            ORDER BY r.family_name, r.given_name, r.id LIMIT \(literal: max(1, limit))
            """
        ).all(decoding: SummaryRow.self)
        return rows.compactMap(\.summary)
    }

    public static func summary(id: Int, on database: any Database) async throws -> RSOSummary? {
        let sql = database as! any SQLDatabase
        return try await sql.raw(
            """
            SELECT \(summaryColumns) FROM registered_offenders r LEFT JOIN officers o ON o.id = r.manager_officer_id
            WHERE r.id = \(bind: id)
            """
        ).first(decoding: SummaryRow.self)?.summary
    }

    /// The conditions in force on `today` for the offenders given, by offender id.
    public static func conditions(
        offenderIDs: [Int], today: Date, on database: any Database
    ) async throws -> [Int: [RSOCondition]] {
        guard !offenderIDs.isEmpty else { return [:] }
        let rows = try await RSOConditionRecord.query(on: database).filter(\.$offender.$id ~~ offenderIDs)
            .sort(\.$id).all()
        var result: [Int: [RSOCondition]] = [:]
        for row in rows {
            guard let kind = RSOConditionKind(rawValue: row.kind) else { continue }
            let condition = RSOCondition(
                kind: kind, detail: row.detail, imposedOn: row.imposedOn, expiresOn: row.expiresOn)
            if condition.isInForce(today: today) { result[row.$offender.id, default: []].append(condition) }
        }
        return result
    }

    /// The whole record, restricted fields and histories included.
    public static func detail(id: Int, on database: any Database) async throws -> RSODetail? {
        guard let summary = try await summary(id: id, on: database),
            let row = try await RegisteredOffender.find(id, on: database)
        else { return nil }
        let assessments = try await RSORiskAssessmentRecord.query(on: database).filter(\.$offender.$id == id)
            .sort(\.$assessedOn).sort(\.$id).all().compactMap { record -> RSOAssessmentEntry? in
                guard let level = OffenderRiskLevel(rawValue: record.level) else { return nil }
                return RSOAssessmentEntry(
                    assessment: OffenderRiskAssessment(
                        assessedOn: record.assessedOn, level: level, reviewDue: record.reviewDue),
                    assessedBy: record.assessedBy)
            }
        let conditions = try await RSOConditionRecord.query(on: database).filter(\.$offender.$id == id).sort(\.$id)
            .all()
            .compactMap { record in
                RSOConditionKind(rawValue: record.kind).map {
                    RSOCondition(
                        kind: $0, detail: record.detail, imposedOn: record.imposedOn, expiresOn: record.expiresOn)
                }
            }
        let notifications = try await RSONotificationRecord.query(on: database).filter(\.$offender.$id == id)
            .sort(\.$dueOn).sort(\.$id).all().compactMap(notificationEntry)
        return RSODetail(
            summary: summary, dateOfBirth: row.dateOfBirth, pncNumber: row.pncNumber, addressLine: row.addressLine,
            reactiveDecidedBy: row.reactiveDecidedBy, reactiveReason: row.reactiveReason,
            reactiveDecidedAt: row.reactiveDecidedAt, assessments: assessments, conditions: conditions,
            notifications: notifications, visits: try await visits(offenderID: id, on: database),
            escalations: try await escalations(offenderID: id, on: database))
    }

    static func notificationEntry(_ record: RSONotificationRecord) -> RSONotificationEntry? {
        guard let id = record.id, let kind = RSONotificationKind(rawValue: record.kind) else { return nil }
        return RSONotificationEntry(
            id: id, offenderID: record.$offender.id, kind: kind, triggeredOn: record.triggeredOn, dueOn: record.dueOn,
            notifiedOn: record.notifiedOn)
    }

    /// Notifications not made and past their last day, for offenders in `bcus`, oldest first.
    public static func missedNotifications(
        bcus: [BCU]?, today: Date, on database: any Database
    ) async throws -> [(offender: Int, notification: RSONotificationEntry)] {
        if let bcus, bcus.isEmpty { return [] }
        var query = RSONotificationRecord.query(on: database).join(
            RegisteredOffender.self, on: \RSONotificationRecord.$offender.$id == \RegisteredOffender.$id
        )
        .filter(\.$notifiedOn == nil)
        // Half a day back: the comparison holds whatever time zone a PostgreSQL session is in.
        .filter(\.$dueOn < today.addingTimeInterval(-12 * 3600))
        if let bcus { query = query.filter(RegisteredOffender.self, \.$bcu.$id ~~ bcus.map(\.code)) }
        return try await query.sort(\.$dueOn).all().compactMap(notificationEntry).map { ($0.offenderID, $0) }
    }

    // MARK: Officers

    /// Officer ids for warrant numbers; the ones not found are returned apart.
    public static func officerIDs(
        warrantNumbers: [String], on database: any Database
    ) async throws -> (ids: [Int], unknown: [String]) {
        guard !warrantNumbers.isEmpty else { return ([], []) }
        let rows = try await Officer.query(on: database).filter(\.$warrantNumber ~~ warrantNumbers).all()
        let byWarrant = Dictionary(rows.map { ($0.warrantNumber, $0.id!) }, uniquingKeysWith: { a, _ in a })
        return (warrantNumbers.compactMap { byWarrant[$0] }, warrantNumbers.filter { byWarrant[$0] == nil })
    }
}
