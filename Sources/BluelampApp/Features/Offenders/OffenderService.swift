import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// Offender management: caseloads and the week's plan, visits, risk reviews, reactive management, the
/// supervisor's overdue and escalation lists, the BCU's frontline list and wanted suspects (issue 8).
///
/// Loads through `OffenderStore`, applies the core rules, saves. It takes the database and the time, so
/// routes and tests call it alike; the routes check scope and write the audit entries.
struct OffenderService {
    var database: any Database
    var now: Date

    static let london = TimeZone(identifier: "Europe/London")!
    /// Home visits an offender manager can make in a week, until the force records each manager's own.
    static let defaultVisitsPerWeek = 8
    /// How far ahead the caseload's backlog forecast looks.
    static let forecastWeeks = 12

    /// Today in London, as an `OffenderCalendar` day.
    var today: Date { OffenderCalendar.day(containing: now, in: Self.london) }

    /// The BCUs `principal` holds `permission` over (nil: the whole force), narrowed to `code` when given.
    /// A code outside the scope is refused.
    static func bcus(for principal: Principal, _ permission: Permission, narrowTo code: String?) throws(OffenderAccessError)
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

    // MARK: - Caseload and the week's plan

    struct CaseloadEntry {
        var offender: RSOSummary
        var status: RSOVisitStatus
        var reviewOverdue: Bool
        var planned: [RSOVisitEntry]
    }

    struct Caseload {
        var entries: [CaseloadEntry]
        /// The planner over the caseload for `forecastWeeks` weeks from today; the page shows its first week.
        var plan: VisitPlan
        var visitsPerWeek: Int
    }

