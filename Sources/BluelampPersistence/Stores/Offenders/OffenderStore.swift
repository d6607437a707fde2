import BluelampCore
import FluentKit
import Foundation
import SQLKit

// MARK: - What the store returns

/// A registered sex offender as lists, the planner and the rules need them (no restricted fields).
public struct RSOSummary: Sendable, Hashable {
    public var id: Int
    public var reference: String
    public var givenName: String
    public var familyName: String
    public var bcu: BCU
    public var borough: String
    public var addressArea: String
    public var risk: OffenderRiskLevel
    public var riskAssessedOn: Date
    public var riskReviewDue: Date
    public var mappaCategory: MAPPACategory
    public var mappaLevel: MAPPALevel
    public var registeredOn: Date
    public var frequency: VisitFrequency
    public var managerOfficerID: Int?
    /// "PC Jo Smith".
    public var managerName: String?
    public var reactiveSince: Date?
    public var lastSeenOn: Date?
    public var lastAttempt: VisitAttempt?
    public var lastUnannouncedOn: Date?

    public var name: String { PersonName(given: givenName, family: familyName).description }
    public var isReactive: Bool { reactiveSince != nil }

    /// Visit status from the last successful visit and the latest attempt, which is all `RSOVisitStatus`
    /// reads from a history.
    public func visitStatus(today: Date) -> RSOVisitStatus {
        var attempts: [VisitAttempt] = []
        if let lastSeenOn { attempts.append(VisitAttempt(visitedOn: lastSeenOn, announced: false, outcome: .seen)) }
        if let lastAttempt { attempts.append(lastAttempt) }
        return RSOVisitStatus(registeredOn: registeredOn, frequency: frequency, visits: attempts, today: today)
    }

    public var assessment: OffenderRiskAssessment {
        OffenderRiskAssessment(assessedOn: riskAssessedOn, level: risk, reviewDue: riskReviewDue)
    }

    /// The offender as the visit planner takes them; the planner's ids are the record ids.
    public var plannerOffender: VisitPlanner.Offender {
        VisitPlanner.Offender(
            id: String(id), managerID: managerOfficerID.map(String.init) ?? "", risk: risk,
            lastSuccessfulVisit: lastSeenOn, frequencyMonthsOverride: frequency.isOverridden ? frequency.months : nil,
            registeredOn: registeredOn, lastUnannouncedVisit: lastUnannouncedOn)
    }
}

/// A condition with its record id.
public struct RSOConditionEntry: Sendable, Hashable {
    public var offenderID: Int
    public var condition: RSOCondition
}

/// One visit, planned or made, with the officers who went.
public struct RSOVisitEntry: Sendable, Hashable {
    public var id: Int
    public var plannedOn: Date
    public var windowStart: String
    public var windowEnd: String
    public var announced: Bool
    public var visitedOn: Date?
    public var outcome: VisitOutcome?
    public var devicesFound: Bool
    public var breachFound: Bool
    public var concerns: String?
    public var reattemptDue: Date?
    public var officers: [String]

    public var attempt: VisitAttempt? {
        guard let visitedOn, let outcome else { return nil }
        return VisitAttempt(visitedOn: visitedOn, announced: announced, outcome: outcome)
    }
}

public struct RSONotificationEntry: Sendable, Hashable {
    public var id: Int
    public var offenderID: Int
    public var kind: RSONotificationKind
    public var triggeredOn: Date
    public var dueOn: Date
    public var notifiedOn: Date?

    public func isMissed(today: Date) -> Bool {
        notifiedOn == nil && OffenderCalendar.days(from: dueOn, to: today) > 0
    }
}

public struct RSOAssessmentEntry: Sendable, Hashable {
    public var assessment: OffenderRiskAssessment
    public var assessedBy: String?
}

public struct RSOEscalationEntry: Sendable, Hashable {
    public var id: Int
    public var offenderID: Int
    public var offenderReference: String
    public var offenderName: String
    public var bcu: BCU
    public var risk: OffenderRiskLevel
    public var managerName: String?
    public var escalationDate: Date
    public var raisedOn: Date
    public var lastSeenOn: Date?
    public var decision: ArrestOrWarrantDecision?
    public var reason: String?
    public var decidedBy: String?
    public var decidedAt: Date?

    public var isOpen: Bool { decision == nil }
}

