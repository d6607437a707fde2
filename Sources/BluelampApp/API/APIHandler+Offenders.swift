import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// Offender management: the register, an offender's record and what the record page records, the supervisor's
/// lists and wanted suspects. The same service, scope rules and audit entries as `OffenderRoutes`: every person a
/// list shows is audited as a read of their record, and an RSO record outside one's own caseload needs a reason.
extension APIHandler {
    // MARK: - The register

    func listRegisteredOffenders(
        _ input: Operations.ListRegisteredOffenders.Input
    ) async throws -> Operations.ListRegisteredOffenders.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let bcus = try await Self.offenderScope(req, .viewOffenders, bcu: query.bcu)
        let mine = query.mine == true
        var offenders: [RSOSummary] = []
        if mine {
            // The caseload page: the offenders the caller manages, wherever they live.
            if let officerID = principal.officerID {
                offenders = try await OffenderStore.summaries(
                    bcus: query.bcu == nil ? nil : bcus, managerOfficerID: officerID, on: req.db)
            }
        } else {
            offenders = try await OffenderStore.summaries(bcus: bcus, on: req.db)
        }
        let page = try APIPaging.page(
            of: offenders, cursor: query.cursor, limit: limit, list: "registered-offenders", key: { String($0.id) })
        let reason = mine ? "Own caseload (offender manager)" : "Frontline awareness: \(OffenderRoutes.scopeLabel(bcus)) RSO list"
        try await Audit.record(
            req, action: .read, recordType: .rsoList, recordID: OffenderRoutes.scopeLabel(bcus), permission: .viewOffenders,
            bcu: bcus?.count == 1 ? bcus?.first : nil, reason: reason, outcome: "ok: \(page.items.count) of \(offenders.count) rows")
        try await OffenderRoutes.auditShown(req, page.items, reason: reason)
        let today = OffenderService(database: req.db, now: req.now).today
        return .ok(.init(body: .json(.init(
            items: try page.items.map { try Self.offenderSummary($0, today: today) }, nextCursor: page.next))))
    }

    func registerOffender(_ input: Operations.RegisterOffender.Input) async throws -> Operations.RegisterOffender.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        guard let bcu = APIValues.bcu(body.bcu), bcu != .force else { throw APIError.validation(field: "bcu", "must be a territorial BCU") }
        guard principal.can(.manageOffenders, in: bcu) else {
            try await Audit.record(
                req, action: .denied, recordType: .registeredOffender, recordID: "new:\(bcu.code)", outcome: "denied: outside scope")
            throw APIError.forbidden("\(bcu.name) is outside the BCUs where your token's roles manage offenders.")
        }
        let form = OffenderService.RegisterForm(
            givenName: body.givenName, familyName: body.familyName, dateOfBirth: body.dateOfBirth, pncNumber: body.pncNumber ?? "",
            bcu: bcu.code, borough: body.borough, addressArea: body.addressArea, addressLine: body.addressLine,
            mappaCategory: String(body.mappaCategory ?? 1), mappaLevel: String(body.mappaLevel ?? 1), riskLevel: body.riskLevel.rawValue,
            assessedOn: body.assessedOn, reviewDue: body.reviewDue ?? "", manager: body.managerWarrantNumber,
            registeredOn: body.registeredOn)
        switch try await OffenderService(database: req.db, now: req.now).register(form: form) {
        case .invalid(let errors):
            // The register form names the risk level `risk_level` (a risk review's form, `level`).
            throw APIError.validation(errors.map { ($0.field == "level" ? "risk_level" : $0.field, $0.message) })
        case .registered(let id, let reference, let bcu):
            try await Audit.record(
                req, action: .create, recordType: .registeredOffender, recordID: String(id), subject: .registeredOffender(id),
                permission: .manageOffenders, bcu: bcu, reason: "Put on the register",
                outcome: "ok: \(reference), risk \(form.riskLevel), registered \(form.registeredOn)")
            guard let offender = try await OffenderStore.summary(id: id, on: req.db) else { throw APIError.notFound("There is no offender \(id).") }
            req.apiLocation = "/api/v1/offenders/rso/\(id)"
            return .created(.init(body: .json(try await Self.readOffender(req, offender, reason: "Put on the register"))))
        }
    }

    // MARK: - One offender's record

    func getRegisteredOffender(_ input: Operations.GetRegisteredOffender.Input) async throws -> Operations.GetRegisteredOffender.Output {
        let req = try APIContext.current()
        let (offender, reason) = try await Self.offenderInScope(req, id: input.path.id, permission: .viewOffenders, reason: input.query.reason)
        return .ok(.init(body: .json(try await Self.readOffender(req, offender, reason: reason))))
    }

    func recordRSOVisit(_ input: Operations.RecordRSOVisit.Input) async throws -> Operations.RecordRSOVisit.Output {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let (offender, reason) = try await Self.offenderInScope(req, id: input.path.id, permission: .manageOffenders, reason: body.reason)
        let form = OffenderService.VisitForm(
            visitedOn: body.visitedOn, time: body.time, announced: body.announced ? "yes" : "no", outcome: body.outcome.rawValue,
            officers: body.officers.joined(separator: ","), devicesFound: body.devicesFound == true,
            breachFound: body.breachFound == true, concerns: body.concerns ?? "")
        switch try await OffenderService(database: req.db, now: req.now).recordVisit(
            offender: offender, form: form, recordedByUserID: req.principal?.userID)
        {
        case .invalid(let errors):
            throw APIError.validation(Self.fieldErrors(errors))
        case .recorded(let recorded):
            return .created(.init(body: .json(try await Self.recordedChange(
                req, offender, reason: reason, action: .create, recordType: .rsoVisit, recordID: String(recorded.visitID),
                outcome: "ok: \(form.outcome)" + (recorded.reattemptDue.map { "; re-attempt planned by \(OffenderCalendar.format($0))" } ?? "")))))
        }
    }

    func recordRSORiskAssessment(
        _ input: Operations.RecordRSORiskAssessment.Input
    ) async throws -> Operations.RecordRSORiskAssessment.Output {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let (offender, reason) = try await Self.offenderInScope(req, id: input.path.id, permission: .manageOffenders, reason: body.reason)
        let form = OffenderService.RiskForm(
            assessedOn: body.assessedOn, level: body.level.rawValue, reviewDue: body.reviewDue ?? "",
            frequencyMonths: body.frequencyMonths.map(String.init) ?? "", frequencyReason: body.frequencyReason ?? "")
        let errors = try await OffenderService(database: req.db, now: req.now).recordRiskAssessment(
            offender: offender, form: form, assessedBy: try await OffenderRoutes.actorName(req))
        guard errors.isEmpty else { throw APIError.validation(Self.fieldErrors(errors)) }
        return .created(.init(body: .json(try await Self.recordedChange(
            req, offender, reason: reason, action: .update, recordType: .rsoRiskAssessment, recordID: String(offender.id),
            outcome: "ok: \(form.level) assessed \(form.assessedOn)"))))
    }

    func recordRSONotification(_ input: Operations.RecordRSONotification.Input) async throws -> Operations.RecordRSONotification.Output {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let (offender, reason) = try await Self.offenderInScope(req, id: input.path.id, permission: .manageOffenders, reason: body.reason)
        guard let detail = try await OffenderStore.detail(id: offender.id, on: req.db) else { throw APIError.notFound("There is no offender \(offender.id).") }
        let (problems, nextDue) = try await OffenderService(database: req.db, now: req.now).recordNotification(
            offender: detail, kind: body.kind.rawValue, notifiedOn: body.notifiedOn, changedOn: body.changedOn ?? "")
        guard problems.isEmpty else { throw APIError.validation(Self.fieldErrors(problems)) }
        return .created(.init(body: .json(try await Self.recordedChange(
            req, offender, reason: reason, action: .update, recordType: .rsoNotification, recordID: String(offender.id),
            outcome: "ok: \(body.kind.rawValue) notified \(body.notifiedOn)"
                + (nextDue.map { "; next annual due by \(OffenderCalendar.format($0))" } ?? "")))))
    }

    func addRSOCondition(_ input: Operations.AddRSOCondition.Input) async throws -> Operations.AddRSOCondition.Output {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let (offender, reason) = try await Self.offenderInScope(req, id: input.path.id, permission: .manageOffenders, reason: body.reason)
        let problems = try await OffenderService(database: req.db, now: req.now).addCondition(
            offenderID: offender.id, kind: body.kind.rawValue, detail: body.detail, imposedOn: body.imposedOn ?? "",
            expiresOn: body.expiresOn ?? "")
        guard problems.isEmpty else { throw APIError.validation(Self.fieldErrors(problems)) }
        return .created(.init(body: .json(try await Self.recordedChange(
            req, offender, reason: reason, action: .create, recordType: .rsoCondition, recordID: String(offender.id),
            outcome: "ok: \(body.kind.rawValue)"))))
    }

    func decideReactiveManagement(
        _ input: Operations.DecideReactiveManagement.Input
    ) async throws -> Operations.DecideReactiveManagement.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let (offender, reason) = try await Self.offenderInScope(req, id: input.path.id, permission: .decideEscalations, reason: body.reason)
        guard !offender.isReactive else { throw APIError.conflict("This offender is already managed reactively.") }
        // As the record page: the supervisor's rank, or a sergeant for a supervisor with no officer record.
        var rank = Rank.sergeant
        if let officerID = principal.officerID, let officer = try await OrganisationStore.officer(id: officerID, on: req.db) {
            rank = officer.rank
        }
        let decisionReason = body.decisionReason
        let decision = try await OffenderService(database: req.db, now: req.now).decideReactive(
            offender: offender, decidedBy: rank, decidedByName: try await OffenderRoutes.actorName(req), userID: principal.userID,
            reason: decisionReason)
        switch decision {
        case .approved(let since):
            try await Audit.record(
                req, action: .update, recordType: .rsoReactiveManagement, recordID: String(offender.id),
                subject: .registeredOffender(offender.id), permission: .decideEscalations, bcu: offender.bcu, reason: decisionReason,
                outcome: "approved: low risk since \(OffenderCalendar.format(since))")
            return .ok(.init(body: .json(try await Self.readOffender(req, offender, reason: reason))))
        case .refused(let refusal):
            try await Audit.record(
                req, action: .update, recordType: .rsoReactiveManagement, recordID: String(offender.id),
                subject: .registeredOffender(offender.id), permission: .decideEscalations, bcu: offender.bcu, reason: decisionReason,
                outcome: "refused: \(refusal.description)")
            throw APIError.validation(field: "decision_reason", "reactive management refused: \(refusal.description)")
        }
    }

    // MARK: - Supervisor's lists

    func listOverdueOffenders(_ input: Operations.ListOverdueOffenders.Input) async throws -> Operations.ListOverdueOffenders.Output {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let bcus = try await Self.offenderScope(req, .viewOffenders, bcu: query.bcu)
        let service = OffenderService(database: req.db, now: req.now)
        let today = service.today
        let lists = try await service.overdue(bcus: bcus)
        let kind = query.list ?? .visits
        var rows: [(key: String, offender: RSOSummary, days: Int, notification: RSONotificationEntry?)]
        switch kind {
        case .visits:
            rows = lists.visits.map { (String($0.offender.id), $0.offender, $0.status.daysOverdue, nil) }
        case .reviews:
            rows = lists.reviews.map { (String($0.id), $0, $0.assessment.reviewDaysOverdue(today: today), nil) }
        case .notifications:
            rows = lists.notifications.map {
                ("n\($0.notification.id)", $0.offender, OffenderCalendar.days(from: $0.notification.dueOn, to: today), $0.notification)
            }
        }
        let page = try APIPaging.page(of: rows, cursor: query.cursor, limit: limit, list: "overdue-\(kind.rawValue)", key: { $0.key })
        try await OffenderRoutes.auditShown(req, page.items.map(\.offender), reason: "Supervisory review: overdue list")
        return .ok(.init(body: .json(.init(
            items: try page.items.map {
                .init(
                    offender: try Self.offenderSummary($0.offender, today: today), daysOverdue: $0.days,
                    notification: try $0.notification.map(Self.notification))
            },
            total: rows.count, nextCursor: page.next))))
    }

    func listRSOEscalations(_ input: Operations.ListRSOEscalations.Input) async throws -> Operations.ListRSOEscalations.Output {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let bcus = try await Self.offenderScope(req, .decideEscalations, bcu: query.bcu)
        var all = try await OffenderService(database: req.db, now: req.now).escalations(bcus: bcus).sorted { $0.id < $1.id }
        if let open = query.open { all = all.filter { $0.isOpen == open } }
        let page = try APIPaging.page(of: all, cursor: query.cursor, limit: limit, list: "rso-escalations", key: { String($0.id) })
        try await OffenderRoutes.auditPeople(
            req,
            page.items.map {
                OffenderRoutes.ShownPerson(recordType: .registeredOffender, id: $0.offenderID, subject: .registeredOffender($0.offenderID), bcu: $0.bcu)
            },
            permission: .decideEscalations, reason: "Supervisory review: arrest or warrant escalations")
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.escalation), nextCursor: page.next))))
    }

    func decideRSOEscalation(_ input: Operations.DecideRSOEscalation.Input) async throws -> Operations.DecideRSOEscalation.Output {
        let req = try APIContext.current()
        let principal = try req.requirePrincipal()
        guard let id = req.apiRecordID(input.path.id), let escalation = try await OffenderStore.escalation(id: id, on: req.db) else {
            throw APIError.notFound("There is no escalation \(input.path.id).")
        }
        guard principal.can(.decideEscalations, in: escalation.bcu) else {
            try await Audit.record(req, action: .denied, recordType: .rsoEscalation, recordID: String(id), outcome: "denied: outside scope")
            throw APIError.forbidden("This escalation is in \(escalation.bcu.name), outside the BCUs your token's roles cover.")
        }
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        guard escalation.isOpen else { throw APIError.conflict("This case already has a decision.") }
        let problems = try await OffenderService(database: req.db, now: req.now).decideEscalation(
            escalation, decision: body.decision.rawValue, reason: body.reason, decidedBy: try await OffenderRoutes.actorName(req),
            userID: principal.userID)
        guard problems.isEmpty else { throw APIError.validation(Self.fieldErrors(problems)) }
        try await Audit.record(
            req, action: .update, recordType: .rsoEscalation, recordID: String(id), subject: .registeredOffender(escalation.offenderID),
            permission: .decideEscalations, bcu: escalation.bcu, reason: body.reason, outcome: "decided: \(body.decision.rawValue)")
        guard let decided = try await OffenderStore.escalation(id: id, on: req.db) else { throw APIError.notFound("There is no escalation \(id).") }
        return .ok(.init(body: .json(try Self.escalation(decided))))
    }

    // MARK: - Wanted suspects

    func listWantedSuspects(_ input: Operations.ListWantedSuspects.Input) async throws -> Operations.ListWantedSuspects.Output {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let bcus = try await Self.offenderScope(req, .viewOffenders, bcu: query.bcu)
        let list = "wanted"
        // The list is in (wanted since, id) order and suspects leave it when arrested, so a cursor is a place in
        // that order rather than a suspect who may have gone.
        var after: (Double, Int)?
        if let position = try APIPaging.decode(query.cursor, list: list) { after = try Self.queuePosition(position) }
        let all = try await OffenderService(database: req.db, now: req.now).wanted(bcus: bcus, offset: 0, limit: 1_000_000).suspects
        let rest = after.map { position in all.filter { ($0.wantedSince.timeIntervalSince1970, $0.id) > position } } ?? all
        let page = APIPaging.page(Array(rest.prefix(limit + 1)), limit: limit, list: list) {
            "\($0.wantedSince.timeIntervalSince1970)|\($0.id)"
        }
        try await OffenderRoutes.auditPeople(
            req,
            page.items.map { OffenderRoutes.ShownPerson(recordType: .wantedSuspect, id: $0.id, subject: .wantedSuspect($0.id), bcu: $0.bcu) },
            permission: .viewOffenders, reason: "Wanted list")
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.wantedSuspect), total: all.count, nextCursor: page.next))))
    }

    func updateWantedSuspect(_ input: Operations.UpdateWantedSuspect.Input) async throws -> Operations.UpdateWantedSuspect.Output {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id), let suspect = try await OffenderStore.wantedSuspect(id: id, on: req.db) else {
            throw APIError.notFound("There is no wanted suspect \(input.path.id).")
        }
        guard try req.requirePrincipal().can(.manageOffenders, in: suspect.bcu) else {
            try await Audit.record(req, action: .denied, recordType: .wantedSuspect, recordID: String(id), outcome: "denied: outside scope")
            throw APIError.forbidden("This suspect is wanted in \(suspect.bcu.name), outside the BCUs your token's roles cover.")
        }
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        guard let action = OffenderService.WantedAction(rawValue: body.action.rawValue) else {
            throw APIError.validation(field: "action", "must be arrested, circulated or officer")
        }
        if action == .officer, body.on != nil { throw APIError.validation(field: "on", "is not sent with action officer") }
        if action != .officer, body.warrantNumber != nil {
            throw APIError.validation(field: "warrant_number", "is only sent with action officer")
        }
        let (problems, outcome) = try await OffenderService(database: req.db, now: req.now).updateWanted(
            suspect, action: action, day: body.on ?? "", warrant: body.warrantNumber ?? "")
        // Recording again what is already recorded is a conflict with the record, not a mistake in the request.
        if let conflict = problems.first(where: { $0.field == "action" }) { throw APIError.conflict(conflict.description) }
        guard problems.isEmpty else { throw APIError.validation(Self.fieldErrors(problems)) }
        try await Audit.record(
            req, action: .update, recordType: .wantedSuspect, recordID: String(id), subject: .wantedSuspect(id),
            permission: .manageOffenders, bcu: suspect.bcu, reason: "Wanted list: \(action.rawValue)", outcome: "ok: \(outcome)")
        guard let updated = try await OffenderStore.wantedSuspect(id: id, on: req.db) else {
            throw APIError.notFound("There is no wanted suspect \(id).")
        }
        return .ok(.init(body: .json(try Self.wantedSuspect(updated))))
    }

    // MARK: - Scope and access

    /// The BCUs a list covers (nil: the force), narrowed to `bcu`; a BCU outside the caller's scope is audited and
    /// refused, as `OffenderRoutes.listScope` does.
    static func offenderScope(_ req: Request, _ permission: Permission, bcu: Components.Schemas.BCUCode?) async throws -> [BCU]? {
        let principal = try req.requirePrincipal()
        do {
            return try OffenderService.bcus(for: principal, permission, narrowTo: bcu?.rawValue)
        } catch .unknownBCU {
            throw APIError.validation(field: "bcu", "must be a territorial BCU")
        } catch .outOfScope(let bcu) {
            try await Audit.record(
                req, action: .denied, recordType: .offenderList, recordID: req.url.path + "?bcu=" + bcu.code, outcome: "denied: outside scope")
            throw APIError.forbidden("\(bcu.name) is outside the BCUs your token's roles cover.")
        }
    }

    /// The offender, when the caller may act on the record with `permission` (`RSORecordAccess`): 404 when there
    /// is none, 403 (audited) outside scope, 422 naming `reason` when it is not the caller's caseload and no
    /// reason is given. Returns the reason for the audit entry (nil for one's own caseload).
    static func offenderInScope(
        _ req: Request, id: Int64, permission: Permission, reason: String?
    ) async throws -> (offender: RSOSummary, reason: String?) {
        guard let recordID = req.apiRecordID(id), let offender = try await OffenderStore.summary(id: recordID, on: req.db) else {
            throw APIError.notFound("There is no registered offender \(id).")
        }
        let access = RSORecordAccess.decide(
            principal: try req.requirePrincipal(), permission: permission, offenderBCU: offender.bcu,
            managerOfficerID: offender.managerOfficerID, reason: reason)
        switch access {
        case .forbidden:
            try await Audit.record(
                req, action: .denied, recordType: .registeredOffender, recordID: String(offender.id), outcome: "denied: outside scope")
            throw APIError.forbidden("This offender is in \(offender.bcu.name), outside the BCUs your token's roles cover.")
        case .needsReason:
            throw APIError.validation(
                field: "reason",
                "say why you open this record (at least \(RSORecordAccess.minimumReasonLength) characters): it is not on your own caseload")
        case .allowed(let reason):
            return (offender, reason)
        }
    }

    /// The record, audited as a read with the reason, as the record page is.
    /// After a change to an offender's record: the audit entry (a person's record, under the manager's
    /// permission and with the reason given), the record's Location, and the record as it now stands.
    static func recordedChange(
        _ req: Request, _ offender: RSOSummary, reason: String?, action: AuditAction, recordType: AuditRecordType, recordID: String,
        outcome: String
    ) async throws -> Components.Schemas.RegisteredOffender {
        try await Audit.record(
            req, action: action, recordType: recordType, recordID: recordID, subject: .registeredOffender(offender.id),
            permission: .manageOffenders, bcu: offender.bcu, reason: reason, outcome: outcome)
        req.apiLocation = "/api/v1/offenders/rso/\(offender.id)"
        return try await readOffender(req, offender, reason: reason)
    }

    static func readOffender(_ req: Request, _ offender: RSOSummary, reason: String?) async throws -> Components.Schemas.RegisteredOffender {
        guard let detail = try await OffenderStore.detail(id: offender.id, on: req.db) else {
            throw APIError.notFound("There is no registered offender \(offender.id).")
        }
        try await Audit.record(
            req, action: .read, recordType: .registeredOffender, recordID: String(offender.id), subject: .registeredOffender(offender.id),
            permission: .viewOffenders, bcu: offender.bcu, reason: reason ?? "Own caseload (offender manager)")
        return try registeredOffender(detail, today: OffenderService(database: req.db, now: req.now).today)
    }

    /// The service's problems as the API's field errors: the service keys each by the field the document names.
    static func fieldErrors(_ problems: [FieldError]) -> [(field: String, message: String)] {
        problems.map { ($0.field, $0.message) }
    }

    // MARK: - Mapping

    static func day(_ date: Date) -> String { OffenderCalendar.format(date) }

    static func offenderSummary(_ o: RSOSummary, today: Date) throws -> Components.Schemas.RegisteredOffenderSummary {
        let status = o.visitStatus(today: today)
        return .init(
            id: Int64(o.id), reference: o.reference, givenName: o.givenName, familyName: o.familyName, bcu: try APIValues.convert(o.bcu),
            borough: o.borough, addressArea: o.addressArea, risk: try APIValues.convert(o.risk), riskAssessedOn: day(o.riskAssessedOn),
            riskReviewDue: day(o.riskReviewDue), mappaCategory: o.mappaCategory.rawValue, mappaLevel: o.mappaLevel.rawValue,
            registeredOn: day(o.registeredOn), visitFrequencyMonths: o.frequency.months, managerOfficerId: o.managerOfficerID.map(Int64.init),
            managerName: o.managerName, reactiveSince: o.reactiveSince.map(day), lastSeenOn: o.lastSeenOn.map(day),
            nextVisitDue: day(status.nextVisitDue), daysOverdue: status.daysOverdue, considerArrestOrWarrant: status.considerArrestOrWarrant)
    }

    static func notification(_ n: RSONotificationEntry) throws -> Components.Schemas.RSONotificationEntry {
        .init(
            id: Int64(n.id), kind: try APIValues.convert(n.kind), triggeredOn: day(n.triggeredOn), dueOn: day(n.dueOn),
            notifiedOn: n.notifiedOn.map(day))
    }

    static func escalation(_ e: RSOEscalationEntry) throws -> Components.Schemas.RSOEscalation {
        .init(
            id: Int64(e.id), offenderId: Int64(e.offenderID), offenderReference: e.offenderReference, offenderName: e.offenderName,
            bcu: try APIValues.convert(e.bcu), risk: try APIValues.convert(e.risk), managerName: e.managerName,
            escalationDate: day(e.escalationDate), raisedOn: day(e.raisedOn), lastSeenOn: e.lastSeenOn.map(day), open: e.isOpen,
            decision: APIValues.core(e.decision), reason: e.reason, decidedBy: e.decidedBy, decidedAt: e.decidedAt)
    }

    static func registeredOffender(_ d: RSODetail, today: Date) throws -> Components.Schemas.RegisteredOffender {
        .init(
            offender: try offenderSummary(d.summary, today: today), dateOfBirth: d.dateOfBirth, pncNumber: d.pncNumber,
            addressLine: d.addressLine, reactiveDecidedBy: d.reactiveDecidedBy, reactiveReason: d.reactiveReason,
            assessments: try d.assessments.map {
                .init(
                    assessedOn: day($0.assessment.assessedOn), level: try APIValues.convert($0.assessment.level),
                    reviewDue: day($0.assessment.reviewDue), assessedBy: $0.assessedBy)
            },
            conditions: try d.conditions.map {
                .init(kind: try APIValues.convert($0.kind), detail: $0.detail, imposedOn: day($0.imposedOn), expiresOn: $0.expiresOn.map(day))
            },
            notifications: try d.notifications.map(notification),
            visits: d.visits.map {
                .init(
                    id: Int64($0.id), plannedOn: day($0.plannedOn), windowStart: $0.windowStart, windowEnd: $0.windowEnd,
                    announced: $0.announced, visitedOn: $0.visitedOn.map(day), outcome: APIValues.core($0.outcome),
                    devicesFound: $0.devicesFound, breachFound: $0.breachFound, concerns: $0.concerns,
                    reattemptDue: $0.reattemptDue.map(day), officers: $0.officers)
            },
            escalations: try d.escalations.map(escalation))
    }

    static func wantedSuspect(_ w: WantedSuspectEntry) throws -> Components.Schemas.WantedSuspect {
        .init(
            id: Int64(w.id), bcu: try APIValues.convert(w.bcu), givenName: w.givenName, familyName: w.familyName,
            dateOfBirth: w.dateOfBirth, crimeId: w.crimeID.map(Int64.init), crimeReference: w.crimeReference, offence: w.offence,
            wantedSince: day(w.wantedSince), circulated: w.circulated, circulatedOn: w.circulatedOn.map(day),
            responsibleOfficerId: w.responsibleOfficerID.map(Int64.init), responsibleOfficerName: w.responsibleOfficerName,
            iomStrand: w.iomStrand?.rawValue, iomLeadOfficerName: w.iomLeadOfficerName, arrestedOn: w.arrestedOn.map(day))
    }
}
