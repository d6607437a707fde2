import BluelampCore
import BluelampPersistence
import Foundation
import Vapor

/// Offender management pages (issue 8). Every name a page shows is audited as a read of that person's
/// record; opening a registered sex offender's record outside one's own caseload needs a reason, which
/// the audit entry keeps (`RSORecordAccess`).
struct OffenderRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let offenders = routes.grouped("offenders")
        offenders.get(use: caseload).requires(.viewOffenders)
        offenders.get("rso", "new", use: registerForm).requires(.manageOffenders)
        offenders.post("rso", "new", use: register).requires(.manageOffenders)
        offenders.get("rso", ":id", use: show).requires(.viewOffenders)
        offenders.post("rso", ":id", "notifications", use: recordNotification).requires(.manageOffenders)
        offenders.post("rso", ":id", "conditions", use: addCondition).requires(.manageOffenders)
        offenders.post("rso", ":id", "visits", use: recordVisit).requires(.manageOffenders)
        offenders.post("rso", ":id", "risk", use: recordRisk).requires(.manageOffenders)
        offenders.post("rso", ":id", "reactive", use: decideReactive).requires(.decideEscalations)
        offenders.get("overdue", use: overdue).requires(.viewOffenders)
        offenders.get("visit-checks", use: visitChecks).requires(.viewOffenders)
        offenders.get("escalations", use: escalations).requires(.decideEscalations)
        offenders.post("escalations", ":id", use: decideEscalation).requires(.decideEscalations)
        offenders.get("bcu", ":code", use: bcuList).requires(.viewBCURSOList)
        offenders.get("wanted", use: wanted).requires(.viewOffenders)
        for action in WantedSuspectUpdate.Action.allCases {
            offenders.post("wanted", ":id", .constant(action.rawValue)) { req in try await updateWanted(req, action) }
                .requires(.manageOffenders)
        }
        offenders.get("iom", use: iom).requires(.viewOffenders)
    }

    func service(_ req: Request) -> OffenderService { OffenderService(req.service) }

    // MARK: - Caseload

    @Sendable func caseload(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let service = service(req)
        var model = OffenderCaseloadPage.Model(
            managerName: nil, hasCaseload: false, today: service.today, rows: [], week: [], weekUnannouncedShare: 1,
            backlog: [], forecastWeeks: OffenderService.forecastWeeks,
            visitsPerWeek: OffenderService.defaultVisitsPerWeek,
            bcus: Self.linkBCUs(principal), canDecide: principal.can(.decideEscalations))
        model.canRegister = principal.can(.manageOffenders)
        if let caseload = try await run({ try await service.ownCaseload() }), !caseload.entries.isEmpty {
            model.managerName = caseload.managerName
            model.hasCaseload = true
            model.rows = caseload.entries.map { entry in
                let o = entry.offender
                return OffenderCaseloadPage.Row(
                    id: o.id, reference: o.reference, name: o.name, risk: o.risk, addressArea: o.addressArea,
                    lastSeen: entry.status.lastSuccessfulVisit, nextDue: entry.status.nextVisitDue,
                    daysOverdue: entry.status.daysOverdue,
                    considerArrestOrWarrant: entry.status.considerArrestOrWarrant,
                    reattemptDue: entry.status.reattemptOverdue
                        || entry.status.reattemptDue.map { $0 >= service.today } == true
                        ? entry.status.reattemptDue : nil,
                    reviewDue: o.riskReviewDue, reviewOverdue: entry.reviewOverdue, reactive: o.isReactive,
                    planned: entry.planned.map(\.plannedOn))
            }
            let names = Dictionary(uniqueKeysWithValues: caseload.entries.map { (String($0.offender.id), $0.offender) })
            let weekEnd = OffenderCalendar.adding(days: 7, to: service.today)
            let week = caseload.plan.visits.filter { $0.date < weekEnd }
            model.week = week.compactMap { visit in
                names[visit.offenderID].map {
                    OffenderCaseloadPage.PlannedRow(
                        offenderID: $0.id, name: $0.name, risk: visit.risk, date: visit.date, time: visit.time.text,
                        announced: visit.announced, reason: visit.reason, dueBy: visit.dueBy)
                }
            }
            model.weekUnannouncedShare = week.isEmpty ? 1 : Double(week.count { !$0.announced }) / Double(week.count)
            let statuses = Dictionary(
                uniqueKeysWithValues: caseload.entries.map { (String($0.offender.id), $0.status) })
            model.backlog = caseload.plan.backlog.compactMap { entry in
                names[entry.offenderID].map {
                    OffenderCaseloadPage.BacklogRow(
                        offenderID: $0.id, name: $0.name, risk: entry.risk, firstOverdue: entry.firstOverdueOn,
                        daysOverdueToday: statuses[entry.offenderID]?.daysOverdue ?? 0,
                        stillOverdueAtEnd: entry.daysOverdueAtEnd > 0)
                }
            }
        }
        return Layout.response(OffenderCaseloadPage(model: model).render(), title: "My caseload", request: req)
    }

    // MARK: - An offender's record

    @Sendable func show(_ req: Request) async throws -> Response {
        let id = try Self.id(req)
        let given = try? req.query.get(String.self, at: "reason")
        switch try await run({ try await service(req).read(id, reason: given) }) {
        case .needsReason(let offender):
            return Self.reasonPage(req, offender, given: given)
        case .opened(let offender, let reason):
            let notice: String? =
                switch try? req.query.get(String.self, at: "notice") {
                case "visit": "Visit recorded."
                case "reattempt": "Visit recorded. It failed, so a new unannounced attempt is planned within 7 days."
                case "risk": "Risk review recorded."
                case "reactive": "Moved to reactive management."
                case "registered": "Put on the register. The initial notification is due within 3 days of registration."
                case "notification": "Notification recorded; the next annual re-notification is due as shown."
                case "condition": "Condition added."
                default: nil
                }
            return try await renderRecord(req, offender, reason: reason, notice: notice)
        }
    }

    /// The record page, audited as a read (a page that comes back with form errors is read again).
    func renderRecord(
        _ req: Request, _ offender: RSOSummary, reason: String?, notice: String? = nil, errors: [String] = [],
        visitForm: RSOVisitDraft = .init(), riskForm: RSORiskReviewDraft = .init(),
        reactiveReason: String = "", status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let service = service(req)
        let record = try await run { try await service.record(offender, reason: reason) }
        let model = RSOShowPage.Model(
            detail: record.detail, status: record.status, today: service.today, reason: reason,
            canManage: record.canManage,
            canDecide: record.canDecide, csrf: req.session?.csrfToken, notice: notice, errors: errors,
            visitForm: visitForm,
            riskForm: riskForm, reactiveReason: reactiveReason, ownWarrant: record.ownWarrant)
        return Layout.response(RSOShowPage(model: model).render(), title: offender.name, request: req, status: status)
    }

    /// Runs a change to the record: a missing reason shows the reason page, problems come back on the record page
    /// beside the form as it was sent, anything else is the error page.
    func change<T>(
        _ req: Request, permission: Permission, visitForm: RSOVisitDraft = .init(),
        riskForm: RSORiskReviewDraft = .init(),
        reactiveReason: String = "", _ work: (OffenderService, String?) async throws -> OffenderService.Recorded<T>,
        done: (OffenderService.Recorded<T>) -> String
    ) async throws -> Response {
        let id = try Self.id(req)
        let given = try? req.content.get(String.self, at: "reason")
        let service = service(req)
        do {
            return req.redirect(to: done(try await work(service, given)))
        } catch ServiceError.invalid(let problems) {
            switch try await run({ try await service.open(id, permission, reason: given) }) {
            case .needsReason(let offender):
                return Self.reasonPage(req, offender, given: given, status: .unprocessableEntity)
            case .opened(let offender, let reason):
                return try await renderRecord(
                    req, offender, reason: reason, errors: problems.errors.map(\.description), visitForm: visitForm,
                    riskForm: riskForm, reactiveReason: reactiveReason, status: .unprocessableEntity)
            }
        } catch ServiceError.conflict(let text) {
            guard
                case .opened(let offender, let reason) = try await run({
                    try await service.open(id, permission, reason: given)
                })
            else { throw Abort(.conflict, reason: text) }
            return try await renderRecord(req, offender, reason: reason, errors: [text], status: .unprocessableEntity)
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    @Sendable func recordVisit(_ req: Request) async throws -> Response {
        let id = try Self.id(req)
        func field(_ name: String) -> String { (try? req.content.get(String.self, at: name)) ?? "" }
        let draft = RSOVisitDraft(
            visitedOn: field("visited_on"), time: field("time"), announced: field("announced"),
            outcome: field("outcome"),
            officers: field("officers"), devicesFound: field("devices_found") == "yes",
            breachFound: field("breach_found") == "yes", concerns: field("concerns"))
        return try await change(req, permission: .manageOffenders, visitForm: draft) { service, reason in
            try await service.recordVisit(id, reason: reason, draft)
        } done: { recorded in
            Self.recordPath(
                id, reason: recorded.reason, notice: recorded.value.reattemptDue == nil ? "visit" : "reattempt")
        }
    }

    @Sendable func recordRisk(_ req: Request) async throws -> Response {
        let id = try Self.id(req)
        func field(_ name: String) -> String { (try? req.content.get(String.self, at: name)) ?? "" }
        let draft = RSORiskReviewDraft(
            assessedOn: field("assessed_on"), level: field("level"), reviewDue: field("review_due"),
            frequencyMonths: field("frequency_months"), frequencyReason: field("frequency_reason"))
        return try await change(req, permission: .manageOffenders, riskForm: draft) { service, reason in
            try await service.recordRiskReview(id, reason: reason, draft)
        } done: { recorded in
            Self.recordPath(id, reason: recorded.reason, notice: "risk")
        }
    }

    @Sendable func decideReactive(_ req: Request) async throws -> Response {
        let id = try Self.id(req)
        let decisionReason = (try? req.content.get(String.self, at: "decision_reason")) ?? ""
        return try await change(req, permission: .decideEscalations, reactiveReason: decisionReason) {
            service, reason in
            try await service.decideReactive(id, reason: reason, decisionReason: decisionReason)
        } done: { recorded in
            Self.recordPath(id, reason: recorded.reason, notice: "reactive")
        }
    }

    // MARK: - Putting an offender on the register

    @Sendable func registerForm(_ req: Request) async throws -> Response {
        registerPage(req, form: .init())
    }

    func registerPage(
        _ req: Request, form: RSORegistrationDraft, errors: [String] = [], status: HTTPResponseStatus = .ok
    ) -> Response {
        let service = service(req)
        let model = RSORegisterPage.Model(
            bcus: service.allowedBCUs(.manageOffenders), today: service.today, csrf: req.session?.csrfToken,
            errors: errors,
            form: form)
        return Layout.response(
            RSORegisterPage(model: model).render(), title: "Put an offender on the register", request: req,
            status: status)
    }

    /// Puts an offender on the register in a BCU the user manages offenders in.
    @Sendable func register(_ req: Request) async throws -> Response {
        func field(_ name: String) -> String { (try? req.content.get(String.self, at: name)) ?? "" }
        var draft = RSORegistrationDraft()
        draft.givenName = field("given_name")
        draft.familyName = field("family_name")
        draft.dateOfBirth = field("date_of_birth")
        draft.pncNumber = field("pnc_number")
        draft.bcu = field("bcu")
        draft.borough = field("borough")
        draft.addressArea = field("address_area")
        draft.addressLine = field("address_line")
        draft.mappaCategory = field("mappa_category")
        draft.mappaLevel = field("mappa_level")
        draft.riskLevel = field("risk_level")
        draft.assessedOn = field("assessed_on")
        draft.reviewDue = field("review_due")
        draft.manager = field("manager")
        draft.registeredOn = field("registered_on")
        do {
            let offender = try await service(req).register(draft)
            return req.redirect(to: Self.recordPath(offender.id, reason: nil, notice: "registered"))
        } catch ServiceError.invalid(let problems) {
            return registerPage(
                req, form: draft, errors: problems.errors.map(\.description), status: .unprocessableEntity)
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    // MARK: - Notifications and conditions

    @Sendable func recordNotification(_ req: Request) async throws -> Response {
        let id = try Self.id(req)
        func field(_ name: String) -> String { (try? req.content.get(String.self, at: name)) ?? "" }
        let draft = RSONotificationDraft(
            kind: field("kind"), notifiedOn: field("notified_on"), changedOn: field("changed_on"))
        return try await change(req, permission: .manageOffenders) { service, reason in
            try await service.recordNotification(id, reason: reason, draft)
        } done: { recorded in
            Self.recordPath(id, reason: recorded.reason, notice: "notification")
        }
    }

    @Sendable func addCondition(_ req: Request) async throws -> Response {
        let id = try Self.id(req)
        func field(_ name: String) -> String { (try? req.content.get(String.self, at: name)) ?? "" }
        let draft = RSOConditionDraft(
            kind: field("kind"), detail: field("detail"), imposedOn: field("imposed_on"), expiresOn: field("expires_on")
        )
        return try await change(req, permission: .manageOffenders) { service, reason in
            try await service.addCondition(id, reason: reason, draft)
        } done: { recorded in
            Self.recordPath(id, reason: recorded.reason, notice: "condition")
        }
    }

    // MARK: - Supervisor's lists

    static let listLimit = 50

    @Sendable func overdue(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (bcu, selected) = try Self.listBCU(req)
        let service = service(req)
        let lists = try await run { try await service.overdue(bcu: bcu) }
        let today = service.today
        let visits = lists.visits.prefix(Self.listLimit)
        let reviews = lists.reviews.prefix(Self.listLimit)
        let notifications = lists.notifications.prefix(Self.listLimit)
        let reason = OffenderService.overdueReason
        try await service.auditShown(visits.map(\.offender) + reviews + notifications.map(\.offender), reason: reason)
        let model = RSOOverduePage.Model(
            today: today, scopeLabel: OffenderService.scopeLabel(lists.bcus), bcus: service.allowedBCUs(.viewOffenders),
            selected: selected,
            visits: visits.map { entry in
                RSOOverduePage.VisitRow(
                    id: entry.offender.id, name: entry.offender.name, reference: entry.offender.reference,
                    bcu: entry.offender.bcu,
                    risk: entry.offender.risk, manager: entry.offender.managerName,
                    lastSeen: entry.status.lastSuccessfulVisit,
                    daysOverdue: entry.status.daysOverdue, considerArrestOrWarrant: entry.status.considerArrestOrWarrant
                )
            },
            visitsTotal: lists.visits.count,
            reviews: reviews.map {
                RSOOverduePage.ReviewRow(
                    id: $0.id, name: $0.name, bcu: $0.bcu, risk: $0.risk, manager: $0.managerName,
                    reviewDue: $0.riskReviewDue,
                    daysOverdue: $0.assessment.reviewDaysOverdue(today: today))
            },
            reviewsTotal: lists.reviews.count,
            notifications: notifications.map {
                RSOOverduePage.NotificationRow(
                    id: $0.offender.id, name: $0.offender.name, bcu: $0.offender.bcu, kind: $0.notification.kind,
                    dueOn: $0.notification.dueOn,
                    daysOverdue: OffenderCalendar.days(from: $0.notification.dueOn, to: today))
            },
            notificationsTotal: lists.notifications.count, canDecide: principal.can(.decideEscalations), reason: reason)
        return Layout.response(RSOOverduePage(model: model).render(), title: "Overdue", request: req)
    }

    @Sendable func escalations(_ req: Request) async throws -> Response {
        try await escalationsPage(req)
    }

    func escalationsPage(
        _ req: Request, errors: [String] = [], failedID: Int? = nil, failedDecision: String = "",
        failedReason: String = "",
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let (bcu, selected) = try Self.listBCU(req)
        let service = service(req)
        let (bcus, all) = try await run { try await service.escalations(bcu: bcu) }
        let open = all.filter(\.isOpen)
        let decided = Array(all.filter { !$0.isOpen }.prefix(20))
        try await service.auditEscalationsShown(open + decided)
        let notice = (try? req.query.get(String.self, at: "notice")) == "decided" ? "Decision recorded." : nil
        let model = RSOEscalationsPage.Model(
            today: service.today, scopeLabel: OffenderService.scopeLabel(bcus),
            bcus: service.allowedBCUs(.decideEscalations),
            selected: selected, open: open, decided: decided, csrf: req.session?.csrfToken, notice: notice,
            errors: errors,
            failedID: failedID, failedDecision: failedDecision, failedReason: failedReason,
            reason: OffenderService.escalationsReason)
        return Layout.response(
            RSOEscalationsPage(model: model).render(), title: "Escalations", request: req, status: status)
    }

    @Sendable func decideEscalation(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such escalation.")
        }
        let decision = (try? req.content.get(String.self, at: "decision")) ?? ""
        let reason = (try? req.content.get(String.self, at: "decision_reason")) ?? ""
        do {
            let decided = try await service(req).decideEscalation(id, decision: decision, reason: reason)
            return req.redirect(to: Paths.escalations(bcu: decided.bcu, notice: "decided"))
        } catch ServiceError.invalid(let problems) {
            return try await escalationsPage(
                req, errors: problems.errors.map(\.description), failedID: id, failedDecision: decision,
                failedReason: reason,
                status: .unprocessableEntity)
        } catch ServiceError.conflict(let text) {
            return try await escalationsPage(
                req, errors: ["Decision: \(text)"], failedID: id, failedDecision: decision, failedReason: reason,
                status: .unprocessableEntity)
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    @Sendable func visitChecks(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (bcu, selected) = try Self.listBCU(req)
        // A period that is no date is refused, never quietly replaced by the default one (issue 22).
        func day(_ name: String, _ label: String) throws -> Date? {
            guard let text = try? req.query.get(String.self, at: name), !text.isEmpty else { return nil }
            guard let day = OffenderCalendar.parseDay(text) else {
                throw Abort(.badRequest, reason: "\(label): “\(text)” is not a date; give a real day as YYYY-MM-DD.")
            }
            return day
        }
        let from = try day("from", "From")
        let to = try day("to", "To")
        let service = service(req)
        let checks = try await run { try await service.visitChecks(bcu: bcu, from: from, to: to) }
        let model = RSOVisitChecksPage.Model(
            today: service.today, scopeLabel: OffenderService.scopeLabel(checks.bcus),
            bcus: service.allowedBCUs(.viewOffenders),
            selected: selected, intervals: checks.intervals, withoutUnannounced: checks.withoutUnannounced,
            from: checks.from,
            to: checks.to, announced: checks.announced, announcedTotal: checks.announcedTotal,
            visitsTotal: checks.visitsTotal,
            canDecide: principal.can(.decideEscalations), reason: OffenderService.visitChecksReason)
        return Layout.response(RSOVisitChecksPage(model: model).render(), title: "Visit checks", request: req)
    }

    // MARK: - Frontline, wanted, IOM

    static let frontlineLimit = 25

    @Sendable func bcuList(_ req: Request) async throws -> Response {
        let code = req.parameters.get("code")?.uppercased() ?? ""
        guard let bcu = BCU(rawValue: code), bcu != .force else {
            throw Abort(.notFound, reason: "There is no BCU with that code.")
        }
        let principal = try req.requirePrincipal()
        let offset = max(0, (try? req.query.get(Int.self, at: "offset")) ?? 0)
        let page = try await run { try await service(req).bcuList(bcu, offset: offset, limit: Self.frontlineLimit) }
        let model = BCURSOListPage.Model(
            bcu: bcu,
            rows: page.entries.map { entry in
                let o = entry.offender
                return BCURSOListPage.Row(
                    id: o.id, name: o.name, initials: "\(o.givenName.prefix(1))\(o.familyName.prefix(1))",
                    addressArea: o.addressArea, borough: o.borough, risk: o.risk, conditions: entry.patrolConditions)
            },
            total: page.total, offset: offset, limit: Self.frontlineLimit, canDecide: principal.can(.decideEscalations),
            canOpenRegister: principal.can(.viewOffenders))
        return Layout.response(
            BCURSOListPage(model: model).render(), title: "\(bcu.code) registered sex offenders", request: req)
    }

    @Sendable func wanted(_ req: Request) async throws -> Response {
        try await wantedPage(req)
    }

    func wantedPage(
        _ req: Request, errors: [String] = [], failedID: Int? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (bcu, selected) = try Self.listBCU(req)
        let offset = max(0, (try? req.query.get(Int.self, at: "offset")) ?? 0)
        let service = service(req)
        let page = try await run { try await service.wanted(bcu: bcu, offset: offset, limit: Self.listLimit) }
        try await service.auditWantedShown(page.suspects)
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "arrested": "Arrest recorded; the suspect is off the wanted list."
            case "circulated": "Circulation recorded."
            case "officer": "Officer responsible recorded."
            default: nil
            }
        let model = WantedListPage.Model(
            today: service.today, scopeLabel: OffenderService.scopeLabel(page.bcus),
            bcus: service.allowedBCUs(.viewOffenders),
            selected: selected, suspects: page.suspects, total: page.total, offset: offset, limit: Self.listLimit,
            canDecide: principal.can(.decideEscalations),
            canManage: Set(BCU.allCases.filter { principal.can(.manageOffenders, in: $0) }),
            csrf: req.session?.csrfToken,
            notice: notice, errors: errors, failedID: failedID)
        return Layout.response(
            WantedListPage(model: model).render(), title: "Wanted suspects", request: req, status: status)
    }

    /// Records an arrest, a circulation or the officer responsible for a wanted suspect, in the suspect's BCU.
    func updateWanted(_ req: Request, _ action: WantedSuspectUpdate.Action) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such wanted suspect.")
        }
        let update = WantedSuspectUpdate(
            action: action, on: (try? req.content.get(String.self, at: "on")) ?? "",
            warrantNumber: (try? req.content.get(String.self, at: "warrant")) ?? "")
        do {
            let updated = try await service(req).updateWanted(id, update)
            return req.redirect(to: Paths.wanted(bcu: updated.bcu, notice: action.rawValue))
        } catch ServiceError.invalid(let problems) {
            return try await wantedPage(
                req, errors: problems.errors.map(\.description), failedID: id, status: .unprocessableEntity)
        } catch ServiceError.conflict(let text) {
            return try await wantedPage(req, errors: [text], failedID: id, status: .unprocessableEntity)
        } catch let error as ServiceError {
            throw error.abort
        }
    }

    @Sendable func iom(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (bcu, selected) = try Self.listBCU(req)
        let offset = max(0, (try? req.query.get(Int.self, at: "offset")) ?? 0)
        let service = service(req)
        let page = try await run { try await service.iomCohort(bcu: bcu, offset: offset, limit: Self.listLimit) }
        let model = IOMCohortPage.Model(
            scopeLabel: OffenderService.scopeLabel(page.bcus), bcus: service.allowedBCUs(.viewOffenders),
            selected: selected,
            members: page.members, total: page.total, offset: offset, limit: Self.listLimit,
            canDecide: principal.can(.decideEscalations))
        return Layout.response(IOMCohortPage(model: model).render(), title: "IOM cohort", request: req)
    }

    // MARK: - Helpers

    static func id(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("id", as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such registered sex offender.")
        }
        return id
    }

    /// The `bcu` query of a list: nil for every BCU in scope; an unknown code is a 404. The selected BCU is the
    /// one the list is narrowed to.
    static func listBCU(_ req: Request) throws -> (bcu: BCU?, selected: BCU?) {
        guard let code = try? req.query.get(String.self, at: "bcu"), !code.isEmpty else { return (nil, nil) }
        guard let bcu = BCU(rawValue: code.uppercased()), bcu != .force else {
            throw Abort(.notFound, reason: "There is no BCU \"\(code)\".")
        }
        return (bcu, bcu)
    }

    static func reasonPage(
        _ req: Request, _ offender: RSOSummary, given: String?, status: HTTPResponseStatus = .ok
    ) -> Response {
        let tooShort =
            (given ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            ? nil : "Reason: write at least \(RSORecordAccess.minimumReasonLength) characters."
        let model = RSOReasonPage.Model(
            id: offender.id, reference: offender.reference, bcu: offender.bcu, suggested: given ?? "", error: tooShort)
        return Layout.response(
            RSOReasonPage(model: model).render(), title: "Reason needed", request: req, status: status)
    }

    static func recordPath(_ id: Int, reason: String?, notice: String) -> String {
        var items = ["notice=\(notice)"]
        if let reason { items.insert("reason=\(OffenderParts.query(reason))", at: 0) }
        return "/offenders/rso/\(id)?" + items.joined(separator: "&")
    }

    /// The BCUs whose frontline list the caseload page links to: those in scope, unless that is the force.
    static func linkBCUs(_ principal: Principal) -> [BCU] {
        switch principal.scope(for: .viewOffenders) {
        case .bcus(let set): set.filter { $0 != .force }.sorted()
        case .force, nil: []
        }
    }
}