    /// The offender manager's caseload, most pressing first, and the planner's plan for it.
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
        let plan = self.plan(offenders: offenders, managerOfficerID: managerOfficerID, visitsPerWeek: visitsPerWeek)
        return Caseload(entries: entries, plan: plan, visitsPerWeek: visitsPerWeek)
    }

    /// The visit planner over one manager's offenders (not those managed reactively), from today.
    ///
    /// The seed is the manager and the week, so the plan holds still through a week's page loads and
    /// changes from one week to the next, as the planner's spreading of days and times intends.
    func plan(offenders: [RSOSummary], managerOfficerID: Int, visitsPerWeek: Int, weeks: Int = forecastWeeks) -> VisitPlan {
        let week = UInt64(max(0, OffenderCalendar.days(from: Date(timeIntervalSince1970: 0), to: today) / 7))
        let seed = UInt64(managerOfficerID) &* 0x9E37_79B9 &+ week
        return VisitPlanner().plan(
            offenders: offenders.filter { !$0.isReactive }.map(\.plannerOffender),
            managers: [VisitPlanner.Manager(id: String(managerOfficerID), visitsPerWeek: visitsPerWeek)],
            start: today, weeks: weeks, seed: seed)
    }

    // MARK: - Visits

    /// A visit as the form sends it, before checking.
    struct VisitForm {
        var visitedOn: String = ""
        var time: String = ""
        var announced: String = ""
        var outcome: String = ""
        var officers: String = ""
        var devicesFound: Bool = false
        var breachFound: Bool = false
        var concerns: String = ""
    }

    enum VisitResult {
        case recorded(RecordedRSOVisit)
        case invalid([FieldError])
    }

    /// Checks the form and records the visit; a failed visit plans its re-attempt within 7 days.
    func recordVisit(offender: RSOSummary, form: VisitForm, recordedByUserID: Int?) async throws -> VisitResult {
        var errors: [FieldError] = []
        let day = OffenderCalendar.parseDay(form.visitedOn.trimmingCharacters(in: .whitespaces))
        if day == nil {
            errors.append(FieldError(field: "visited_on", label: "Date of the visit", message: "enter a date such as \(OffenderCalendar.format(today))."))
        } else if let day, OffenderCalendar.days(from: today, to: day) > 0 {
            errors.append(FieldError(field: "visited_on", label: "Date of the visit", message: "a visit cannot be recorded before it happens."))
        } else if let day, OffenderCalendar.days(from: offender.registeredOn, to: day) < 0 {
            errors.append(FieldError(field: "visited_on", label: "Date of the visit", message: "it is before the offender was registered."))
        }
        let time = VisitTimeOfDay(text: form.time.trimmingCharacters(in: .whitespaces))
        if time == nil { errors.append(FieldError(field: "time", label: "Time", message: "enter the time the visit began, such as 19:30.")) }
        let announced: Bool? = ["yes": true, "no": false][form.announced]
        if announced == nil { errors.append(FieldError(field: "announced", label: "Announced", message: "say whether the offender was told of the visit in advance.")) }
        let outcome = VisitOutcome(rawValue: form.outcome)
        if outcome == nil { errors.append(FieldError(field: "outcome", label: "Outcome", message: "choose seen, not at home, refused entry or address vacated.")) }
        let warrants = form.officers.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
        var officerIDs: [Int] = []
        if warrants.isEmpty {
            errors.append(FieldError(field: "officers", label: "Officers", message: "enter the warrant number of each officer who went."))
        } else {
            let found = try await OffenderStore.officerIDs(warrantNumbers: warrants, on: database)
            if !found.unknown.isEmpty {
                errors.append(FieldError(field: "officers", label: "Officers", message: "no officer has warrant number \(found.unknown.joined(separator: ", "))."))
            }
            officerIDs = found.ids
        }
        if (form.devicesFound || form.breachFound) && form.concerns.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError(field: "concerns", label: "Concerns", message: "describe what was found."))
        }
        if outcome != .seen && (form.devicesFound || form.breachFound) {
            errors.append(FieldError(field: "concerns", label: "Concerns", message: "devices or a breach can be found only when the offender was seen and the home entered."))
        }
        guard errors.isEmpty, let day, let time, let announced, let outcome else { return .invalid(errors) }
        let recorded = try await OffenderStore.recordVisit(
            offenderID: offender.id,
            NewRSOVisit(
                visitedOn: day, time: time, announced: announced, outcome: outcome, devicesFound: form.devicesFound,
                breachFound: form.breachFound, concerns: form.concerns, officerIDs: officerIDs),
            recordedByUserID: recordedByUserID, at: now, on: database)
        return .recorded(recorded)
    }

    // MARK: - Risk reviews

    struct RiskForm {
        var assessedOn: String = ""
        var level: String = ""
        var reviewDue: String = ""
        var frequencyMonths: String = ""
        var frequencyReason: String = ""
    }

    /// Records a risk assessment and, when the form sets one, a visit frequency other than the default.
    func recordRiskAssessment(offender: RSOSummary, form: RiskForm, assessedBy: String) async throws -> [FieldError] {
        var errors: [FieldError] = []
        let assessed = OffenderCalendar.parseDay(form.assessedOn.trimmingCharacters(in: .whitespaces))
        if assessed == nil { errors.append(FieldError(field: "assessed_on", label: "Date assessed", message: "enter a date such as \(OffenderCalendar.format(today)).")) }
        if let assessed, OffenderCalendar.days(from: today, to: assessed) > 0 {
            errors.append(FieldError(field: "assessed_on", label: "Date assessed", message: "an assessment cannot be recorded before it is made."))
        }
        let level = OffenderRiskLevel(fileValue: form.level)
        if level == nil { errors.append(FieldError(field: "level", label: "Risk level", message: "choose low, medium, high or very high.")) }
        let reviewText = form.reviewDue.trimmingCharacters(in: .whitespaces)
        var reviewDue = reviewText.isEmpty ? assessed.map { OffenderCalendar.adding(months: 12, to: $0) } : OffenderCalendar.parseDay(reviewText)
        if reviewDue == nil { errors.append(FieldError(field: "review_due", label: "Next review", message: "enter a date, or leave it empty for a year after the assessment.")) }
        if let assessed, let due = reviewDue, OffenderCalendar.days(from: assessed, to: due) <= 0 {
            errors.append(FieldError(field: "review_due", label: "Next review", message: "it must come after the assessment."))
            reviewDue = nil
        }
        var frequency: VisitFrequency?
        let monthsText = form.frequencyMonths.trimmingCharacters(in: .whitespaces)
        if let level {
            if monthsText.isEmpty {
                frequency = VisitFrequency(defaultFor: level)
            } else if let months = Int(monthsText) {
                if months == level.defaultVisitFrequencyMonths && form.frequencyReason.trimmingCharacters(in: .whitespaces).isEmpty {
                    frequency = VisitFrequency(defaultFor: level)
                } else {
                    do {
                        frequency = try VisitFrequency(months: months, overrideReason: form.frequencyReason)
                    } catch {
                        errors.append(FieldError(field: "frequency_months", label: "Visit frequency", message: "\(error.description)."))
                    }
                }
            } else {
                errors.append(FieldError(field: "frequency_months", label: "Visit frequency", message: "enter a whole number of months, or leave it empty for the default."))
            }
        }
        guard errors.isEmpty, let assessed, let level, let reviewDue else { return errors }
        try await OffenderStore.recordRiskAssessment(
            offenderID: offender.id, OffenderRiskAssessment(assessedOn: assessed, level: level, reviewDue: reviewDue),
            assessedBy: assessedBy, frequency: frequency, on: database)
        return []
    }

    // MARK: - Reactive management

    /// Decides a move to reactive management by the core rule (3 years at low risk, a supervisor, a reason)
    /// and records it when approved. The caller checks the offender is not managed reactively already.
    func decideReactive(
        offender: RSOSummary, decidedBy rank: Rank, decidedByName: String, userID: Int?, reason: String
    ) async throws -> ReactiveManagementDecision {
        let assessments = try await OffenderStore.assessments(offenderID: offender.id, on: database)
        let decision = ReactiveManagement.decide(assessments: assessments, decidedBy: rank, reason: reason, today: today)
        if decision.isApproved {
            try await OffenderStore.setReactive(
                offenderID: offender.id, since: today, decidedBy: decidedByName, decidedByUserID: userID,
                reason: reason.trimmingCharacters(in: .whitespacesAndNewlines), at: now, on: database)
        }
        return decision
    }

    // MARK: - Supervisor's lists

    struct OverdueLists {
        var visits: [(offender: RSOSummary, status: RSOVisitStatus)]
        var reviews: [RSOSummary]
        var notifications: [(offender: RSOSummary, notification: RSONotificationEntry)]
    }

    /// Offenders overdue a visit (most days first), past their risk review, or with a notification missed.
    func overdue(bcus: [BCU]?) async throws -> OverdueLists {
        let day = today
        let register = try await OffenderStore.summaries(bcus: bcus, on: database)
        let visits = register.filter { !$0.isReactive }.map { ($0, $0.visitStatus(today: day)) }.filter { $0.1.isOverdue }
            .sorted { ($0.1.daysOverdue, $0.0.risk) > ($1.1.daysOverdue, $1.0.risk) }
        let reviews = register.filter { $0.assessment.isReviewOverdue(today: day) }.sorted { $0.riskReviewDue < $1.riskReviewDue }
        let byID = Dictionary(uniqueKeysWithValues: register.map { ($0.id, $0) })
        let notifications = try await OffenderStore.missedNotifications(bcus: bcus, today: day, on: database)
            .compactMap { entry in byID[entry.offender].map { (offender: $0, notification: entry.notification) } }
        return OverdueLists(
            visits: visits.map { (offender: $0.0, status: $0.1) }, reviews: reviews, notifications: notifications)
    }

    /// Raises any "consider arrest or warrant" case now due, then lists the cases.
    func escalations(bcus: [BCU]?) async throws -> [RSOEscalationEntry] {
        try await OffenderStore.raiseDueEscalations(bcus: bcus, today: today, on: database)
        return try await OffenderStore.escalations(bcus: bcus, on: database)
    }

    /// Raises the cases now due (the job the escalation list also runs); returns how many.
    @discardableResult
    func raiseDueEscalations(bcus: [BCU]? = nil) async throws -> Int {
        try await OffenderStore.raiseDueEscalations(bcus: bcus, today: today, on: database)
    }

    func decideEscalation(
        _ escalation: RSOEscalationEntry, decision: String, reason: String, decidedBy: String, userID: Int?
    ) async throws -> [FieldError] {
        let chosen = ArrestOrWarrantDecision(rawValue: decision)
        var problems = ArrestOrWarrantEscalation.problems(decision: chosen, reason: reason)
        if !escalation.isOpen {
            problems.insert(FieldError(field: "decision", label: "Decision", message: "this case already has a decision."), at: 0)
        }
        guard problems.isEmpty, let chosen else { return problems }
        try await OffenderStore.decideEscalation(
            id: escalation.id, decision: chosen, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines),
            decidedBy: decidedBy, decidedByUserID: userID, at: now, on: database)
        return []
    }

    // MARK: - Wanted suspects

    /// The wanted list in `bcus`, after putting on it any suspect named on an open crime since it was last
    /// read (the daily job does the same for the indicator).
    func wanted(bcus: [BCU]?, offset: Int, limit: Int) async throws -> (suspects: [WantedSuspectEntry], total: Int) {
        try await OffenderStore.listWantedFromCrimes(bcus: bcus, on: database)
        return try await OffenderStore.wanted(bcus: bcus, offset: offset, limit: limit, on: database)
    }

    /// What the wanted list's forms record.
    enum WantedAction: String, CaseIterable {
        case arrested
        case circulated
        case officer
    }

    /// Checks and records an arrest, a circulation or the officer responsible. `day` is the form's date
    /// (empty: today); `warrant` the responsible officer's warrant number (empty: nobody). Returns the
    /// problems, empty when recorded, and what was recorded, for the audit entry.
    func updateWanted(
        _ suspect: WantedSuspectEntry, action: WantedAction, day text: String, warrant: String
    ) async throws -> (problems: [FieldError], outcome: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        var day = today
        if action != .officer, !text.isEmpty {
            guard let parsed = OffenderCalendar.parseDay(text) else {
                return ([FieldError(field: "on", label: "Date", message: "enter a date such as \(OffenderCalendar.format(today)).")], "")
            }
            day = parsed
        }
        if action != .officer {
            if OffenderCalendar.days(from: today, to: day) > 0 { return ([FieldError(field: "on", label: "Date", message: "it cannot be after today.")], "") }
            if OffenderCalendar.days(from: suspect.wantedSince, to: day) < 0 {
                return ([FieldError(field: "on", label: "Date", message: "it is before the suspect was wanted (\(OffenderCalendar.format(suspect.wantedSince))).")], "")
            }
        }
        if suspect.arrestedOn != nil { return ([FieldError(field: "action", label: "Arrest", message: "this suspect is already recorded as arrested.")], "") }
        switch action {
        case .arrested:
            try await OffenderStore.markWantedArrested(id: suspect.id, on: day, on: database)
            return ([], "arrested on \(OffenderCalendar.format(day))")
        case .circulated:
            if suspect.circulated { return ([FieldError(field: "action", label: "Circulation", message: "this suspect is already circulated.")], "") }
            try await OffenderStore.markWantedCirculated(id: suspect.id, on: day, on: database)
            return ([], "circulated on \(OffenderCalendar.format(day))")
        case .officer:
            let number = warrant.trimmingCharacters(in: .whitespaces)
            var officerID: Int?
            if !number.isEmpty {
                let found = try await OffenderStore.officerIDs(warrantNumbers: [number], on: database)
                guard let id = found.ids.first else { return ([FieldError(field: "warrant_number", label: "Officer", message: "no officer has warrant number \(number).")], "") }
                officerID = id
            }
            try await OffenderStore.setWantedResponsibleOfficer(id: suspect.id, officerID: officerID, on: database)
            return ([], officerID.map { "officer responsible: \($0) (warrant \(number))" } ?? "officer responsible: none")
        }
    }

    // MARK: - Frontline list

    struct FrontlineEntry {
        var offender: RSOSummary
        /// Only the conditions an officer on patrol could see broken.
        var patrolConditions: [RSOCondition]
    }

    func bcuList(bcu: BCU, offset: Int, limit: Int) async throws -> (entries: [FrontlineEntry], total: Int) {
        let page = try await OffenderStore.page(bcu: bcu, offset: offset, limit: limit, on: database)
        let conditions = try await OffenderStore.conditions(offenderIDs: page.offenders.map(\.id), today: today, on: database)
        let entries = page.offenders.map { offender in
            FrontlineEntry(
                offender: offender, patrolConditions: (conditions[offender.id] ?? []).filter(\.kind.isPatrolRelevant))
        }
        return (entries, page.total)
    }
}

