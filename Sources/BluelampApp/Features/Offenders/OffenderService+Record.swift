import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

// MARK: - One offender's record, and what it records

extension OffenderService {
    /// Whether the actor may open a record, before it is read.
    enum RecordOpening {
        /// In scope, but not the actor's caseload: a reason is needed first.
        case needsReason(RSOSummary)
        /// Open; `reason` is what the audit entries record (nil for one's own caseload).
        case opened(RSOSummary, reason: String?)
    }

    /// The record as the record page and the API show it.
    struct Record {
        var detail: RSODetail
        var status: RSOVisitStatus
        /// The reason the record was opened with (nil for one's own caseload).
        var reason: String?
        var canManage: Bool
        var canDecide: Bool
        /// The actor's own warrant number, to fill the visit form's officers.
        var ownWarrant: String?

        var offender: RSOSummary { detail.summary }
    }

    /// What a change returns: the offender, the reason the record was opened with, and what was recorded.
    struct Recorded<Value> {
        var offender: RSOSummary
        var reason: String?
        var value: Value
    }

    /// Opens the offender's record for `permission` (`RSORecordAccess`): not found, refused outside scope (the
    /// refusal audited), a reason needed outside one's own caseload, or open.
    func open(_ id: Int, _ permission: Permission, reason: String?) async throws -> RecordOpening {
        let notFound = "There is no registered sex offender \(id)."
        guard let offender = try await OffenderStore.summary(id: id, on: database) else {
            try await context.refuseMissing(permission, .registeredOffender, id: String(id), notFound: notFound)
        }
        let access = RSORecordAccess.decide(
            principal: try context.requirePrincipal(), permission: permission, offenderBCU: offender.bcu,
            managerOfficerID: offender.managerOfficerID, reason: reason)
        switch access {
        case .forbidden:
            try await context.refuseOutOfScope(
                permission, .registeredOffender, id: String(offender.id), subject: .registeredOffender(offender.id),
                bcu: offender.bcu, seenWith: .viewOffenders, notFound: notFound)
        case .needsReason:
            return .needsReason(offender)
        case .allowed(let reason):
            return .opened(offender, reason: reason)
        }
    }

    /// Opens the record for a change: a missing reason is a problem with the `reason` field.
    func openForChange(_ id: Int, _ permission: Permission, reason: String?) async throws -> (RSOSummary, String?) {
        switch try await open(id, permission, reason: reason) {
        case .needsReason:
            throw ServiceError.invalid(
                field: "reason", label: "Reason",
                "say why you open this record (at least \(RSORecordAccess.minimumReasonLength) characters): it is not on your own caseload"
            )
        case .opened(let offender, let reason):
            return (offender, reason)
        }
    }

    /// Reads the record, audited as a read of the offender's record with the reason given.
    func read(_ id: Int, reason: String?) async throws -> RecordOpening {
        try await open(id, .viewOffenders, reason: reason)
    }

    /// The record once opened, audited as a read with the reason (a page that comes back with form errors is
    /// read again, and audited again).
    func record(_ offender: RSOSummary, reason: String?) async throws -> Record {
        let principal = try context.requirePrincipal()
        guard let detail = try await OffenderStore.detail(id: offender.id, on: database) else {
            throw ServiceError.notFound("There is no registered sex offender \(offender.id).")
        }
        try await context.audit(
            .read, .registeredOffender, id: String(offender.id), subject: .registeredOffender(offender.id),
            permission: .viewOffenders, bcu: offender.bcu, reason: reason ?? Self.ownCaseload)
        var ownWarrant: String?
        if let officerID = principal.officerID {
            ownWarrant = try await OrganisationStore.officer(id: officerID, on: database)?.warrantNumber
        }
        let day = today
        return Record(
            detail: detail,
            status: RSOVisitStatus(
                registeredOn: detail.summary.registeredOn, frequency: detail.summary.frequency,
                visits: detail.visits.compactMap(\.attempt), today: day),
            reason: reason, canManage: principal.can(.manageOffenders, in: offender.bcu),
            canDecide: principal.can(.decideEscalations, in: offender.bcu), ownWarrant: ownWarrant)
    }

