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
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let service = OffenderService(req.service)
        let bcu = try Self.offenderBCU(query.bcu)
        let register = try await APIError.run { try await service.register(mine: query.mine == true, bcu: bcu) }
        let page = try APIPaging.page(
            of: register.offenders, cursor: query.cursor, limit: limit, list: "registered-offenders",
            key: { String($0.id) })
        try await service.auditRegisterPage(
            page.items, of: register.offenders.count, bcus: register.bcus, reason: register.reason)
        let today = service.today
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try page.items.map { try Self.offenderSummary($0, today: today) }, nextCursor: page.next)
                )))
    }

    func registerOffender(_ input: Operations.RegisterOffender.Input) async throws -> Operations.RegisterOffender.Output
    {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        guard let bcu = APIValues.bcu(body.bcu), bcu != .force else {
            throw APIError.validation(field: "bcu", "must be a territorial BCU")
        }
        var draft = RSORegistrationDraft()
        draft.givenName = body.givenName
        draft.familyName = body.familyName
        draft.dateOfBirth = body.dateOfBirth
        draft.pncNumber = body.pncNumber ?? ""
        draft.bcu = bcu.code
        draft.borough = body.borough
        draft.addressArea = body.addressArea
        draft.addressLine = body.addressLine
        draft.mappaCategory = String(body.mappaCategory ?? 1)
        draft.mappaLevel = String(body.mappaLevel ?? 1)
        draft.riskLevel = body.riskLevel.rawValue
        draft.assessedOn = body.assessedOn
        draft.reviewDue = body.reviewDue ?? ""
        draft.manager = body.managerWarrantNumber
        draft.registeredOn = body.registeredOn
        let service = OffenderService(req.service)
        let offender = try await APIError.run { try await service.register(draft) }
        let record = try await APIError.run { try await service.record(offender, reason: "Put on the register") }
        req.apiLocation = "/api/v1/offenders/rso/\(offender.id)"
        return .created(.init(body: .json(try Self.registeredOffender(record.detail, today: service.today))))
    }

    // MARK: - One offender's record

    func getRegisteredOffender(_ input: Operations.GetRegisteredOffender.Input) async throws
        -> Operations.GetRegisteredOffender.Output
    {
        let req = try APIContext.current()
        let id = try Self.offenderID(req, input.path.id)
        let service = OffenderService(req.service)
        let record = try await APIError.run { try await service.record(id, reason: input.query.reason) }
        return .ok(.init(body: .json(try Self.registeredOffender(record.detail, today: service.today))))
    }

    func recordRSOVisit(_ input: Operations.RecordRSOVisit.Input) async throws -> Operations.RecordRSOVisit.Output {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let id = try Self.offenderID(req, input.path.id)
        let draft = RSOVisitDraft(
            visitedOn: body.visitedOn, time: body.time, announced: body.announced ? "yes" : "no",
            outcome: body.outcome.rawValue,
            officers: body.officers.joined(separator: ","), devicesFound: body.devicesFound == true,
            breachFound: body.breachFound == true, concerns: body.concerns ?? "")
        let service = OffenderService(req.service)
        let recorded = try await APIError.run { try await service.recordVisit(id, reason: body.reason, draft) }
        return .created(
            .init(
                body: .json(try await Self.recordAfterChange(req, service, recorded.offender, reason: recorded.reason)))
        )
    }

    func recordRSORiskAssessment(
        _ input: Operations.RecordRSORiskAssessment.Input
    ) async throws -> Operations.RecordRSORiskAssessment.Output {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let id = try Self.offenderID(req, input.path.id)
        let draft = RSORiskReviewDraft(
            assessedOn: body.assessedOn, level: body.level.rawValue, reviewDue: body.reviewDue ?? "",
            frequencyMonths: body.frequencyMonths.map(String.init) ?? "", frequencyReason: body.frequencyReason ?? "")
        let service = OffenderService(req.service)
        let recorded = try await APIError.run { try await service.recordRiskReview(id, reason: body.reason, draft) }
        return .created(
            .init(
                body: .json(try await Self.recordAfterChange(req, service, recorded.offender, reason: recorded.reason)))
        )
    }

    func recordRSONotification(_ input: Operations.RecordRSONotification.Input) async throws
        -> Operations.RecordRSONotification.Output
    {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let id = try Self.offenderID(req, input.path.id)
        let draft = RSONotificationDraft(
            kind: body.kind.rawValue, notifiedOn: body.notifiedOn, changedOn: body.changedOn ?? "")
        let service = OffenderService(req.service)
        let recorded = try await APIError.run { try await service.recordNotification(id, reason: body.reason, draft) }
        return .created(
            .init(
                body: .json(try await Self.recordAfterChange(req, service, recorded.offender, reason: recorded.reason)))
        )
    }

    func addRSOCondition(_ input: Operations.AddRSOCondition.Input) async throws -> Operations.AddRSOCondition.Output {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let id = try Self.offenderID(req, input.path.id)
        let draft = RSOConditionDraft(
            kind: body.kind.rawValue, detail: body.detail, imposedOn: body.imposedOn ?? "",
            expiresOn: body.expiresOn ?? "")
        let service = OffenderService(req.service)
        let recorded = try await APIError.run { try await service.addCondition(id, reason: body.reason, draft) }
        return .created(
            .init(
                body: .json(try await Self.recordAfterChange(req, service, recorded.offender, reason: recorded.reason)))
        )
    }

    func decideReactiveManagement(
        _ input: Operations.DecideReactiveManagement.Input
    ) async throws -> Operations.DecideReactiveManagement.Output {
        let req = try APIContext.current()
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let id = try Self.offenderID(req, input.path.id)
        let service = OffenderService(req.service)
        let recorded = try await APIError.run {
            try await service.decideReactive(id, reason: body.reason, decisionReason: body.decisionReason)
        }
        let record = try await APIError.run { try await service.record(recorded.offender, reason: recorded.reason) }
        return .ok(.init(body: .json(try Self.registeredOffender(record.detail, today: service.today))))
    }

    // MARK: - Supervisor's lists

    func listOverdueOffenders(_ input: Operations.ListOverdueOffenders.Input) async throws
        -> Operations.ListOverdueOffenders.Output
    {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let service = OffenderService(req.service)
        let bcu = try Self.offenderBCU(query.bcu)
        let lists = try await APIError.run { try await service.overdue(bcu: bcu) }
        let today = service.today
        let kind = query.list ?? .visits
        var rows: [(key: String, offender: RSOSummary, days: Int, notification: RSONotificationEntry?)]
        switch kind {
        case .visits:
            rows = lists.visits.map { (String($0.offender.id), $0.offender, $0.status.daysOverdue, nil) }
        case .reviews:
            rows = lists.reviews.map { (String($0.id), $0, $0.assessment.reviewDaysOverdue(today: today), nil) }
        case .notifications:
            rows = lists.notifications.map {
                (
                    "n\($0.notification.id)", $0.offender,
                    OffenderCalendar.days(from: $0.notification.dueOn, to: today), $0.notification
                )
            }
        }
        let page = try APIPaging.page(
            of: rows, cursor: query.cursor, limit: limit, list: "overdue-\(kind.rawValue)", key: { $0.key })
        try await service.auditShown(page.items.map(\.offender), reason: OffenderService.overdueReason)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try page.items.map {
                            .init(
                                offender: try Self.offenderSummary($0.offender, today: today), daysOverdue: $0.days,
                                notification: try $0.notification.map(Self.notification))
                        },
                        total: rows.count, nextCursor: page.next))))
    }

    func listRSOEscalations(_ input: Operations.ListRSOEscalations.Input) async throws
        -> Operations.ListRSOEscalations.Output
    {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let service = OffenderService(req.service)
        let bcu = try Self.offenderBCU(query.bcu)
        var all = try await APIError.run { try await service.escalations(bcu: bcu) }.cases.sorted { $0.id < $1.id }
        if let open = query.open { all = all.filter { $0.isOpen == open } }
        let page = try APIPaging.page(
            of: all, cursor: query.cursor, limit: limit, list: "rso-escalations", key: { String($0.id) })
        try await service.auditEscalationsShown(page.items)
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.escalation), nextCursor: page.next))))
    }

    func decideRSOEscalation(_ input: Operations.DecideRSOEscalation.Input) async throws
        -> Operations.DecideRSOEscalation.Output
    {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no escalation \(input.path.id).")
        }
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        let decided = try await APIError.run {
            try await OffenderService(req.service).decideEscalation(
                id, decision: body.decision.rawValue, reason: body.reason)
        }
        return .ok(.init(body: .json(try Self.escalation(decided))))
    }

    // MARK: - Wanted suspects

    func listWantedSuspects(_ input: Operations.ListWantedSuspects.Input) async throws
        -> Operations.ListWantedSuspects.Output
    {
        let req = try APIContext.current()
        let query = input.query
        let limit = try APIPaging.limit(query.limit)
        let service = OffenderService(req.service)
        let bcu = try Self.offenderBCU(query.bcu)
        let list = "wanted"
        // The list is in (wanted since, id) order and suspects leave it when arrested, so a cursor is a place in
        // that order rather than a suspect who may have gone.
        var after: (Double, Int)?
        if let position = try APIPaging.decode(query.cursor, list: list) { after = try Self.queuePosition(position) }
        let all = try await APIError.run { try await service.wanted(bcu: bcu, offset: 0, limit: 1_000_000) }.suspects
        let rest =
            after.map { position in all.filter { ($0.wantedSince.timeIntervalSince1970, $0.id) > position } } ?? all
        let page = APIPaging.page(Array(rest.prefix(limit + 1)), limit: limit, list: list) {
            "\($0.wantedSince.timeIntervalSince1970)|\($0.id)"
        }
        try await service.auditWantedShown(page.items)
        return .ok(
            .init(
                body: .json(
                    .init(items: try page.items.map(Self.wantedSuspect), total: all.count, nextCursor: page.next))))
    }

    func updateWantedSuspect(_ input: Operations.UpdateWantedSuspect.Input) async throws
        -> Operations.UpdateWantedSuspect.Output
    {
        let req = try APIContext.current()
        guard let id = req.apiRecordID(input.path.id) else {
            throw APIError.notFound("There is no wanted suspect \(input.path.id).")
        }
        guard case .json(let body) = input.body else { throw APIError.validation(field: "body", "must be JSON") }
        guard let action = WantedSuspectUpdate.Action(rawValue: body.action.rawValue) else {
            throw APIError.validation(field: "action", "must be arrested, circulated or officer")
        }
        if action == .officer, body.on != nil {
            throw APIError.validation(field: "on", "is not sent with action officer")
        }
        if action != .officer, body.warrantNumber != nil {
            throw APIError.validation(field: "warrant_number", "is only sent with action officer")
        }
        let update = WantedSuspectUpdate(action: action, on: body.on ?? "", warrantNumber: body.warrantNumber ?? "")
        let updated = try await APIError.run { try await OffenderService(req.service).updateWanted(id, update) }
        return .ok(.init(body: .json(try Self.wantedSuspect(updated))))
    }

    // MARK: - Scope and access

    /// The `bcu` query as a BCU (nil: every BCU the caller's scope covers); the force is not a list's BCU.
    static func offenderBCU(_ code: Components.Schemas.BCUCode?) throws -> BCU? {
        guard let code else { return nil }
        guard let bcu = BCU(rawValue: code.rawValue.uppercased()), bcu != .force else {
            throw APIError.validation(field: "bcu", "must be a territorial BCU")
        }
        return bcu
    }

    static func offenderID(_ req: Request, _ id: Int64) throws -> Int {
        guard let recordID = req.apiRecordID(id) else {
            throw APIError.notFound("There is no registered offender \(id).")
        }
        return recordID
    }

    /// After a change to an offender's record (audited by the use case): the record's Location, and the record as it
    /// now stands, audited as a read with the reason given.
    static func recordAfterChange(
        _ req: Request, _ service: OffenderService, _ offender: RSOSummary, reason: String?
    ) async throws -> Components.Schemas.RegisteredOffender {
        let record = try await APIError.run { try await service.record(offender, reason: reason) }
        req.apiLocation = "/api/v1/offenders/rso/\(offender.id)"
        return try registeredOffender(record.detail, today: service.today)
    }

    // MARK: - Mapping

    static func day(_ date: Date) -> String { OffenderCalendar.format(date) }

    static func offenderSummary(_ o: RSOSummary, today: Date) throws -> Components.Schemas.RegisteredOffenderSummary {
        let status = o.visitStatus(today: today)
        return .init(
            id: Int64(o.id), reference: o.reference, givenName: o.givenName, familyName: o.familyName,
            bcu: try APIValues.convert(o.bcu),
            borough: o.borough, addressArea: o.addressArea, risk: try APIValues.convert(o.risk),
            riskAssessedOn: day(o.riskAssessedOn),
            riskReviewDue: day(o.riskReviewDue), mappaCategory: o.mappaCategory.rawValue,
            mappaLevel: o.mappaLevel.rawValue,
            registeredOn: day(o.registeredOn), visitFrequencyMonths: o.frequency.months,
            managerOfficerId: o.managerOfficerID.map(Int64.init),
            managerName: o.managerName, reactiveSince: o.reactiveSince.map(day), lastSeenOn: o.lastSeenOn.map(day),
            nextVisitDue: day(status.nextVisitDue), daysOverdue: status.daysOverdue,
            considerArrestOrWarrant: status.considerArrestOrWarrant)
    }

    static func notification(_ n: RSONotificationEntry) throws -> Components.Schemas.RSONotificationEntry {
        .init(
            id: Int64(n.id), kind: try APIValues.convert(n.kind), triggeredOn: day(n.triggeredOn), dueOn: day(n.dueOn),
            notifiedOn: n.notifiedOn.map(day))
    }

    static func escalation(_ e: RSOEscalationEntry) throws -> Components.Schemas.RSOEscalation {
        .init(
            id: Int64(e.id), offenderId: Int64(e.offenderID), offenderReference: e.offenderReference,
            offenderName: e.offenderName,
            bcu: try APIValues.convert(e.bcu), risk: try APIValues.convert(e.risk), managerName: e.managerName,
            escalationDate: day(e.escalationDate), raisedOn: day(e.raisedOn), lastSeenOn: e.lastSeenOn.map(day),
            open: e.isOpen,
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
                .init(
                    kind: try APIValues.convert($0.kind), detail: $0.detail, imposedOn: day($0.imposedOn),
                    expiresOn: $0.expiresOn.map(day))
            },
            notifications: try d.notifications.map(notification),
            visits: d.visits.map {
                .init(
                    id: Int64($0.id), plannedOn: day($0.plannedOn), windowStart: $0.windowStart,
                    windowEnd: $0.windowEnd,
                    announced: $0.announced, visitedOn: $0.visitedOn.map(day), outcome: APIValues.core($0.outcome),
                    devicesFound: $0.devicesFound, breachFound: $0.breachFound, concerns: $0.concerns,
                    reattemptDue: $0.reattemptDue.map(day), officers: $0.officers)
            },
            escalations: try d.escalations.map(escalation))
    }

    static func wantedSuspect(_ w: WantedSuspectEntry) throws -> Components.Schemas.WantedSuspect {
        .init(
            id: Int64(w.id), bcu: try APIValues.convert(w.bcu), givenName: w.givenName, familyName: w.familyName,
            dateOfBirth: w.dateOfBirth, crimeId: w.crimeID.map(Int64.init), crimeReference: w.crimeReference,
            offence: w.offence,
            wantedSince: day(w.wantedSince), circulated: w.circulated, circulatedOn: w.circulatedOn.map(day),
            responsibleOfficerId: w.responsibleOfficerID.map(Int64.init),
            responsibleOfficerName: w.responsibleOfficerName,
            iomStrand: w.iomStrand?.rawValue, iomLeadOfficerName: w.iomLeadOfficerName,
            arrestedOn: w.arrestedOn.map(day))
    }
}