// MARK: - Putting an offender on the register, notifications, conditions

extension OffenderService {
    /// The register form as sent, before checking.
    struct RegisterForm {
        var givenName = ""
        var familyName = ""
        var dateOfBirth = ""
        var pncNumber = ""
        var bcu = ""
        var borough = ""
        var addressArea = ""
        var addressLine = ""
        var mappaCategory = String(MAPPACategory.registeredSexualOffender.rawValue)
        var mappaLevel = String(MAPPALevel.ordinaryAgencyManagement.rawValue)
        var riskLevel = ""
        var assessedOn = ""
        var reviewDue = ""
        var manager = ""
        var registeredOn = ""
    }

    enum RegisterResult {
        case registered(id: Int, reference: String, bcu: BCU)
        case invalid([FieldError])
    }

    /// The BCU the form names, if it is a territorial one (scope is checked on it before anything else).
    static func bcu(from form: RegisterForm) -> BCU? {
        BCU(rawValue: form.bcu.trimmingCharacters(in: .whitespaces).uppercased()).flatMap { $0 == .force ? nil : $0 }
    }

    /// Checks every field, naming each one wrong, and registers the offender only when all are right. The
    /// store sets the initial notification due by `RSONotificationRules` (s.83: three days from registration).
    func register(form: RegisterForm) async throws -> RegisterResult {
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [FieldError] = []
        if trimmed(form.givenName).isEmpty { errors.append(FieldError(field: "given_name", label: "Given name", message: "enter the person's given name.")) }
        if trimmed(form.familyName).isEmpty { errors.append(FieldError(field: "family_name", label: "Family name", message: "enter the person's family name.")) }
        let dob = DateOfBirth(trimmed(form.dateOfBirth))
        if dob == nil {
            errors.append(FieldError(field: "date_of_birth", label: "Date of birth", message: "enter a date such as 1970-03-14."))
        } else if let dob, let day = OffenderCalendar.parseDay(dob.text), OffenderCalendar.days(from: today, to: day) >= 0 {
            errors.append(FieldError(field: "date_of_birth", label: "Date of birth", message: "it must be before today."))
        }
        let bcu = Self.bcu(from: form)
        if bcu == nil { errors.append(FieldError(field: "bcu", label: "BCU", message: "choose the BCU that polices the home address.")) }
        let borough = trimmed(form.borough)
        if let bcu, !bcu.boroughs.contains(borough) {
            errors.append(FieldError(field: "borough", label: "Borough", message: "choose one of \(bcu.code)'s boroughs (\(bcu.boroughs.joined(separator: ", ")))."))
        }
        if trimmed(form.addressArea).isEmpty { errors.append(FieldError(field: "address_area", label: "Address area", message: "enter the area of the home address, such as Dalston.")) }
        if trimmed(form.addressLine).isEmpty { errors.append(FieldError(field: "address_line", label: "Address", message: "enter the home address's first line.")) }
        let category = Int(trimmed(form.mappaCategory)).flatMap(MAPPACategory.init(rawValue:))
        if category == nil { errors.append(FieldError(field: "mappa_category", label: "MAPPA category", message: "choose category 1, 2 or 3.")) }
        let level = Int(trimmed(form.mappaLevel)).flatMap(MAPPALevel.init(rawValue:))
        if level == nil { errors.append(FieldError(field: "mappa_level", label: "MAPPA level", message: "choose level 1, 2 or 3.")) }
        let risk = OffenderRiskLevel(fileValue: form.riskLevel)
        if risk == nil { errors.append(FieldError(field: "level", label: "Risk level", message: "choose low, medium, high or very high.")) }
        let registered = OffenderCalendar.parseDay(trimmed(form.registeredOn))
        if registered == nil {
            errors.append(FieldError(field: "registered_on", label: "Registration date", message: "enter a date such as \(OffenderCalendar.format(today))."))
        } else if let registered, OffenderCalendar.days(from: today, to: registered) > 0 {
            errors.append(FieldError(field: "registered_on", label: "Registration date", message: "it cannot be after today."))
        }
        let assessed = OffenderCalendar.parseDay(trimmed(form.assessedOn))
        if assessed == nil {
            errors.append(FieldError(field: "assessed_on", label: "Date assessed", message: "enter a date such as \(OffenderCalendar.format(today))."))
        } else if let assessed, OffenderCalendar.days(from: today, to: assessed) > 0 {
            errors.append(FieldError(field: "assessed_on", label: "Date assessed", message: "an assessment cannot be recorded before it is made."))
        }
        // The same rule as a risk review: empty means a year after the assessment.
        let reviewText = trimmed(form.reviewDue)
        let reviewDue = reviewText.isEmpty ? assessed.map { OffenderCalendar.adding(months: 12, to: $0) } : OffenderCalendar.parseDay(reviewText)
        if reviewDue == nil {
            errors.append(FieldError(field: "review_due", label: "Next review", message: "enter a date, or leave it empty for a year after the assessment."))
        } else if let assessed, let reviewDue, OffenderCalendar.days(from: assessed, to: reviewDue) <= 0 {
            errors.append(FieldError(field: "review_due", label: "Next review", message: "it must come after the assessment."))
        }
        var managerID: Int?
        let warrant = trimmed(form.manager)
        if warrant.isEmpty {
            errors.append(FieldError(field: "manager_warrant_number", label: "Offender manager", message: "enter the offender manager's warrant number."))
        } else {
            let found = try await OffenderStore.officerIDs(warrantNumbers: [warrant], on: database)
            managerID = found.ids.first
            if managerID == nil { errors.append(FieldError(field: "manager_warrant_number", label: "Offender manager", message: "no officer has warrant number \(warrant).")) }
        }
        guard errors.isEmpty, let dob, let bcu, let category, let level, let risk, let registered, let assessed,
            let reviewDue, let managerID
        else { return .invalid(errors) }
        let reference = try await OffenderStore.nextReference(bcu: bcu, on: database)
        let pnc = trimmed(form.pncNumber)
        let id = try await OffenderStore.register(
            NewRegisteredOffender(
                reference: reference, bcu: bcu, borough: borough, addressArea: trimmed(form.addressArea),
                addressLine: trimmed(form.addressLine),
                name: PersonName(given: trimmed(form.givenName), family: trimmed(form.familyName)), dateOfBirth: dob,
                pncNumber: pnc.isEmpty ? nil : pnc, mappaCategory: category, mappaLevel: level, registeredOn: registered,
                managerOfficerID: managerID,
                assessments: [OffenderRiskAssessment(assessedOn: assessed, level: risk, reviewDue: reviewDue)]),
            on: database)
        return .registered(id: id, reference: reference, bcu: bcu)
    }