    /// Reads the record by id for one who may open it (`read`, then `record`); a reason needed is a problem
    /// with the `reason` field.
    func record(_ id: Int, reason: String?) async throws -> Record {
        let (offender, reason) = try await openForChange(id, .viewOffenders, reason: reason)
        return try await record(offender, reason: reason)
    }

    /// The warrant numbers' officers, or a problem with `field` naming the numbers no officer has.
    func officerIDs(_ warrants: [String], field: String, label: String) async throws -> Result<[Int], FieldErrors> {
        let found = try await OffenderStore.officerIDs(warrantNumbers: warrants, on: database)
        guard found.unknown.isEmpty else {
            return .failure(
                FieldErrors(errors: [
                    FieldError(
                        field: field, label: label,
                        message: "no officer has warrant number \(found.unknown.joined(separator: ", ")).")
                ]))
        }
        return .success(found.ids)
    }

    // MARK: Visits

    /// Records a visit made; a failed visit plans its re-attempt within 7 days.
    func recordVisit(_ id: Int, reason: String?, _ draft: RSOVisitDraft) async throws -> Recorded<RecordedRSOVisit> {
        let (offender, reason) = try await openForChange(id, .manageOffenders, reason: reason)
        var problems: [FieldError] = []
        var checked: CheckedRSOVisit?
        switch draft.check(today: today, registeredOn: offender.registeredOn) {
        case .failure(let found): problems = found.errors
        case .success(let value): checked = value
        }
        var officerIDs: [Int] = []
        let warrants = draft.warrantNumbers
        if !warrants.isEmpty {
            switch try await self.officerIDs(warrants, field: "officers", label: "Officers") {
            case .failure(let found):
                // In the order the form lists its fields: after the outcome, before the concerns.
                let at = problems.firstIndex { $0.field == "concerns" } ?? problems.endIndex
                problems.insert(contentsOf: found.errors, at: at)
            case .success(let ids): officerIDs = ids
            }
        }
        guard problems.isEmpty, let checked else { throw ServiceError.invalid(FieldErrors(errors: problems)) }
        let userID = context.principal?.userID
        let visit = NewRSOVisit(
            visitedOn: checked.visitedOn, time: checked.time, announced: checked.announced, outcome: checked.outcome,
            devicesFound: checked.devicesFound, breachFound: checked.breachFound, concerns: checked.concerns,
            officerIDs: officerIDs)
        let recorded = try await context.transaction { tx in
            let recorded = try await OffenderStore.recordVisit(
                offenderID: offender.id, visit, recordedByUserID: userID, at: tx.now, on: tx.database)
            try await tx.audit(
                .create, .rsoVisit, id: String(recorded.visitID), subject: .registeredOffender(offender.id),
                permission: .manageOffenders, bcu: offender.bcu, reason: reason,
                outcome: "ok: \(checked.outcome.rawValue)"
                    + (recorded.reattemptDue.map { "; re-attempt planned by \(OffenderCalendar.format($0))" } ?? ""))
            return recorded
        }
        return Recorded(offender: offender, reason: reason, value: recorded)
    }

    // MARK: Risk reviews

