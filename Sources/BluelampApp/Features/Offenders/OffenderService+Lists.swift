import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

// MARK: - The supervisor's lists

extension OffenderService {
    struct OverdueLists {
        var bcus: [BCU]?
        var visits: [(offender: RSOSummary, status: RSOVisitStatus)]
        var reviews: [RSOSummary]
        var notifications: [(offender: RSOSummary, notification: RSONotificationEntry)]
    }

    static let overdueReason = "Supervisory review: overdue list"

    /// Offenders overdue a visit (most days first), past their risk review, or with a notification missed, in
    /// `bcu` or the actor's scope. Not audited: the adapter shows a page of each list and audits what it shows
    /// (`auditShown`).
    func overdue(bcu: BCU?) async throws -> OverdueLists {
        let bcus = try await listScope(Paths.overdueOffenders, .viewOffenders, bcu: bcu)
        var lists = try await overdue(bcus: bcus)
        lists.bcus = bcus
        return lists
    }

    /// The overdue lists over `bcus`, for a caller that has checked scope.
    func overdue(bcus: [BCU]?) async throws -> OverdueLists {
        let day = today
        let register = try await OffenderStore.summaries(bcus: bcus, on: database)
        let visits = register.filter { !$0.isReactive }.map { ($0, $0.visitStatus(today: day)) }.filter {
            $0.1.isOverdue
        }
        .sorted { ($0.1.daysOverdue, $0.0.risk) > ($1.1.daysOverdue, $1.0.risk) }
        let reviews = register.filter { $0.assessment.isReviewOverdue(today: day) }.sorted {
            $0.riskReviewDue < $1.riskReviewDue
        }
        let byID = Dictionary(uniqueKeysWithValues: register.map { ($0.id, $0) })
        let notifications = try await OffenderStore.missedNotifications(bcus: bcus, today: day, on: database)
            .compactMap { entry in byID[entry.offender].map { (offender: $0, notification: entry.notification) } }
        return OverdueLists(
            bcus: bcus, visits: visits.map { (offender: $0.0, status: $0.1) }, reviews: reviews,
            notifications: notifications)
    }

    static let escalationsReason = "Supervisory review: arrest or warrant escalations"

    /// Raises any "consider arrest or warrant" case now due in `bcu` or the actor's scope, then lists the cases.
    /// The adapter audits the cases it shows (`auditEscalationsShown`).
    func escalations(bcu: BCU?) async throws -> (bcus: [BCU]?, cases: [RSOEscalationEntry]) {
        let bcus = try await listScope(Paths.escalations(), .decideEscalations, bcu: bcu)
        return (bcus, try await escalations(bcus: bcus))
    }

    /// Raises the cases now due over `bcus` and lists them, for a caller that has checked scope.
    func escalations(bcus: [BCU]?) async throws -> [RSOEscalationEntry] {
        try await OffenderStore.raiseDueEscalations(bcus: bcus, today: today, on: database)
        return try await OffenderStore.escalations(bcus: bcus, on: database)
    }

    func auditEscalationsShown(_ cases: [RSOEscalationEntry]) async throws {
        try await auditShown(
            cases.map { .rso($0.offenderID, $0.bcu) }, permission: .decideEscalations, reason: Self.escalationsReason)
    }

    /// Raises the cases now due (the job the escalation list also runs); returns how many.
    @discardableResult
    func raiseDueEscalations(bcus: [BCU]? = nil) async throws -> Int {
        try await OffenderStore.raiseDueEscalations(bcus: bcus, today: today, on: database)
    }

    /// The daily run's offender work: raise every case now due, and list every suspect named on an open crime.
    func dailyWork() async throws -> (escalationsRaised: Int, suspectsListed: Int) {
        let raised = try await raiseDueEscalations()
        let listed = try await OffenderStore.listWantedFromCrimes(bcus: nil, on: database)
        return (raised, listed)
    }

