import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Offender management, every use case in one place (issues 8 and 14): the caseload and the week's plan, an
/// offender's record and what it records (visits, risk reviews, notifications, conditions, reactive
/// management), putting an offender on the register, the supervisor's overdue and escalation lists, the BCU's
/// frontline list, wanted suspects and the IOM cohort.
///
/// Each use case checks scope, validates through the core (each problem keyed by the field the form and the API
/// share), writes through `OffenderStore` and appends its audit entries in the same transaction as the write,
/// and returns core values. `OffenderRoutes`, the API's offender handlers and the daily job are adapters over it.
///
/// Every person a list shows is audited as a read of that person's record; opening a registered sex offender's
/// record outside one's own caseload needs a reason, which the audit entry keeps (`RSORecordAccess`).
struct OffenderService {
    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    static let london = TimeZone(identifier: "Europe/London")!
    /// Home visits an offender manager can make in a week, until the force records each manager's own.
    static let defaultVisitsPerWeek = 8
    /// How far ahead the caseload's backlog forecast looks.
    static let forecastWeeks = 12
    /// The reason an offender manager's own caseload is read under.
    static let ownCaseload = "Own caseload (offender manager)"

    var database: any Database { context.database }

    /// What the wanted list's forms record.
    typealias WantedAction = WantedSuspectUpdate.Action

    /// Today in London, as an `OffenderCalendar` day.
    var today: Date { Self.today(at: context.now) }

    static func today(at now: Date) -> Date { OffenderCalendar.day(containing: now, in: london) }

    // MARK: - Scope

    /// The BCUs `principal` holds `permission` over (nil: the whole force), narrowed to `code` when given.
    /// A code outside the scope is refused.
    static func bcus(for principal: Principal, _ permission: Permission, narrowTo code: String?)
        throws(OffenderAccessError)
        -> [BCU]?
    {
        let scope = principal.scope(for: permission) ?? .bcus([])
        if let code, !code.isEmpty {
            guard let bcu = BCU(rawValue: code.uppercased()), bcu != .force else { throw .unknownBCU(code) }
            guard scope.covers(bcu) else { throw .outOfScope(bcu) }
            return [bcu]
        }
        switch scope {
        case .force: return nil
        case .bcus(let set): return set.sorted()
        }
    }

    /// The BCUs a list covers for the actor (nil: the force), narrowed to `bcu` when given. A BCU outside the
    /// actor's scope is audited as a denial of the list (named by `list`, e.g. `/offenders/overdue`) and refused.
    func listScope(_ list: String, _ permission: Permission, bcu: BCU?) async throws -> [BCU]? {
        let principal = try context.requirePrincipal()
        do {
            return try Self.bcus(for: principal, permission, narrowTo: bcu?.code)
        } catch .unknownBCU(let text) {
            throw ServiceError.invalid(field: "bcu", label: "BCU", "there is no territorial BCU \"\(text)\"")
        } catch .outOfScope(let bcu) {
            try await context.audit(
                .denied, .offenderList, id: "\(list)?bcu=\(bcu.code)", outcome: "denied: outside scope")
            throw ServiceError.forbidden("\(bcu.name) is outside the BCUs your roles cover.")
        }
    }

    /// The territorial BCUs where the actor holds `permission`, for a list's choices.
    func allowedBCUs(_ permission: Permission) -> [BCU] {
        guard let principal = context.principal else { return [] }
        return BCU.territorial.filter { principal.can(permission, in: $0) }
    }

    static func scopeLabel(_ bcus: [BCU]?) -> String {
        guard let bcus else { return "every BCU" }
        return bcus.map(\.code).joined(separator: ", ")
    }

    // MARK: - Audit of the people a page shows

    /// A person a list shows.
    struct ShownPerson {
        var recordType: AuditRecordType
        var id: Int
        var subject: AuditSubject
        var bcu: BCU

        static func rso(_ id: Int, _ bcu: BCU) -> ShownPerson {
            ShownPerson(recordType: .registeredOffender, id: id, subject: .registeredOffender(id), bcu: bcu)
        }
    }