/// Everything on an offender's record, restricted fields included: only the record page shows it.
public struct RSODetail: Sendable, Hashable {
    public var summary: RSOSummary
    public var dateOfBirth: String
    public var pncNumber: String?
    public var addressLine: String
    public var reactiveDecidedBy: String?
    public var reactiveReason: String?
    public var reactiveDecidedAt: Date?
    /// Oldest first.
    public var assessments: [RSOAssessmentEntry]
    public var conditions: [RSOCondition]
    public var notifications: [RSONotificationEntry]
    /// Newest first.
    public var visits: [RSOVisitEntry]
    public var escalations: [RSOEscalationEntry]
}

/// A visit as the offender manager records it.
public struct NewRSOVisit: Sendable, Hashable {
    public var visitedOn: Date
    public var time: VisitTimeOfDay
    public var announced: Bool
    public var outcome: VisitOutcome
    public var devicesFound: Bool
    public var breachFound: Bool
    public var concerns: String?
    public var officerIDs: [Int]

    public init(
        visitedOn: Date, time: VisitTimeOfDay, announced: Bool, outcome: VisitOutcome, devicesFound: Bool = false,
        breachFound: Bool = false, concerns: String? = nil, officerIDs: [Int]
    ) {
        self.visitedOn = visitedOn
        self.time = time
        self.announced = announced
        self.outcome = outcome
        self.devicesFound = devicesFound
        self.breachFound = breachFound
        self.concerns = concerns
        self.officerIDs = officerIDs
    }
}

/// A registered sex offender as first put on the register.
public struct NewRegisteredOffender: Sendable, Hashable {
    public var reference: String
    public var bcu: BCU
    public var borough: String
    public var addressArea: String
    public var addressLine: String
    public var name: PersonName
    public var dateOfBirth: DateOfBirth
    public var pncNumber: String?
    public var mappaCategory: MAPPACategory
    public var mappaLevel: MAPPALevel
    public var registeredOn: Date
    public var managerOfficerID: Int?
    /// At least one; the latest is the one in force.
    public var assessments: [OffenderRiskAssessment]
    public var frequency: VisitFrequency?
    public var conditions: [RSOCondition]

    public init(
        reference: String, bcu: BCU, borough: String, addressArea: String, addressLine: String, name: PersonName,
        dateOfBirth: DateOfBirth, pncNumber: String? = nil, mappaCategory: MAPPACategory = .registeredSexualOffender,
        mappaLevel: MAPPALevel = .ordinaryAgencyManagement, registeredOn: Date, managerOfficerID: Int?,
        assessments: [OffenderRiskAssessment], frequency: VisitFrequency? = nil, conditions: [RSOCondition] = []
    ) {
        self.reference = reference
        self.bcu = bcu
        self.borough = borough
        self.addressArea = addressArea
        self.addressLine = addressLine
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.pncNumber = pncNumber
        self.mappaCategory = mappaCategory
        self.mappaLevel = mappaLevel
        self.registeredOn = registeredOn
        self.managerOfficerID = managerOfficerID
        self.assessments = assessments
        self.frequency = frequency
        self.conditions = conditions
    }
}

/// What recording a visit did.
public struct RecordedRSOVisit: Sendable, Hashable {
    public var visitID: Int
    /// Set after a failed visit: the planned re-attempt and its last day.
    public var reattemptVisitID: Int?
    public var reattemptDue: Date?
}

public struct WantedSuspectEntry: Sendable, Hashable {
    public var id: Int
    public var bcu: BCU
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: String?
    public var crimeID: Int?
    public var crimeReference: String
    public var offence: String
    public var wantedSince: Date
    public var circulated: Bool
    public var circulatedOn: Date?
    public var responsibleOfficerID: Int?
    public var responsibleOfficerName: String?
    public var iomStrand: IOMStrand?
    public var iomLeadOfficerName: String?
    public var arrestedOn: Date?

    public var name: String { PersonName(given: givenName, family: familyName).description }

    public func daysOutstanding(today: Date) -> Int { WantedSuspectRule.daysOutstanding(since: wantedSince, today: today) }
    public func isFlagged(today: Date) -> Bool { WantedSuspectRule.isFlagged(since: wantedSince, today: today) }
}