    /// Checks and records a notification made; returns the problems (empty when recorded) and the next annual
    /// re-notification's last day.
    func recordNotification(
        offender: RSODetail, kind text: String, notifiedOn dayText: String, changedOn changeText: String
    ) async throws -> (problems: [FieldError], nextAnnualDue: Date?) {
        var problems: [FieldError] = []
        let kind = RSONotificationKind(rawValue: text)
        if kind == nil { problems.append(FieldError(field: "kind", label: "Notification", message: "choose initial, change or annual.")) }
        let day = OffenderCalendar.parseDay(dayText.trimmingCharacters(in: .whitespaces))
        if day == nil {
            problems.append(FieldError(field: "notified_on", label: "Date notified", message: "enter a date such as \(OffenderCalendar.format(today))."))
        } else if let day, OffenderCalendar.days(from: today, to: day) > 0 {
            problems.append(FieldError(field: "notified_on", label: "Date notified", message: "it cannot be after today."))
        } else if let day, OffenderCalendar.days(from: offender.summary.registeredOn, to: day) < 0 {
            problems.append(FieldError(field: "notified_on", label: "Date notified", message: "it is before the offender was registered."))
        }
        let open = offender.notifications.filter { $0.kind == kind && $0.notifiedOn == nil }
        var changed: Date?
        if kind == .initial && open.isEmpty { problems.append(FieldError(field: "kind", label: "Notification", message: "the initial notification is already recorded.")) }
        if kind == .change && open.isEmpty {
            changed = OffenderCalendar.parseDay(changeText.trimmingCharacters(in: .whitespaces))
            if changed == nil {
                problems.append(FieldError(field: "changed_on", label: "Date of the change", message: "enter the day the notified detail changed."))
            } else if let changed, let day, OffenderCalendar.days(from: changed, to: day) < 0 {
                problems.append(FieldError(field: "changed_on", label: "Date of the change", message: "it cannot be after the notification."))
            }
        }
        guard problems.isEmpty, let kind, let day else { return (problems, nil) }
        let next = try await OffenderStore.recordNotification(
            offenderID: offender.summary.id, kind: kind, notifiedOn: day, changedOn: changed, on: database)
        return ([], next)
    }