    /// One read entry per person shown (once each), in one append: a list is a look at each person on it.
    func auditShown(_ people: [ShownPerson], permission: Permission, reason: String) async throws {
        var seen = Set<AuditSubject>()
        let drafts = people.filter { seen.insert($0.subject).inserted }.map { person in
            context.audit.draft(
                action: .read, recordType: person.recordType, recordID: String(person.id), subject: person.subject,
                permission: permission, bcu: person.bcu, reason: reason)
        }
        try await context.audit.append(drafts, on: database, at: context.now)
    }

    func auditShown(_ offenders: [RSOSummary], reason: String, permission: Permission = .viewOffenders) async throws {
        try await auditShown(offenders.map { .rso($0.id, $0.bcu) }, permission: permission, reason: reason)
    }

    // MARK: - The actor

    /// How a decision is signed: the officer's rank and name, or the user's name.
    func actorName() async throws -> String {
        let principal = try context.requirePrincipal()
        if let officerID = principal.officerID,
            let officer = try await OrganisationStore.officer(id: officerID, on: database)
        {
            return "\(officer.rank.abbreviation) \(officer.fullName)"
        }
        return principal.displayName
    }

    // MARK: - Caseload and the week's plan

    struct CaseloadEntry {
        var offender: RSOSummary
        var status: RSOVisitStatus
        var reviewOverdue: Bool
        var planned: [RSOVisitEntry]
    }

    struct Caseload {
        /// "PS Jo Smith", when the actor is an officer with a caseload.
        var managerName: String?
        var entries: [CaseloadEntry]
        /// The planner over the caseload for `forecastWeeks` weeks from today; the page shows its first week.
        var plan: VisitPlan
        var visitsPerWeek: Int
    }

    /// The actor's own caseload (nil when the actor is no officer), audited as a read of each offender on it.
    func ownCaseload(visitsPerWeek: Int = defaultVisitsPerWeek) async throws -> Caseload? {
        let principal = try context.requirePrincipal()
        guard let officerID = principal.officerID else { return nil }
        var caseload = try await caseload(managerOfficerID: officerID, visitsPerWeek: visitsPerWeek)
        if !caseload.entries.isEmpty {
            let officer = try await OrganisationStore.officer(id: officerID, on: database)
            caseload.managerName = officer.map { "\($0.rank.abbreviation) \($0.fullName)" }
            try await auditShown(caseload.entries.map(\.offender), reason: Self.ownCaseload)
        }
        return caseload
    }

    /// An offender manager's caseload, most pressing first, and the planner's plan for it.
    func caseload(managerOfficerID: Int, visitsPerWeek: Int = defaultVisitsPerWeek) async throws -> Caseload {
        let offenders = try await OffenderStore.summaries(managerOfficerID: managerOfficerID, on: database)
        let planned = try await OffenderStore.plannedVisits(offenderIDs: offenders.map(\.id), on: database)
        let day = today
        let entries = offenders.map { offender in
            CaseloadEntry(
                offender: offender, status: offender.visitStatus(today: day),
                reviewOverdue: offender.assessment.isReviewOverdue(today: day), planned: planned[offender.id] ?? [])
        }.sorted { a, b in
            // Reactive management last; then most overdue, riskiest, soonest due.
            if a.offender.isReactive != b.offender.isReactive { return !a.offender.isReactive }
            if a.status.daysOverdue != b.status.daysOverdue { return a.status.daysOverdue > b.status.daysOverdue }
            if a.offender.risk != b.offender.risk { return a.offender.risk > b.offender.risk }
            return (a.status.nextVisitDue, a.offender.id) < (b.status.nextVisitDue, b.offender.id)
        }
        var plan = self.plan(offenders: offenders, managerOfficerID: managerOfficerID, visitsPerWeek: visitsPerWeek)
        plan.visits = Self.keepingStoredPlans(
            plan.visits, entries: entries, managerOfficerID: managerOfficerID, today: day)
        return Caseload(managerName: nil, entries: entries, plan: plan, visitsPerWeek: visitsPerWeek)
    }