public struct IOMMemberEntry: Sendable, Hashable {
    public var id: Int
    public var bcu: BCU
    public var givenName: String
    public var familyName: String
    public var strand: IOMStrand
    public var leadOfficerID: Int?
    public var leadOfficerName: String?
    public var joinedOn: Date
    public var leftOn: Date?

    public var name: String { PersonName(given: givenName, family: familyName).description }
}

/// Why a store change was refused.
public enum OffenderStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case notFound
    case unknownOfficers([Int])
    case alreadyDecided

    public var description: String {
        switch self {
        case .notFound: "there is no such record"
        case .unknownOfficers(let ids): "no officer with id \(ids.map(String.init).joined(separator: ", "))"
        case .alreadyDecided: "this escalation already has a decision"
        }
    }
}

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
            guard let bcu = BCU(rawValue: bcu_code), let risk = OffenderRiskLevel(rawValue: risk_level) else { return nil }
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
                id: id, reference: reference, givenName: given_name, familyName: family_name, bcu: bcu, borough: borough,
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
        return [rank.flatMap { Rank(rawValue: $0)?.abbreviation }, given, family].compactMap { $0 }.joined(separator: " ")
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
        let total = try await sql.raw(
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
            let condition = RSOCondition(kind: kind, detail: row.detail, imposedOn: row.imposedOn, expiresOn: row.expiresOn)
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
                    assessment: OffenderRiskAssessment(assessedOn: record.assessedOn, level: level, reviewDue: record.reviewDue),
                    assessedBy: record.assessedBy)
            }
        let conditions = try await RSOConditionRecord.query(on: database).filter(\.$offender.$id == id).sort(\.$id).all()
            .compactMap { record in
                RSOConditionKind(rawValue: record.kind).map {
                    RSOCondition(kind: $0, detail: record.detail, imposedOn: record.imposedOn, expiresOn: record.expiresOn)
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
        var query = RSONotificationRecord.query(on: database).join(RegisteredOffender.self, on: \RSONotificationRecord.$offender.$id == \RegisteredOffender.$id)
            .filter(\.$notifiedOn == nil)
            // Half a day back: the comparison holds whatever time zone a PostgreSQL session is in.
            .filter(\.$dueOn < today.addingTimeInterval(-12 * 3600))
        if let bcus { query = query.filter(RegisteredOffender.self, \.$bcu.$id ~~ bcus.map(\.code)) }
        return try await query.sort(\.$dueOn).all().compactMap(notificationEntry).map { ($0.offenderID, $0) }
    }

    // MARK: Visits

    /// An offender's visits, newest first (planned ones by their planned day).
    public static func visits(offenderID: Int, on database: any Database) async throws -> [RSOVisitEntry] {
        let rows = try await RSOVisit.query(on: database).filter(\.$offender.$id == offenderID).all()
        let ids = rows.compactMap(\.id)
        var officers: [Int: [String]] = [:]
        if !ids.isEmpty {
            let links = try await RSOVisitOfficer.query(on: database).filter(\.$visit.$id ~~ ids).with(\.$officer).all()
            for link in links {
                let o = link.officer
                officers[link.$visit.id, default: []].append(
                    officerLabel(rank: o.rank, given: o.givenName, family: o.familyName) ?? "")
            }
        }
        return rows.compactMap { row -> RSOVisitEntry? in
            guard let id = row.id else { return nil }
            return RSOVisitEntry(
                id: id, plannedOn: row.plannedOn, windowStart: row.windowStart, windowEnd: row.windowEnd,
                announced: row.announced, visitedOn: row.visitedOn, outcome: row.outcome.flatMap(VisitOutcome.init(rawValue:)),
                devicesFound: row.devicesFound, breachFound: row.breachFound, concerns: row.concerns,
                reattemptDue: row.reattemptDue, officers: officers[id] ?? [])
        }.sorted { ($0.visitedOn ?? $0.plannedOn, $0.id) > ($1.visitedOn ?? $1.plannedOn, $1.id) }
    }

    /// Records a visit. An open planned visit within a week of the day is completed rather than a new
    /// one added. A failed visit sets its re-attempt day and plans the re-attempt (unannounced, at the
    /// other end of the day) unless one is already planned (issue 8: within 7 days).
    public static func recordVisit(
        offenderID: Int, _ visit: NewRSOVisit, recordedByUserID: Int?, at now: Date, on database: any Database
    ) async throws -> RecordedRSOVisit {
        try await database.transaction { db in
            guard let offender = try await RegisteredOffender.find(offenderID, on: db) else { throw OffenderStoreError.notFound }
            let officerIDs = Array(Set(visit.officerIDs)).sorted()
            let found = Set(try await Officer.query(on: db).filter(\.$id ~~ officerIDs).all().compactMap(\.id))
            let missing = officerIDs.filter { !found.contains($0) }
            guard missing.isEmpty else { throw OffenderStoreError.unknownOfficers(missing) }

            let day = OffenderCalendar.startOfDay(visit.visitedOn)
            let open = try await RSOVisit.query(on: db).filter(\.$offender.$id == offenderID).filter(\.$visitedOn == nil)
                .sort(\.$plannedOn).all()
            let row =
                open.first { abs(OffenderCalendar.days(from: $0.plannedOn, to: day)) <= 7 } ?? {
                    let row = RSOVisit()
                    row.$offender.id = offenderID
                    row.plannedOn = day
                    return row
                }()
            let end = VisitTimeOfDay(hour: min(23, visit.time.hour + 1), minute: visit.time.minute)!
            if row.id == nil {
                row.windowStart = visit.time.text
                row.windowEnd = end.text
            }
            row.announced = visit.announced
            row.visitedOn = day
            row.outcome = visit.outcome.rawValue
            row.devicesFound = visit.devicesFound
            row.breachFound = visit.breachFound
            row.concerns = visit.concerns.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            row.reattemptDue = visit.outcome.reattemptDue(after: day)
            row.$recordedBy.id = recordedByUserID
            row.recordedAt = now
            try await row.save(on: db)
            let visitID = try row.requireID()
            try await RSOVisitOfficer.query(on: db).filter(\.$visit.$id == visitID).delete()
            for officerID in officerIDs {
                let link = RSOVisitOfficer()
                link.$visit.id = visitID
                link.$officer.id = officerID
                try await link.create(on: db)
            }

            // The copies on the offender follow the latest visit.
            if visit.outcome.isSuccessful, offender.lastSeenOn.map({ $0 <= day }) ?? true { offender.lastSeenOn = day }
            if offender.lastAttemptOn.map({ $0 <= day }) ?? true {
                offender.lastAttemptOn = day
                offender.lastAttemptOutcome = visit.outcome.rawValue
            }
            if !visit.announced, offender.lastUnannouncedOn.map({ $0 <= day }) ?? true { offender.lastUnannouncedOn = day }
            try await offender.save(on: db)

            var result = RecordedRSOVisit(visitID: visitID)
            if let due = row.reattemptDue {
                result.reattemptDue = due
                // A visit already planned counts as the re-attempt only if it falls on or before the day the
                // re-attempt is due; one planned later does not meet the 7 days (issue 8), so another is planned.
                let stillOpen = open.filter { $0.id != visitID && $0.plannedOn > day && $0.plannedOn <= due }
                if let planned = stillOpen.first {
                    result.reattemptVisitID = planned.id
                } else {
                    // Three days on, at the other end of the day: an evening if the failed visit was in the day.
                    let evening = visit.time.band != .evening
                    let reattempt = RSOVisit()
                    reattempt.$offender.id = offenderID
                    reattempt.plannedOn = OffenderCalendar.adding(days: 3, to: day)
                    reattempt.windowStart = evening ? "18:30" : "09:00"
                    reattempt.windowEnd = evening ? "20:30" : "11:00"
                    reattempt.announced = false
                    reattempt.devicesFound = false
                    reattempt.breachFound = false
                    try await reattempt.create(on: db)
                    result.reattemptVisitID = reattempt.id
                    for officerID in officerIDs {
                        let link = RSOVisitOfficer()
                        link.$visit.id = try reattempt.requireID()
                        link.$officer.id = officerID
                        try await link.create(on: db)
                    }
                }
            }
            return result
        }
    }

    /// The planned visits not yet made for the offenders given, by offender id.
    public static func plannedVisits(offenderIDs: [Int], on database: any Database) async throws -> [Int: [RSOVisitEntry]] {
        guard !offenderIDs.isEmpty else { return [:] }
        let rows = try await RSOVisit.query(on: database).filter(\.$offender.$id ~~ offenderIDs).filter(\.$visitedOn == nil)
            .sort(\.$plannedOn).all()
        var result: [Int: [RSOVisitEntry]] = [:]
        for row in rows {
            guard let id = row.id else { continue }
            result[row.$offender.id, default: []].append(
                RSOVisitEntry(
                    id: id, plannedOn: row.plannedOn, windowStart: row.windowStart, windowEnd: row.windowEnd,
                    announced: row.announced, devicesFound: false, breachFound: false, officers: []))
        }
        return result
    }

    // MARK: Risk and reactive management

    /// Records a risk assessment, which becomes the one in force when it is the latest, and optionally a
    /// new visit frequency (`nil` keeps the current one; the risk level's default clears an override).
    public static func recordRiskAssessment(
        offenderID: Int, _ assessment: OffenderRiskAssessment, assessedBy: String?, frequency: VisitFrequency?,
        on database: any Database
    ) async throws {
        try await database.transaction { db in
            guard let offender = try await RegisteredOffender.find(offenderID, on: db) else { throw OffenderStoreError.notFound }
            let record = RSORiskAssessmentRecord()
            record.$offender.id = offenderID
            record.assessedOn = OffenderCalendar.startOfDay(assessment.assessedOn)
            record.level = assessment.level.rawValue
            record.reviewDue = OffenderCalendar.startOfDay(assessment.reviewDue)
            record.assessedBy = assessedBy
            try await record.create(on: db)
            if record.assessedOn >= offender.riskAssessedOn {
                offender.riskLevel = assessment.level.rawValue
                offender.riskAssessedOn = record.assessedOn
                offender.riskReviewDue = record.reviewDue
            }
            if let frequency {
                offender.visitFrequencyMonths = frequency.isOverridden ? frequency.months : nil
                offender.visitFrequencyReason = frequency.overrideReason
            }
            try await offender.save(on: db)
        }
    }

    /// The offender's assessments, oldest first.
    public static func assessments(offenderID: Int, on database: any Database) async throws -> [OffenderRiskAssessment] {
        try await RSORiskAssessmentRecord.query(on: database).filter(\.$offender.$id == offenderID).sort(\.$assessedOn)
            .all().compactMap { record in
                OffenderRiskLevel(rawValue: record.level).map {
                    OffenderRiskAssessment(assessedOn: record.assessedOn, level: $0, reviewDue: record.reviewDue)
                }
            }
    }

    /// Moves the offender to reactive management (the rule is checked by the caller: `ReactiveManagement`).
    public static func setReactive(
        offenderID: Int, since: Date, decidedBy: String, decidedByUserID: Int?, reason: String, at now: Date,
        on database: any Database
    ) async throws {
        guard let offender = try await RegisteredOffender.find(offenderID, on: database) else {
            throw OffenderStoreError.notFound
        }
        offender.reactiveSince = OffenderCalendar.startOfDay(since)
        offender.reactiveDecidedBy = decidedBy
        offender.reactiveDecidedByUserID = decidedByUserID
        offender.reactiveReason = reason
        offender.reactiveDecidedAt = now
        try await offender.save(on: database)
    }

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
            guard let bcu = BCU(rawValue: bcu_code), let risk = OffenderRiskLevel(rawValue: risk_level) else { return nil }
            return RSOEscalationEntry(
                id: id, offenderID: offender_id, offenderReference: reference,
                offenderName: PersonName(given: given_name, family: family_name).description, bcu: bcu, risk: risk,
                managerName: officerLabel(rank: manager_rank, given: manager_given, family: manager_family),
                escalationDate: escalation_date, raisedOn: raised_on, lastSeenOn: last_seen_on,
                decision: decision.flatMap(ArrestOrWarrantDecision.init(rawValue:)), reason: reason, decidedBy: decided_by,
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
        return try await sql.raw("\(escalationSelect) WHERE e.id = \(bind: id)").first(decoding: EscalationRow.self)?.entry
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
            if let date = ArrestOrWarrantEscalation.due(offender.visitStatus(today: today)) { due.append((offender, date)) }
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
        let total = try await sql.raw(
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
            guard let id = row.id, let bcu = BCU(rawValue: row.$bcu.id), let strand = IOMStrand(rawValue: row.strand) else {
                return nil
            }
            let lead = row.$leadOfficer.value ?? nil
            return IOMMemberEntry(
                id: id, bcu: bcu, givenName: row.givenName, familyName: row.familyName, strand: strand,
                leadOfficerID: row.$leadOfficer.id,
                leadOfficerName: lead.flatMap { officerLabel(rank: $0.rank, given: $0.givenName, family: $0.familyName) },
                joinedOn: row.joinedOn, leftOn: row.leftOn)
        }
        return (members, total)
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

// MARK: - Registering, notifications and conditions from the pages

extension OffenderStore {
    /// The next free reference in a BCU's series, `RSO-CE-00042` (the demo loader's spelling).
    public static func nextReference(bcu: BCU, on database: any Database) async throws -> String {
        let prefix = "RSO-\(bcu.code)-"
        var number = try await RegisteredOffender.query(on: database).filter(\.$bcu.$id == bcu.code).count() + 1
        while true {
            let digits = String(number)
            let reference = prefix + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
            if try await RegisteredOffender.query(on: database).filter(\.$reference == reference).first() == nil {
                return reference
            }
            number += 1
        }
    }

    /// Records a notification made on `day`: the open requirement of that kind (the earliest due) is met, or,
    /// for a change with none open, a change on `changedOn` is recorded as met. Then the next annual
    /// re-notification is set a year after the latest notification of any kind (s.85), so making the
    /// annual one creates the next. Returns the new next annual due day.
    @discardableResult
    public static func recordNotification(
        offenderID: Int, kind: RSONotificationKind, notifiedOn day: Date, changedOn: Date? = nil, on database: any Database
    ) async throws -> Date {
        let day = OffenderCalendar.startOfDay(day)
        return try await database.transaction { db in
            guard try await RegisteredOffender.find(offenderID, on: db) != nil else { throw OffenderStoreError.notFound }
            let all = try await RSONotificationRecord.query(on: db).filter(\.$offender.$id == offenderID)
                .sort(\.$dueOn).sort(\.$id).all()
            if let open = all.first(where: { $0.kind == kind.rawValue && $0.notifiedOn == nil }) {
                open.notifiedOn = day
                try await open.save(on: db)
            } else {
                let made = RSONotificationRecord()
                made.$offender.id = offenderID
                made.kind = kind.rawValue
                switch kind {
                case .change:
                    let changed = OffenderCalendar.startOfDay(changedOn ?? day)
                    made.triggeredOn = changed
                    made.dueOn = RSONotificationRules.changeLastDay(changedOn: changed)
                case .initial, .annual:
                    let previous = all.compactMap(\.notifiedOn).filter { $0 <= day }.max() ?? day
                    made.triggeredOn = previous
                    made.dueOn = kind == .initial
                        ? RSONotificationRules.initialLastDay(relevantDate: previous)
                        : RSONotificationRules.annualLastDay(lastNotification: previous)
                }
                made.notifiedOn = day
                try await made.create(on: db)
            }
            let latest = try await RSONotificationRecord.query(on: db).filter(\.$offender.$id == offenderID)
                .filter(\.$notifiedOn != nil).all().compactMap(\.notifiedOn).max() ?? day
            let nextDue = RSONotificationRules.annualLastDay(lastNotification: latest)
            let openAnnual = try await RSONotificationRecord.query(on: db).filter(\.$offender.$id == offenderID)
                .filter(\.$kind == RSONotificationKind.annual.rawValue).filter(\.$notifiedOn == nil).all()
            let next = openAnnual.first ?? RSONotificationRecord()
            next.$offender.id = offenderID
            next.kind = RSONotificationKind.annual.rawValue
            next.triggeredOn = latest
            next.dueOn = nextDue
            try await next.save(on: db)
            for extra in openAnnual.dropFirst() { try await extra.delete(on: db) }
            return nextDue
        }
    }

    /// Adds a condition to an offender's record; returns its id.
    @discardableResult
    public static func addCondition(offenderID: Int, _ condition: RSOCondition, on database: any Database) async throws -> Int {
        guard try await RegisteredOffender.find(offenderID, on: database) != nil else { throw OffenderStoreError.notFound }
        let record = RSOConditionRecord()
        record.$offender.id = offenderID
        record.kind = condition.kind.rawValue
        record.detail = condition.detail
        record.imposedOn = OffenderCalendar.startOfDay(condition.imposedOn)
        record.expiresOn = condition.expiresOn.map(OffenderCalendar.startOfDay)
        try await record.create(on: database)
        return try record.requireID()
    }
}