    /// Records the supervisor's decision on an open case: arrest, warrant, further visits or no action, with why.
    func decideEscalation(_ id: Int, decision: String, reason: String) async throws -> RSOEscalationEntry {
        let notFound = "There is no escalation \(id)."
        guard let escalation = try await OffenderStore.escalation(id: id, on: database) else {
            try await context.refuseMissing(.decideEscalations, .rsoEscalation, id: String(id), notFound: notFound)
        }
        let principal = try context.requirePrincipal()
        guard principal.can(.decideEscalations, in: escalation.bcu) else {
            try await context.refuseOutOfScope(
                .decideEscalations, .rsoEscalation, id: String(id), bcu: escalation.bcu, seenWith: .viewOffenders,
                notFound: notFound)
        }
        guard escalation.isOpen else { throw ServiceError.conflict("This case already has a decision.") }
        let chosen = ArrestOrWarrantDecision(rawValue: decision)
        let problems = ArrestOrWarrantEscalation.problems(decision: chosen, reason: reason)
        guard problems.isEmpty, let chosen else { throw ServiceError.invalid(FieldErrors(errors: problems)) }
        let decidedBy = try await actorName()
        let userID = principal.userID
        return try await context.transaction { tx in
            try await OffenderStore.decideEscalation(
                id: id, decision: chosen, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines),
                decidedBy: decidedBy, decidedByUserID: userID, at: tx.now, on: tx.database)
            try await tx.audit(
                .update, .rsoEscalation, id: String(id), subject: .registeredOffender(escalation.offenderID),
                permission: .decideEscalations, bcu: escalation.bcu, reason: reason, outcome: "decided: \(decision)")
            guard let decided = try await OffenderStore.escalation(id: id, on: tx.database) else {
                throw ServiceError.notFound("There is no escalation \(id).")
            }
            return decided
        }
    }
}

// MARK: - The BCU's frontline list

extension OffenderService {
    struct FrontlineEntry {
        var offender: RSOSummary
        /// Only the conditions an officer on patrol could see broken.
        var patrolConditions: [RSOCondition]
    }

    /// A page of the BCU's registered sex offenders for officers of that BCU, audited as a read of the list and
    /// of each offender on the page.
    func bcuList(_ bcu: BCU, offset: Int, limit: Int) async throws -> (entries: [FrontlineEntry], total: Int) {
        let principal = try context.requirePrincipal()
        guard principal.can(.viewBCURSOList, in: bcu) else {
            try await context.audit(.denied, .rsoBCUList, id: bcu.code, outcome: "denied: outside scope")
            throw ServiceError.forbidden("The RSO list of \(bcu.name) is for officers of that BCU.")
        }
        let page = try await OffenderStore.page(bcu: bcu, offset: offset, limit: limit, on: database)
        let conditions = try await OffenderStore.conditions(
            offenderIDs: page.offenders.map(\.id), today: today, on: database)
        let entries = page.offenders.map { offender in
            FrontlineEntry(
                offender: offender, patrolConditions: (conditions[offender.id] ?? []).filter(\.kind.isPatrolRelevant))
        }
        try await context.audit(
            .read, .rsoBCUList, id: bcu.code, permission: .viewBCURSOList, bcu: bcu, reason: "Frontline awareness",
            outcome: "ok: \(entries.count) of \(page.total) rows from \(offset)")
        try await auditShown(
            page.offenders, reason: "Frontline awareness: \(bcu.code) RSO list", permission: .viewBCURSOList)
        return (entries, page.total)
    }
}

// MARK: - Wanted suspects and the IOM cohort

extension OffenderService {
    /// The wanted list in `bcu` or the actor's scope, after putting on it any suspect named on an open crime since
    /// it was last read (the daily job does the same for the indicator). The adapter audits the suspects it shows
    /// (`auditWantedShown`).
    func wanted(bcu: BCU?, offset: Int, limit: Int) async throws -> (
        bcus: [BCU]?, suspects: [WantedSuspectEntry], total: Int
    ) {
        let bcus = try await listScope(Paths.wanted(), .viewOffenders, bcu: bcu)
        try await OffenderStore.listWantedFromCrimes(bcus: bcus, on: database)
        let page = try await OffenderStore.wanted(bcus: bcus, offset: offset, limit: limit, on: database)
        return (bcus, page.suspects, page.total)
    }