    /// Records a risk review and, when the draft sets one, a visit frequency other than the default. An interval
    /// longer than the risk level's minimum is refused unless a supervisor over the offender records the review;
    /// then the approval is kept on the record and audited, with its reason, in the review's transaction.
    func recordRiskReview(_ id: Int, reason: String?, _ draft: RSORiskReviewDraft) async throws -> Recorded<
        CheckedRSORiskReview
    > {
        let (offender, reason) = try await openForChange(id, .manageOffenders, reason: reason)
        let supervisor = try context.requirePrincipal().can(.decideEscalations, in: offender.bcu)
        let checked: CheckedRSORiskReview
        switch draft.check(today: today, supervisorApproves: supervisor) {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): checked = value
        }
        let assessedBy = try await actorName()
        let level = checked.assessment.level
        let exception = checked.frequency.isLooserThanDefault(for: level)
        try await context.transaction { tx in
            try await OffenderStore.recordRiskAssessment(
                offenderID: offender.id, checked.assessment, assessedBy: assessedBy, frequency: checked.frequency,
                frequencyApprovedBy: exception ? assessedBy : nil, on: tx.database)
            try await tx.audit(
                .update, .rsoRiskAssessment, id: String(offender.id), subject: .registeredOffender(offender.id),
                permission: .manageOffenders, bcu: offender.bcu, reason: reason,
                outcome: "ok: \(level.rawValue) assessed \(OffenderCalendar.format(checked.assessment.assessedOn))")
            if exception {
                try await tx.audit(
                    .update, .rsoVisitFrequency, id: String(offender.id), subject: .registeredOffender(offender.id),
                    permission: .decideEscalations, bcu: offender.bcu, reason: checked.frequency.overrideReason,
                    outcome: "approved: every \(checked.frequency.months) months for \(level.label.lowercased()) risk "
                        + "(minimum every \(level.defaultVisitFrequencyMonths))")
            }
        }
        return Recorded(offender: offender, reason: reason, value: checked)
    }

    // MARK: Notifications and conditions

    /// Records a notification made; returns the next annual re-notification's last day.
    func recordNotification(_ id: Int, reason: String?, _ draft: RSONotificationDraft) async throws -> Recorded<Date> {
        let (offender, reason) = try await openForChange(id, .manageOffenders, reason: reason)
        guard let detail = try await OffenderStore.detail(id: offender.id, on: database) else {
            throw ServiceError.notFound("There is no registered sex offender \(offender.id).")
        }
        let awaiting = Set(detail.notifications.filter { $0.notifiedOn == nil }.map(\.kind))
        let checked: CheckedRSONotification
        switch draft.check(today: today, registeredOn: offender.registeredOn, awaiting: awaiting) {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): checked = value
        }
        let next = try await context.transaction { tx in
            let next = try await OffenderStore.recordNotification(
                offenderID: offender.id, kind: checked.kind, notifiedOn: checked.notifiedOn,
                changedOn: checked.changedOn,
                on: tx.database)
            try await tx.audit(
                .update, .rsoNotification, id: String(offender.id), subject: .registeredOffender(offender.id),
                permission: .manageOffenders, bcu: offender.bcu, reason: reason,
                outcome: "ok: \(checked.kind.rawValue) notified \(OffenderCalendar.format(checked.notifiedOn))"
                    + "; next annual due by \(OffenderCalendar.format(next))")
            return next
        }
        return Recorded(offender: offender, reason: reason, value: next)
    }

    /// Adds a condition of an order or licence to the record.
    func addCondition(_ id: Int, reason: String?, _ draft: RSOConditionDraft) async throws -> Recorded<RSOCondition> {
        let (offender, reason) = try await openForChange(id, .manageOffenders, reason: reason)
        let condition: RSOCondition
        switch draft.check(today: today) {
        case .failure(let problems): throw ServiceError.invalid(problems)
        case .success(let value): condition = value
        }
        try await context.transaction { tx in
            _ = try await OffenderStore.addCondition(offenderID: offender.id, condition, on: tx.database)
            try await tx.audit(
                .create, .rsoCondition, id: String(offender.id), subject: .registeredOffender(offender.id),
                permission: .manageOffenders, bcu: offender.bcu, reason: reason,
                outcome: "ok: \(condition.kind.rawValue)")
        }
        return Recorded(offender: offender, reason: reason, value: condition)
    }

    // MARK: Reactive management

    /// Decides a move to reactive management by the core rule (3 years at low risk, a supervisor, a reason) and
    /// records it when approved. A refusal is audited too, and comes back as a problem with `decision_reason`.
    func decideReactive(_ id: Int, reason: String?, decisionReason: String) async throws -> Recorded<Date> {
        let (offender, reason) = try await openForChange(id, .decideEscalations, reason: reason)
        guard !offender.isReactive else { throw ServiceError.conflict("This offender is already managed reactively.") }
        let principal = try context.requirePrincipal()
        // The supervisor role stands for a sergeant or above; a supervisor with no officer record is taken as
        // a sergeant, the lowest rank the role is given to.
        var rank = Rank.sergeant
        if let officerID = principal.officerID,
            let officer = try await OrganisationStore.officer(id: officerID, on: database)
        {
            rank = officer.rank
        }
        let decidedBy = try await actorName()
        let assessments = try await OffenderStore.assessments(offenderID: offender.id, on: database)
        let day = today
        let decision = ReactiveManagement.decide(
            assessments: assessments, decidedBy: rank, reason: decisionReason, today: day)
        switch decision {
        case .approved(let since):
            let userID = principal.userID
            let trimmed = decisionReason.trimmingCharacters(in: .whitespacesAndNewlines)
            try await context.transaction { tx in
                try await OffenderStore.setReactive(
                    offenderID: offender.id, since: day, decidedBy: decidedBy, decidedByUserID: userID, reason: trimmed,
                    at: tx.now, on: tx.database)
                try await tx.audit(
                    .update, .rsoReactiveManagement, id: String(offender.id), subject: .registeredOffender(offender.id),
                    permission: .decideEscalations, bcu: offender.bcu, reason: decisionReason,
                    outcome: "approved: low risk since \(OffenderCalendar.format(since))")
            }
            return Recorded(offender: offender, reason: reason, value: since)
        case .refused(let refusal):
            try await context.audit(
                .update, .rsoReactiveManagement, id: String(offender.id), subject: .registeredOffender(offender.id),
                permission: .decideEscalations, bcu: offender.bcu, reason: decisionReason,
                outcome: "refused: \(refusal.description)")
            throw ServiceError.invalid(
                field: "decision_reason", label: "Reactive management", "refused: \(refusal.description).")
        }
    }

    // MARK: - Putting an offender on the register

    /// Puts an offender on the register in a BCU the actor manages offenders in (a BCU outside that is refused and
    /// audited before anything is checked). The store sets the initial notification due by `RSONotificationRules`
    /// (s.83: three days from registration).
    func register(_ draft: RSORegistrationDraft) async throws -> RSOSummary {
        let principal = try context.requirePrincipal()
        if let bcu = draft.territorialBCU, !principal.can(.manageOffenders, in: bcu) {
            try await context.audit(
                .denied, .registeredOffender, id: "new:\(bcu.code)", outcome: "denied: outside scope")
            throw ServiceError.forbidden("\(bcu.name) is outside the BCUs where you manage offenders.")
        }
        var problems: [FieldError] = []
        var checked: CheckedRSORegistration?
        switch draft.check(today: today) {
        case .failure(let found): problems = found.errors
        case .success(let value): checked = value
        }
        var managerID: Int?
        let warrant = draft.manager.trimmingCharacters(in: .whitespacesAndNewlines)
        if !warrant.isEmpty {
            switch try await officerIDs([warrant], field: "manager_warrant_number", label: "Offender manager") {
            case .failure(let found): problems += found.errors
            case .success(let ids): managerID = ids.first
            }
        }
        guard problems.isEmpty, let checked, let managerID else {
            throw ServiceError.invalid(FieldErrors(errors: problems))
        }
        let id = try await context.transaction { tx in
            let reference = try await OffenderStore.nextReference(bcu: checked.bcu, on: tx.database)
            let id = try await OffenderStore.register(
                NewRegisteredOffender(
                    reference: reference, bcu: checked.bcu, borough: checked.borough, addressArea: checked.addressArea,
                    addressLine: checked.addressLine, name: checked.name, dateOfBirth: checked.dateOfBirth,
                    pncNumber: checked.pncNumber, mappaCategory: checked.mappaCategory, mappaLevel: checked.mappaLevel,
                    registeredOn: checked.registeredOn, managerOfficerID: managerID, assessments: [checked.assessment]),
                on: tx.database)
            try await tx.audit(
                .create, .registeredOffender, id: String(id), subject: .registeredOffender(id),
                permission: .manageOffenders,
                bcu: checked.bcu, reason: "Put on the register",
                outcome:
                    "ok: \(reference), risk \(checked.assessment.level.rawValue), registered \(OffenderCalendar.format(checked.registeredOn))"
            )
            return id
        }
        guard let offender = try await OffenderStore.summary(id: id, on: database) else {
            throw ServiceError.notFound("There is no registered sex offender \(id).")
        }
        return offender
    }
}
