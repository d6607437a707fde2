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
        offenders.get("escalations", use: escalations).requires(.decideEscalations)
        offenders.post("escalations", ":id", use: decideEscalation).requires(.decideEscalations)
        offenders.get("bcu", ":code", use: bcuList).requires(.viewOffenders)
        offenders.get("wanted", use: wanted).requires(.viewOffenders)
        for action in OffenderService.WantedAction.allCases {
            offenders.post("wanted", ":id", .constant(action.rawValue)) { req in try await updateWanted(req, action) }
                .requires(.manageOffenders)
        }
        offenders.get("iom", use: iom).requires(.viewOffenders)
    }

    func service(_ req: Request) -> OffenderService { OffenderService(database: req.db, now: req.now) }

    // MARK: - Caseload

    @Sendable func caseload(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let service = service(req)
        var model = OffenderCaseloadPage.Model(
            managerName: nil, hasCaseload: false, today: service.today, rows: [], week: [], weekUnannouncedShare: 1,
            backlog: [], forecastWeeks: OffenderService.forecastWeeks, visitsPerWeek: OffenderService.defaultVisitsPerWeek,
            bcus: Self.linkBCUs(principal), canDecide: principal.can(.decideEscalations))
        model.canRegister = principal.can(.manageOffenders)
        if let officerID = principal.officerID {
            let caseload = try await service.caseload(managerOfficerID: officerID)
            if !caseload.entries.isEmpty {
                let officer = try await OrganisationStore.officer(id: officerID, on: req.db)
                model.managerName = officer.map { "\($0.rank.abbreviation) \($0.fullName)" }
                model.hasCaseload = true
                model.rows = caseload.entries.map { entry in
                    let o = entry.offender
                    return OffenderCaseloadPage.Row(
                        id: o.id, reference: o.reference, name: o.name, risk: o.risk, addressArea: o.addressArea,
                        lastSeen: entry.status.lastSuccessfulVisit, nextDue: entry.status.nextVisitDue,
                        daysOverdue: entry.status.daysOverdue, considerArrestOrWarrant: entry.status.considerArrestOrWarrant,
                        reattemptDue: entry.status.reattemptOverdue || entry.status.reattemptDue.map { $0 >= service.today } == true
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
                model.backlog = caseload.plan.backlog.compactMap { entry in
                    names[entry.offenderID].map {
                        OffenderCaseloadPage.BacklogRow(
                            offenderID: $0.id, name: $0.name, risk: entry.risk, firstOverdue: entry.firstOverdueOn,
                            maxDaysOverdue: entry.maxDaysOverdue, daysOverdueAtEnd: entry.daysOverdueAtEnd)
                    }
                }
                try await Self.auditShown(
                    req, caseload.entries.map(\.offender), reason: "Own caseload (offender manager)")
            }
        }
        return Layout.response(OffenderCaseloadPage(model: model).render(), title: "My caseload", request: req)
    }

    // MARK: - An offender's record

    @Sendable func show(_ req: Request) async throws -> Response {
        let offender = try await Self.offender(req)
        let given = try? req.query.get(String.self, at: "reason")
        switch try await Self.access(req, offender, permission: .viewOffenders, reason: given) {
        case .needsReason:
            return Self.reasonPage(req, offender, given: given)
        case .allowed(let reason):
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
        case .forbidden:
            throw Abort(.forbidden)
        }
    }

    /// The record page, audited as a read (a page that comes back with form errors is read again).
    func renderRecord(
        _ req: Request, _ offender: RSOSummary, reason: String?, notice: String? = nil, errors: [String] = [],
        visitForm: OffenderService.VisitForm = .init(), riskForm: OffenderService.RiskForm = .init(),
        reactiveReason: String = "", status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let detail = try await OffenderStore.detail(id: offender.id, on: req.db) else { throw Abort(.notFound) }
        try await Audit.record(
            req, action: .read, recordType: .registeredOffender, recordID: String(offender.id),
            subject: .registeredOffender(offender.id), permission: .viewOffenders, bcu: offender.bcu,
            reason: reason ?? "Own caseload (offender manager)")
        let service = service(req)
        var ownWarrant: String?
        if let officerID = principal.officerID {
            ownWarrant = try await OrganisationStore.officer(id: officerID, on: req.db)?.warrantNumber
        }
        let model = RSOShowPage.Model(
            detail: detail,
            status: RSOVisitStatus(
                registeredOn: detail.summary.registeredOn, frequency: detail.summary.frequency,
                visits: detail.visits.compactMap(\.attempt), today: service.today),
            today: service.today, reason: reason, canManage: principal.can(.manageOffenders, in: offender.bcu),
            canDecide: principal.can(.decideEscalations, in: offender.bcu), csrf: req.session?.csrfToken, notice: notice,
            errors: errors, visitForm: visitForm, riskForm: riskForm, reactiveReason: reactiveReason, ownWarrant: ownWarrant)
        return Layout.response(RSOShowPage(model: model).render(), title: offender.name, request: req, status: status)
    }

    @Sendable func recordVisit(_ req: Request) async throws -> Response {
        let offender = try await Self.offender(req)
        let given = try? req.content.get(String.self, at: "reason")
        guard case .allowed(let reason) = try await Self.access(req, offender, permission: .manageOffenders, reason: given) else {
            return Self.reasonPage(req, offender, given: given, status: .unprocessableEntity)
        }
        func field(_ name: String) -> String { (try? req.content.get(String.self, at: name)) ?? "" }
        let form = OffenderService.VisitForm(
            visitedOn: field("visited_on"), time: field("time"), announced: field("announced"), outcome: field("outcome"),
            officers: field("officers"), devicesFound: field("devices_found") == "yes",
            breachFound: field("breach_found") == "yes", concerns: field("concerns"))
        switch try await service(req).recordVisit(offender: offender, form: form, recordedByUserID: req.principal?.userID) {
        case .invalid(let errors):
            return try await renderRecord(req, offender, reason: reason, errors: errors.map(\.description), visitForm: form, status: .unprocessableEntity)
        case .recorded(let recorded):
            try await Audit.record(
                req, action: .create, recordType: .rsoVisit, recordID: String(recorded.visitID),
                subject: .registeredOffender(offender.id), permission: .manageOffenders, bcu: offender.bcu, reason: reason,
                outcome: "ok: \(form.outcome)"
                    + (recorded.reattemptDue.map { "; re-attempt planned by \(OffenderCalendar.format($0))" } ?? ""))
            return req.redirect(to: Self.recordPath(offender.id, reason: reason, notice: recorded.reattemptDue == nil ? "visit" : "reattempt"))
        }
    }

    @Sendable func recordRisk(_ req: Request) async throws -> Response {
        let offender = try await Self.offender(req)
        let given = try? req.content.get(String.self, at: "reason")
        guard case .allowed(let reason) = try await Self.access(req, offender, permission: .manageOffenders, reason: given) else {
            return Self.reasonPage(req, offender, given: given, status: .unprocessableEntity)
        }
        func field(_ name: String) -> String { (try? req.content.get(String.self, at: name)) ?? "" }
        let form = OffenderService.RiskForm(
            assessedOn: field("assessed_on"), level: field("level"), reviewDue: field("review_due"),
            frequencyMonths: field("frequency_months"), frequencyReason: field("frequency_reason"))
        let errors = try await service(req).recordRiskAssessment(
            offender: offender, form: form, assessedBy: try await Self.actorName(req))
        guard errors.isEmpty else {
            return try await renderRecord(req, offender, reason: reason, errors: errors.map(\.description), riskForm: form, status: .unprocessableEntity)
        }
        try await Audit.record(
            req, action: .update, recordType: .rsoRiskAssessment, recordID: String(offender.id),
            subject: .registeredOffender(offender.id), permission: .manageOffenders, bcu: offender.bcu, reason: reason,
            outcome: "ok: \(form.level) assessed \(form.assessedOn)")
        return req.redirect(to: Self.recordPath(offender.id, reason: reason, notice: "risk"))
    }

    @Sendable func decideReactive(_ req: Request) async throws -> Response {
        let offender = try await Self.offender(req)
        let given = try? req.content.get(String.self, at: "reason")
        guard case .allowed(let reason) = try await Self.access(req, offender, permission: .decideEscalations, reason: given) else {
            return Self.reasonPage(req, offender, given: given, status: .unprocessableEntity)
        }
        let decisionReason = (try? req.content.get(String.self, at: "decision_reason")) ?? ""
        guard !offender.isReactive else {
            return try await renderRecord(
                req, offender, reason: reason, errors: ["This offender is already managed reactively."], status: .unprocessableEntity)
        }
        let principal = try req.requirePrincipal()
        // The supervisor role stands for a sergeant or above; a supervisor with no officer record is taken as
        // a sergeant, the lowest rank the role is given to.
        var rank = Rank.sergeant
        if let officerID = principal.officerID, let officer = try await OrganisationStore.officer(id: officerID, on: req.db) {
            rank = officer.rank
        }
        let decision = try await service(req).decideReactive(
            offender: offender, decidedBy: rank, decidedByName: try await Self.actorName(req), userID: principal.userID,
            reason: decisionReason)
        switch decision {
        case .approved(let since):
            try await Audit.record(
                req, action: .update, recordType: .rsoReactiveManagement, recordID: String(offender.id),
                subject: .registeredOffender(offender.id), permission: .decideEscalations, bcu: offender.bcu,
                reason: decisionReason, outcome: "approved: low risk since \(OffenderCalendar.format(since))")
            return req.redirect(to: Self.recordPath(offender.id, reason: reason, notice: "reactive"))
        case .refused(let refusal):
            try await Audit.record(
                req, action: .update, recordType: .rsoReactiveManagement, recordID: String(offender.id),
                subject: .registeredOffender(offender.id), permission: .decideEscalations, bcu: offender.bcu,
                reason: decisionReason, outcome: "refused: \(refusal.description)")
            return try await renderRecord(
                req, offender, reason: reason, errors: ["Reactive management refused: \(refusal.description)."],
                reactiveReason: decisionReason, status: .unprocessableEntity)
        }
    }

    // MARK: - Putting an offender on the register

    @Sendable func registerForm(_ req: Request) async throws -> Response {
        registerPage(req, form: .init())
    }

    func registerPage(
        _ req: Request, form: OffenderService.RegisterForm, errors: [String] = [], status: HTTPResponseStatus = .ok
    ) -> Response {
        let principal = req.principal
        let model = RSORegisterPage.Model(
            bcus: principal.map { Self.allowedBCUs($0, .manageOffenders) } ?? [], today: service(req).today,
            csrf: req.session?.csrfToken, errors: errors, form: form)
        return Layout.response(RSORegisterPage(model: model).render(), title: "Put an offender on the register", request: req, status: status)
    }

    /// Puts an offender on the register in a BCU the user manages offenders in; a BCU outside that is
    /// refused and audited before anything is checked or saved.
    @Sendable func register(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        func field(_ name: String) -> String { (try? req.content.get(String.self, at: name)) ?? "" }
        let form = OffenderService.RegisterForm(
            givenName: field("given_name"), familyName: field("family_name"), dateOfBirth: field("date_of_birth"),
            pncNumber: field("pnc_number"), bcu: field("bcu"), borough: field("borough"), addressArea: field("address_area"),
            addressLine: field("address_line"), mappaCategory: field("mappa_category"), mappaLevel: field("mappa_level"),
            riskLevel: field("risk_level"), assessedOn: field("assessed_on"), reviewDue: field("review_due"),
            manager: field("manager"), registeredOn: field("registered_on"))
        if let bcu = OffenderService.bcu(from: form), !principal.can(.manageOffenders, in: bcu) {
            try await Audit.record(
                req, action: .denied, recordType: .registeredOffender, recordID: "new:\(bcu.code)",
                outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "\(bcu.name) is outside the BCUs where you manage offenders.")
        }
        switch try await service(req).register(form: form) {
        case .invalid(let errors):
            return registerPage(req, form: form, errors: errors.map(\.description), status: .unprocessableEntity)
        case .registered(let id, let reference, let bcu):
            try await Audit.record(
                req, action: .create, recordType: .registeredOffender, recordID: String(id),
                subject: .registeredOffender(id), permission: .manageOffenders, bcu: bcu, reason: "Put on the register",
                outcome: "ok: \(reference), risk \(form.riskLevel), registered \(form.registeredOn)")
            return req.redirect(to: Self.recordPath(id, reason: nil, notice: "registered"))
        }
    }

    // MARK: - Notifications and conditions

    @Sendable func recordNotification(_ req: Request) async throws -> Response {
        let offender = try await Self.offender(req)
        let given = try? req.content.get(String.self, at: "reason")
        guard case .allowed(let reason) = try await Self.access(req, offender, permission: .manageOffenders, reason: given) else {
            return Self.reasonPage(req, offender, given: given, status: .unprocessableEntity)
        }
        guard let detail = try await OffenderStore.detail(id: offender.id, on: req.db) else { throw Abort(.notFound) }
        func field(_ name: String) -> String { (try? req.content.get(String.self, at: name)) ?? "" }
        let kind = field("kind")
        let (problems, nextDue) = try await service(req).recordNotification(
            offender: detail, kind: kind, notifiedOn: field("notified_on"), changedOn: field("changed_on"))
        guard problems.isEmpty else {
            return try await renderRecord(req, offender, reason: reason, errors: problems.map(\.description), status: .unprocessableEntity)
        }
        try await Audit.record(
            req, action: .update, recordType: .rsoNotification, recordID: String(offender.id),
            subject: .registeredOffender(offender.id), permission: .manageOffenders, bcu: offender.bcu, reason: reason,
            outcome: "ok: \(kind) notified \(field("notified_on"))"
                + (nextDue.map { "; next annual due by \(OffenderCalendar.format($0))" } ?? ""))
        return req.redirect(to: Self.recordPath(offender.id, reason: reason, notice: "notification"))
    }

    @Sendable func addCondition(_ req: Request) async throws -> Response {
        let offender = try await Self.offender(req)
        let given = try? req.content.get(String.self, at: "reason")
        guard case .allowed(let reason) = try await Self.access(req, offender, permission: .manageOffenders, reason: given) else {
            return Self.reasonPage(req, offender, given: given, status: .unprocessableEntity)
        }
        func field(_ name: String) -> String { (try? req.content.get(String.self, at: name)) ?? "" }
        let problems = try await service(req).addCondition(
            offenderID: offender.id, kind: field("kind"), detail: field("detail"), imposedOn: field("imposed_on"),
            expiresOn: field("expires_on"))
        guard problems.isEmpty else {
            return try await renderRecord(req, offender, reason: reason, errors: problems.map(\.description), status: .unprocessableEntity)
        }
        try await Audit.record(
            req, action: .create, recordType: .rsoCondition, recordID: String(offender.id),
            subject: .registeredOffender(offender.id), permission: .manageOffenders, bcu: offender.bcu, reason: reason,
            outcome: "ok: \(field("kind"))")
        return req.redirect(to: Self.recordPath(offender.id, reason: reason, notice: "condition"))
    }

    // MARK: - Supervisor's lists

    static let listLimit = 50

    @Sendable func overdue(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (bcus, selected) = try await Self.listScope(req, .viewOffenders)
        let service = service(req)
        let lists = try await service.overdue(bcus: bcus)
        let today = service.today
        let visits = lists.visits.prefix(Self.listLimit)
        let reviews = lists.reviews.prefix(Self.listLimit)
        let notifications = lists.notifications.prefix(Self.listLimit)
        let reason = "Supervisory review: overdue list"
        try await Self.auditShown(req, visits.map(\.offender) + reviews + notifications.map(\.offender), reason: reason)
        let model = RSOOverduePage.Model(
            today: today, scopeLabel: Self.scopeLabel(bcus), bcus: Self.allowedBCUs(principal, .viewOffenders),
            selected: selected,
            visits: visits.map { entry in
                RSOOverduePage.VisitRow(
                    id: entry.offender.id, name: entry.offender.name, reference: entry.offender.reference, bcu: entry.offender.bcu,
                    risk: entry.offender.risk, manager: entry.offender.managerName, lastSeen: entry.status.lastSuccessfulVisit,
                    daysOverdue: entry.status.daysOverdue, considerArrestOrWarrant: entry.status.considerArrestOrWarrant)
            },
            visitsTotal: lists.visits.count,
            reviews: reviews.map {
                RSOOverduePage.ReviewRow(
                    id: $0.id, name: $0.name, bcu: $0.bcu, risk: $0.risk, manager: $0.managerName, reviewDue: $0.riskReviewDue,
                    daysOverdue: $0.assessment.reviewDaysOverdue(today: today))
            },
            reviewsTotal: lists.reviews.count,
            notifications: notifications.map {
                RSOOverduePage.NotificationRow(
                    id: $0.offender.id, name: $0.offender.name, bcu: $0.offender.bcu, kind: $0.notification.kind,
                    dueOn: $0.notification.dueOn, daysOverdue: OffenderCalendar.days(from: $0.notification.dueOn, to: today))
            },
            notificationsTotal: lists.notifications.count, canDecide: principal.can(.decideEscalations), reason: reason)
        return Layout.response(RSOOverduePage(model: model).render(), title: "Overdue", request: req)
    }

    @Sendable func escalations(_ req: Request) async throws -> Response {
        try await escalationsPage(req)
    }

    func escalationsPage(
        _ req: Request, errors: [String] = [], failedID: Int? = nil, failedDecision: String = "", failedReason: String = "",
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (bcus, selected) = try await Self.listScope(req, .decideEscalations)
        let service = service(req)
        let all = try await service.escalations(bcus: bcus)
        let open = all.filter(\.isOpen)
        let decided = Array(all.filter { !$0.isOpen }.prefix(20))
        let reason = "Supervisory review: arrest or warrant escalations"
        try await Self.auditPeople(
            req,
            (open + decided).map {
                ShownPerson(recordType: .registeredOffender, id: $0.offenderID, subject: .registeredOffender($0.offenderID), bcu: $0.bcu)
            },
            permission: .decideEscalations, reason: reason)
        let notice = (try? req.query.get(String.self, at: "notice")) == "decided" ? "Decision recorded." : nil
        let model = RSOEscalationsPage.Model(
            today: service.today, scopeLabel: Self.scopeLabel(bcus), bcus: Self.allowedBCUs(principal, .decideEscalations),
            selected: selected, open: open, decided: decided, csrf: req.session?.csrfToken, notice: notice, errors: errors,
            failedID: failedID, failedDecision: failedDecision, failedReason: failedReason, reason: reason)
        return Layout.response(RSOEscalationsPage(model: model).render(), title: "Escalations", request: req, status: status)
    }

    @Sendable func decideEscalation(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self), let escalation = try await OffenderStore.escalation(id: id, on: req.db)
        else { throw Abort(.notFound, reason: "There is no such escalation.") }
        let principal = try req.requirePrincipal()
        guard principal.can(.decideEscalations, in: escalation.bcu) else {
            try await Audit.record(
                req, action: .denied, recordType: .rsoEscalation, recordID: String(id), outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "This escalation is in \(escalation.bcu.name), outside the BCUs your roles cover.")
        }
        let decision = (try? req.content.get(String.self, at: "decision")) ?? ""
        let reason = (try? req.content.get(String.self, at: "decision_reason")) ?? ""
        let problems = try await service(req).decideEscalation(
            escalation, decision: decision, reason: reason, decidedBy: try await Self.actorName(req), userID: principal.userID)
        guard problems.isEmpty else {
            return try await escalationsPage(
                req, errors: problems.map(\.description), failedID: id, failedDecision: decision, failedReason: reason, status: .unprocessableEntity)
        }
        try await Audit.record(
            req, action: .update, recordType: .rsoEscalation, recordID: String(id),
            subject: .registeredOffender(escalation.offenderID), permission: .decideEscalations, bcu: escalation.bcu,
            reason: reason, outcome: "decided: \(decision)")
        return req.redirect(to: "/offenders/escalations?bcu=\(escalation.bcu.code)&notice=decided")
    }

    // MARK: - Frontline, wanted, IOM

    static let frontlineLimit = 25

    @Sendable func bcuList(_ req: Request) async throws -> Response {
        let code = req.parameters.get("code")?.uppercased() ?? ""
        guard let bcu = BCU(rawValue: code), bcu != .force else { throw Abort(.notFound, reason: "There is no BCU with that code.") }
        let principal = try req.requirePrincipal()
        guard principal.can(.viewOffenders, in: bcu) else {
            try await Audit.record(req, action: .denied, recordType: .rsoBCUList, recordID: bcu.code, outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "The RSO list of \(bcu.name) is for officers of that BCU.")
        }
        let offset = max(0, (try? req.query.get(Int.self, at: "offset")) ?? 0)
        let page = try await service(req).bcuList(bcu: bcu, offset: offset, limit: Self.frontlineLimit)
        try await Audit.record(
            req, action: .read, recordType: .rsoBCUList, recordID: bcu.code, permission: .viewOffenders, bcu: bcu,
            reason: "Frontline awareness", outcome: "ok: \(page.entries.count) of \(page.total) rows from \(offset)")
        try await Self.auditShown(req, page.entries.map(\.offender), reason: "Frontline awareness: \(bcu.code) RSO list")
        let model = BCURSOListPage.Model(
            bcu: bcu,
            rows: page.entries.map { entry in
                let o = entry.offender
                return BCURSOListPage.Row(
                    id: o.id, name: o.name, initials: "\(o.givenName.prefix(1))\(o.familyName.prefix(1))",
                    addressArea: o.addressArea, borough: o.borough, risk: o.risk, conditions: entry.patrolConditions)
            },
            total: page.total, offset: offset, limit: Self.frontlineLimit, canDecide: principal.can(.decideEscalations))
        return Layout.response(BCURSOListPage(model: model).render(), title: "\(bcu.code) registered sex offenders", request: req)
    }

    @Sendable func wanted(_ req: Request) async throws -> Response {
        try await wantedPage(req)
    }

    func wantedPage(
        _ req: Request, errors: [String] = [], failedID: Int? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (bcus, selected) = try await Self.listScope(req, .viewOffenders)
        let offset = max(0, (try? req.query.get(Int.self, at: "offset")) ?? 0)
        let service = service(req)
        let page = try await service.wanted(bcus: bcus, offset: offset, limit: Self.listLimit)
        try await Self.auditPeople(
            req, page.suspects.map { ShownPerson(recordType: .wantedSuspect, id: $0.id, subject: .wantedSuspect($0.id), bcu: $0.bcu) },
            permission: .viewOffenders, reason: "Wanted list")
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "arrested": "Arrest recorded; the suspect is off the wanted list."
            case "circulated": "Circulation recorded."
            case "officer": "Officer responsible recorded."
            default: nil
            }
        let model = WantedListPage.Model(
            today: service.today, scopeLabel: Self.scopeLabel(bcus), bcus: Self.allowedBCUs(principal, .viewOffenders),
            selected: selected, suspects: page.suspects, total: page.total, offset: offset, limit: Self.listLimit,
            canDecide: principal.can(.decideEscalations),
            canManage: Set(BCU.allCases.filter { principal.can(.manageOffenders, in: $0) }), csrf: req.session?.csrfToken,
            notice: notice, errors: errors, failedID: failedID)
        return Layout.response(WantedListPage(model: model).render(), title: "Wanted suspects", request: req, status: status)
    }

    /// Records an arrest, a circulation or the officer responsible for a wanted suspect, in the suspect's BCU.
    func updateWanted(_ req: Request, _ action: OffenderService.WantedAction) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self), let suspect = try await OffenderStore.wantedSuspect(id: id, on: req.db)
        else { throw Abort(.notFound, reason: "There is no such wanted suspect.") }
        let principal = try req.requirePrincipal()
        guard principal.can(.manageOffenders, in: suspect.bcu) else {
            try await Audit.record(
                req, action: .denied, recordType: .wantedSuspect, recordID: String(id), outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "This suspect is wanted in \(suspect.bcu.name), outside the BCUs your roles cover.")
        }
        let day = (try? req.content.get(String.self, at: "on")) ?? ""
        let warrant = (try? req.content.get(String.self, at: "warrant")) ?? ""
        let (problems, outcome) = try await service(req).updateWanted(suspect, action: action, day: day, warrant: warrant)
        guard problems.isEmpty else {
            return try await wantedPage(req, errors: problems.map(\.description), failedID: id, status: .unprocessableEntity)
        }
        try await Audit.record(
            req, action: .update, recordType: .wantedSuspect, recordID: String(id), subject: .wantedSuspect(id),
            permission: .manageOffenders, bcu: suspect.bcu, reason: "Wanted list: \(action.rawValue)", outcome: "ok: \(outcome)")
        return req.redirect(to: "/offenders/wanted?bcu=\(suspect.bcu.code)&notice=\(action.rawValue)")
    }

    @Sendable func iom(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (bcus, selected) = try await Self.listScope(req, .viewOffenders)
        let offset = max(0, (try? req.query.get(Int.self, at: "offset")) ?? 0)
        let page = try await OffenderStore.iomCohort(bcus: bcus, offset: offset, limit: Self.listLimit, on: req.db)
        try await Self.auditPeople(
            req, page.members.map { ShownPerson(recordType: .iomCohortMember, id: $0.id, subject: .iomCohortMember($0.id), bcu: $0.bcu) },
            permission: .viewOffenders, reason: "IOM cohort list")
        let model = IOMCohortPage.Model(
            scopeLabel: Self.scopeLabel(bcus), bcus: Self.allowedBCUs(principal, .viewOffenders), selected: selected,
            members: page.members, total: page.total, offset: offset, limit: Self.listLimit,
            canDecide: principal.can(.decideEscalations))
        return Layout.response(IOMCohortPage(model: model).render(), title: "IOM cohort", request: req)
    }

    // MARK: - Helpers

    static func offender(_ req: Request) async throws -> RSOSummary {
        guard let id = req.parameters.get("id", as: Int.self), let offender = try await OffenderStore.summary(id: id, on: req.db)
        else { throw Abort(.notFound, reason: "There is no such registered sex offender.") }
        return offender
    }

    /// The access rule for the record; out of scope is audited and refused here.
    static func access(
        _ req: Request, _ offender: RSOSummary, permission: Permission, reason: String?
    ) async throws -> RSORecordAccess {
        let principal = try req.requirePrincipal()
        let access = RSORecordAccess.decide(
            principal: principal, permission: permission, offenderBCU: offender.bcu,
            managerOfficerID: offender.managerOfficerID, reason: reason)
        if case .forbidden = access {
            try await Audit.record(
                req, action: .denied, recordType: .registeredOffender, recordID: String(offender.id),
                outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "This offender is in \(offender.bcu.name), outside the BCUs your roles cover.")
        }
        return access
    }

    static func reasonPage(
        _ req: Request, _ offender: RSOSummary, given: String?, status: HTTPResponseStatus = .ok
    ) -> Response {
        let tooShort = (given ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            ? nil : "Reason: write at least \(RSORecordAccess.minimumReasonLength) characters."
        let model = RSOReasonPage.Model(
            id: offender.id, reference: offender.reference, bcu: offender.bcu, suggested: given ?? "", error: tooShort)
        return Layout.response(RSOReasonPage(model: model).render(), title: "Reason needed", request: req, status: status)
    }

    static func recordPath(_ id: Int, reason: String?, notice: String) -> String {
        var items = ["notice=\(notice)"]
        if let reason { items.insert("reason=\(OffenderParts.query(reason))", at: 0) }
        return "/offenders/rso/\(id)?" + items.joined(separator: "&")
    }

    /// A person a list page shows.
    struct ShownPerson {
        var recordType: AuditRecordType
        var id: Int
        var subject: AuditSubject
        var bcu: BCU
    }

    /// One audit entry per offender a list shows: a list is a look at each person on it.
    static func auditShown(_ req: Request, _ offenders: [RSOSummary], reason: String) async throws {
        try await auditPeople(
            req,
            offenders.map { ShownPerson(recordType: .registeredOffender, id: $0.id, subject: .registeredOffender($0.id), bcu: $0.bcu) },
            permission: .viewOffenders, reason: reason)
    }

    /// Writes a read entry for each person shown (once each), in one append, with the role and details
    /// `Audit.record` would give each.
    static func auditPeople(_ req: Request, _ people: [ShownPerson], permission: Permission, reason: String) async throws {
        let context = AuditContext(request: req)
        var seen = Set<AuditSubject>()
        let drafts = people.filter { seen.insert($0.subject).inserted }.map { person in
            context.draft(
                action: .read, recordType: person.recordType, recordID: String(person.id), subject: person.subject,
                permission: permission, bcu: person.bcu, reason: reason)
        }
        try await AuditLog.append(drafts, at: req.now, on: req.db)
    }

    /// The BCUs a list covers, from the principal's scope and the `bcu` query; refusals become 403 or 404,
    /// and a BCU outside the scope is audited as a denial, as the frontline list's is.
    static func listScope(_ req: Request, _ permission: Permission) async throws -> (bcus: [BCU]?, selected: BCU?) {
        let principal = try req.requirePrincipal()
        let code = try? req.query.get(String.self, at: "bcu")
        do {
            let bcus = try OffenderService.bcus(for: principal, permission, narrowTo: code)
            return (bcus, bcus?.count == 1 && code?.isEmpty == false ? bcus?.first : nil)
        } catch .unknownBCU(let text) {
            throw Abort(.notFound, reason: "There is no BCU \"\(text)\".")
        } catch .outOfScope(let bcu) {
            try await Audit.record(
                req, action: .denied, recordType: .offenderList, recordID: req.url.path + "?bcu=" + bcu.code,
                outcome: "denied: outside scope")
            throw Abort(.forbidden, reason: "\(bcu.name) is outside the BCUs your roles cover.")
        }
    }

    static func allowedBCUs(_ principal: Principal, _ permission: Permission) -> [BCU] {
        BCU.territorial.filter { principal.can(permission, in: $0) }
    }

    /// The BCUs whose frontline list the caseload page links to: those in scope, unless that is the force.
    static func linkBCUs(_ principal: Principal) -> [BCU] {
        switch principal.scope(for: .viewOffenders) {
        case .bcus(let set): set.filter { $0 != .force }.sorted()
        case .force, nil: []
        }
    }

    static func scopeLabel(_ bcus: [BCU]?) -> String {
        guard let bcus else { return "every BCU" }
        return bcus.map(\.code).joined(separator: ", ")
    }

    /// How a decision is signed: the officer's rank and name, or the user's name.
    static func actorName(_ req: Request) async throws -> String {
        let principal = try req.requirePrincipal()
        if let officerID = principal.officerID, let officer = try await OrganisationStore.officer(id: officerID, on: req.db) {
            return "\(officer.rank.abbreviation) \(officer.fullName)"
        }
        return principal.displayName
    }
}