    func auditWantedShown(_ suspects: [WantedSuspectEntry]) async throws {
        try await auditShown(
            suspects.map {
                ShownPerson(recordType: .wantedSuspect, id: $0.id, subject: .wantedSuspect($0.id), bcu: $0.bcu)
            },
            permission: .viewOffenders, reason: "Wanted list")
    }

    /// Records an arrest, a circulation or the officer responsible for a wanted suspect, in the suspect's BCU.
    /// Recording again what is already recorded is a conflict.
    func updateWanted(_ id: Int, _ update: WantedSuspectUpdate) async throws -> WantedSuspectEntry {
        let notFound = "There is no wanted suspect \(id)."
        guard let suspect = try await OffenderStore.wantedSuspect(id: id, on: database) else {
            try await context.refuseMissing(.manageOffenders, .wantedSuspect, id: String(id), notFound: notFound)
        }
        guard try context.requirePrincipal().can(.manageOffenders, in: suspect.bcu) else {
            try await context.refuseOutOfScope(
                .manageOffenders, .wantedSuspect, id: String(id), subject: .wantedSuspect(id), bcu: suspect.bcu,
                seenWith: .viewOffenders, notFound: notFound)
        }
        let day: Date
        switch update.day(today: today, wantedSince: suspect.wantedSince) {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): day = value
        }
        if suspect.arrestedOn != nil { throw ServiceError.conflict("This suspect is already recorded as arrested.") }
        if update.action == .circulated && suspect.circulated {
            throw ServiceError.conflict("This suspect is already circulated.")
        }
        var found: Int?
        let number = update.warrantNumber.trimmingCharacters(in: .whitespaces)
        if update.action == .officer, !number.isEmpty {
            switch try await officerIDs([number], field: "warrant_number", label: "Officer") {
            case .failure(let problems): throw ServiceError.invalid(problems)
            case .success(let ids): found = ids.first
            }
        }
        let officerID = found
        return try await context.transaction { tx in
            let outcome: String
            switch update.action {
            case .arrested:
                try await OffenderStore.markWantedArrested(id: id, on: day, on: tx.database)
                outcome = "arrested on \(OffenderCalendar.format(day))"
            case .circulated:
                try await OffenderStore.markWantedCirculated(id: id, on: day, on: tx.database)
                outcome = "circulated on \(OffenderCalendar.format(day))"
            case .officer:
                try await OffenderStore.setWantedResponsibleOfficer(id: id, officerID: officerID, on: tx.database)
                outcome =
                    officerID.map { "officer responsible: \($0) (warrant \(number))" } ?? "officer responsible: none"
            }
            try await tx.audit(
                .update, .wantedSuspect, id: String(id), subject: .wantedSuspect(id), permission: .manageOffenders,
                bcu: suspect.bcu, reason: "Wanted list: \(update.action.rawValue)", outcome: "ok: \(outcome)")
            guard let updated = try await OffenderStore.wantedSuspect(id: id, on: tx.database) else {
                throw ServiceError.notFound("There is no wanted suspect \(id).")
            }
            return updated
        }
    }

    /// A page of the IOM cohort in `bcu` or the actor's scope, audited as a read of each member shown.
    func iomCohort(bcu: BCU?, offset: Int, limit: Int) async throws -> (
        bcus: [BCU]?, members: [IOMMemberEntry], total: Int
    ) {
        let bcus = try await listScope(Paths.integratedOffenderManagement, .viewOffenders, bcu: bcu)
        let page = try await OffenderStore.iomCohort(bcus: bcus, offset: offset, limit: limit, on: database)
        try await auditShown(
            page.members.map {
                ShownPerson(recordType: .iomCohortMember, id: $0.id, subject: .iomCohortMember($0.id), bcu: $0.bcu)
            },
            permission: .viewOffenders, reason: "IOM cohort list")
        return (bcus, page.members, page.total)
    }
}