    /// One source for what is planned (issue 15): a visit already planned and stored, such as a failed visit's
    /// re-attempt, is the plan for that offender, so the week's plan, the record's visit history and the caseload's
    /// "Planned" column show the same day and time. The planner's own visits for that offender up to a frequency
    /// after the stored one are dropped; the stored one takes their place.
    static func keepingStoredPlans(
        _ visits: [PlannedVisit], entries: [CaseloadEntry], managerOfficerID: Int, today: Date
    ) -> [PlannedVisit] {
        var result = visits
        for entry in entries where !entry.offender.isReactive {
            let stored = entry.planned.filter { OffenderCalendar.days(from: today, to: $0.plannedOn) >= 0 }
            guard let last = stored.map(\.plannedOn).max() else { continue }
            let key = String(entry.offender.id)
            let until = OffenderCalendar.adding(months: entry.offender.frequency.months, to: last)
            result.removeAll { $0.offenderID == key && $0.date < until }
            for visit in stored {
                let dueBy = entry.status.reattemptDue.map { max($0, visit.plannedOn) } ?? entry.status.nextVisitDue
                result.append(
                    PlannedVisit(
                        offenderID: key, managerID: String(managerOfficerID), date: visit.plannedOn,
                        time: VisitTimeOfDay(text: visit.windowStart) ?? VisitTimeOfDay(hour: 18, minute: 0)!,
                        announced: visit.announced, risk: entry.offender.risk, dueBy: dueBy,
                        reason: entry.status.isOverdue ? .overdue : .due))
            }
        }
        return result.sorted {
            ($0.date, $0.time.minutesAfterMidnight, $0.offenderID) < (
                $1.date, $1.time.minutesAfterMidnight, $1.offenderID
            )
        }
    }

    /// The visit planner over one manager's offenders (not those managed reactively), from today.
    ///
    /// The seed is the manager and the week, so the plan holds still through a week's page loads and
    /// changes from one week to the next, as the planner's spreading of days and times intends.
    func plan(offenders: [RSOSummary], managerOfficerID: Int, visitsPerWeek: Int, weeks: Int = forecastWeeks)
        -> VisitPlan
    {
        let week = UInt64(max(0, OffenderCalendar.days(from: Date(timeIntervalSince1970: 0), to: today) / 7))
        let seed = UInt64(managerOfficerID) &* 0x9E37_79B9 &+ week
        return VisitPlanner().plan(
            offenders: offenders.filter { !$0.isReactive }.map(\.plannerOffender),
            managers: [VisitPlanner.Manager(id: String(managerOfficerID), visitsPerWeek: visitsPerWeek)],
            start: today, weeks: weeks, seed: seed)
    }

    /// The offenders the actor manages (`mine`) or those in `bcu` or the actor's scope, audited as a list and as
    /// a read of each offender in `shown` (the adapter pages the list and names the page it shows).
    func register(mine: Bool, bcu: BCU?) async throws -> (offenders: [RSOSummary], bcus: [BCU]?, reason: String) {
        let principal = try context.requirePrincipal()
        let bcus = try await listScope("/offenders/rso", .viewOffenders, bcu: bcu)
        var offenders: [RSOSummary] = []
        if mine {
            // The caseload page: the offenders the caller manages, wherever they live.
            if let officerID = principal.officerID {
                offenders = try await OffenderStore.summaries(
                    bcus: bcu == nil ? nil : bcus, managerOfficerID: officerID, on: database)
            }
        } else {
            offenders = try await OffenderStore.summaries(bcus: bcus, on: database)
        }
        let reason = mine ? Self.ownCaseload : "Frontline awareness: \(Self.scopeLabel(bcus)) RSO list"
        return (offenders, bcus, reason)
    }

    /// Audits the page of the register the adapter shows: the list, and each offender on the page.
    func auditRegisterPage(_ shown: [RSOSummary], of total: Int, bcus: [BCU]?, reason: String) async throws {
        try await context.audit(
            .read, .rsoList, id: Self.scopeLabel(bcus), permission: .viewOffenders,
            bcu: bcus?.count == 1 ? bcus?.first : nil,
            reason: reason, outcome: "ok: \(shown.count) of \(total) rows")
        try await auditShown(shown, reason: reason)
    }
}

/// Why a list or record was refused.
enum OffenderAccessError: Error, Hashable {
    case unknownBCU(String)
    case outOfScope(BCU)
}