    /// Checks and adds a condition; returns the problems, empty when added.
    func addCondition(offenderID: Int, kind text: String, detail: String, imposedOn: String, expiresOn: String) async throws -> [FieldError] {
        var problems: [FieldError] = []
        let kind = RSOConditionKind(rawValue: text)
        if kind == nil { problems.append(FieldError(field: "kind", label: "Kind of condition", message: "choose one of the listed kinds.")) }
        let words = detail.trimmingCharacters(in: .whitespacesAndNewlines)
        if words.isEmpty { problems.append(FieldError(field: "detail", label: "Wording", message: "enter the condition as the order or licence words it.")) }
        let imposedText = imposedOn.trimmingCharacters(in: .whitespaces)
        let imposed = imposedText.isEmpty ? today : OffenderCalendar.parseDay(imposedText)
        if imposed == nil { problems.append(FieldError(field: "imposed_on", label: "Imposed on", message: "enter a date, or leave it empty for today.")) }
        let expiresText = expiresOn.trimmingCharacters(in: .whitespaces)
        var expires: Date?
        if !expiresText.isEmpty {
            expires = OffenderCalendar.parseDay(expiresText)
            if expires == nil {
                problems.append(FieldError(field: "expires_on", label: "Expires on", message: "enter a date, or leave it empty while the condition runs indefinitely."))
            } else if let imposed, let expires, OffenderCalendar.days(from: imposed, to: expires) < 0 {
                problems.append(FieldError(field: "expires_on", label: "Expires on", message: "it cannot be before the condition was imposed."))
            }
        }
        guard problems.isEmpty, let kind, let imposed else { return problems }
        try await OffenderStore.addCondition(
            offenderID: offenderID, RSOCondition(kind: kind, detail: words, imposedOn: imposed, expiresOn: expires), on: database)
        return []
    }
}

/// Why a list or record was refused.
enum OffenderAccessError: Error, Hashable {
    case unknownBCU(String)
    case outOfScope(BCU)
}
