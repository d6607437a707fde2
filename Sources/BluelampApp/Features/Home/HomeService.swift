import BluelampCore
import BluelampPersistence
import Foundation

/// The home page's task inbox (issue 22): for each kind of work the signed-in person does, what needs doing now and
/// where it is done. Each part asks the area's own service, so a figure here is the figure on the area's page, the
/// area's scope rules apply, and the area's reads are audited as they are there.
struct HomeService {
    var context: ServiceContext
    /// The inspection service the request would use (stored figures as the server's settings allow).
    var inspection: InspectionService
    /// How many of the most pressing items each part lists by name (the rest are a link away).
    static let itemsShown = 5

    init(_ context: ServiceContext, inspection: InspectionService) {
        self.context = context
        self.inspection = inspection
    }

    /// One kind of work: its counts, its most pressing items, and the page where all of it is.
    struct Section: Sendable, Hashable {
        /// The section's id on the page, e.g. "inbox-investigations".
        var id: String
        var title: String
        var counts: [Count]
        var items: [Item] = []
        /// What the items are, e.g. "Most overdue first".
        var itemsCaption: String = ""
        /// Said when there is nothing to do, e.g. "No action is overdue or due today."
        var allClear: String
        var more: Link
    }

    struct Count: Sendable, Hashable {
        var label: String
        var value: Int
        var href: String?
        /// Shown as needing attention (in red, with the word "overdue" or similar in the label) when above zero.
        var urgent: Bool = false
    }

    struct Item: Sendable, Hashable {
        var text: String
        var href: String
        var detail: String
        /// A short status such as "Overdue" or "Due today"; nil for none.
        var tag: String?
        var urgent: Bool
    }

    struct Link: Sendable, Hashable {
        var label: String
        var href: String
    }

    /// Every part of the inbox the principal's roles call for, in the order of a working day.
    func inbox() async throws -> [Section] {
        let principal = try context.requirePrincipal()
        var sections: [Section] = []
        if principal.officerID != nil, principal.can(.workInvestigations) {
            sections.append(try await investigations())
        }
        if principal.can(.superviseInvestigations), let section = try await supervision() {
            sections.append(section)
        }
        if principal.can(.allocateCrimes) {
            sections.append(try await allocation())
        }
        if principal.officerID != nil, principal.can(.viewOffenders), let section = try await offenders() {
            sections.append(section)
        }
        if principal.can(.viewInspection), let section = try await standing() {
            sections.append(section)
        }
        return sections
    }

    // MARK: - Investigator

    /// The investigator's open investigations, their actions due today or overdue, reviews overdue and victims owed
    /// a contact.
    func investigations() async throws -> Section {
        let work = try await InvestigationService(context).myWork()
        let now = context.now
        let today = CalendarDay(containing: now, in: .london)
        let open = work.actions.filter { $0.doneAt == nil }
        let overdue = open.filter { $0.isOverdue(now: now) }
        let dueToday = open.filter { $0.dueOn == today }
        let reviews = work.investigations.filter { $0.reviewOverdue(now: now) }
        let victimsOwed = work.victims.values.joined().filter {
            !$0.overdueNotifications(now: now).isEmpty || $0.updateOverdue(now: now)
        }
        var items: [Item] = (overdue + dueToday).sorted { ($0.dueOn, $0.id) < ($1.dueOn, $1.id) }.map { action in
            let late = action.isOverdue(now: now)
            return Item(
                text: action.description, href: Paths.investigation(action.crimeID),
                detail: "Crime \(work.references[action.crimeID] ?? String(action.crimeID))",
                tag: late ? "Overdue" : "Due today", urgent: late)
        }
        items += reviews.sorted { $0.reviewDueAt < $1.reviewDueAt }.map { line in
            Item(
                text: "Supervisory review of \(line.reference)", href: Paths.investigation(line.crimeID),
                detail: line.offenceDescription, tag: "Review overdue", urgent: true)
        }
        return Section(
            id: "inbox-investigations", title: "Your investigations",
            counts: [
                Count(label: "Open investigations", value: work.investigations.count, href: Paths.myWork),
                Count(label: "Actions overdue", value: overdue.count, href: Paths.myWork, urgent: true),
                Count(label: "Actions due today", value: dueToday.count, href: Paths.myWork),
                Count(label: "Reviews overdue", value: reviews.count, href: Paths.myWork, urgent: true),
                Count(
                    label: "Victims owed a contact now", value: victimsOwed.count,
                    href: Paths.myWork + "#victim-contacts", urgent: true),
            ],
            items: Array(items.prefix(Self.itemsShown)), itemsCaption: "Actions due and reviews overdue, oldest first",
            allClear: "No action is overdue or due today, and no review is overdue.",
            more: Link(label: "All your work", href: Paths.myWork))
    }

    // MARK: - Supervisor

    /// The supervisor's team (their own, or the one BCU they supervise): notes and victim contacts awaiting their
    /// decision, reviews overdue, and investigators over their caseload cap. Nil for a supervisor with neither a
    /// team nor a single BCU: the supervision page asks them to choose.
    func supervision() async throws -> Section? {
        let principal = try context.requirePrincipal()
        let service = InvestigationService(context)
        let teamID = try await service.ownTeamID()
        let scope = CrimeService.bcus(principal, .superviseInvestigations)
        guard teamID != nil || scope?.count == 1 else { return nil }
        let view = try await service.supervision(teamID: teamID)
        let now = context.now
        let here = Paths.supervision(team: teamID)
        let awaiting = view.flagged.count + view.flaggedContacts.count
        let reviews = view.investigations.filter { $0.reviewOverdue(now: now) }
        let bcu = view.team?.bcu ?? scope?.first
        let policy = try await AllocationPolicyStore.current(on: context.database).policy
        let roster = try await AllocationStore.roster(
            bcus: bcu.map { [$0] }, teamID: teamID, now: now, on: context.database
        ).filter { teamID == nil ? $0.bcu == bcu : $0.teamID == teamID }
        let overCap = roster.filter { $0.isOverCap(under: policy) }
            .sorted { ($0.openCrimes - $0.cap(under: policy), $1.id) > ($1.openCrimes - $1.cap(under: policy), $0.id) }
        var items: [Item] = view.flagged.prefix(Self.itemsShown).map { flagged in
            Item(
                text: "A note on \(flagged.reference) flagged for review",
                href: Paths.investigation(flagged.note.crimeID),
                detail: "Possible victim-blaming language", tag: "Awaiting you", urgent: true)
        }
        items += overCap.map { officer in
            Item(
                text: officer.name, href: Paths.officerCaseload(officer.id),
                detail: "\(officer.openCrimes) open crimes against a cap of \(officer.cap(under: policy))",
                tag: "Over cap", urgent: true)
        }
        items += reviews.sorted { $0.reviewDueAt < $1.reviewDueAt }.map { line in
            Item(
                text: "Review \(line.reference)", href: Paths.investigation(line.crimeID),
                detail: line.holderName ?? "No investigator", tag: "Review overdue", urgent: true)
        }
        let name = view.team?.name ?? bcu.map { "\($0.name) BCU" } ?? "your teams"
        return Section(
            id: "inbox-supervision", title: "Your team: \(name)",
            counts: [
                Count(label: "Awaiting your decision", value: awaiting, href: here + "#flagged", urgent: true),
                Count(label: "Reviews overdue", value: reviews.count, href: here, urgent: true),
                Count(label: "Investigators over their caseload cap", value: overCap.count, href: here, urgent: true),
                Count(label: "Open investigations", value: view.investigations.count, href: here),
            ],
            items: Array(items.prefix(Self.itemsShown)), itemsCaption: "Decisions, caseloads and reviews waiting",
            allClear: "Nothing awaits your decision, no review is overdue and no investigator is over their cap.",
            more: Link(label: "The supervision page", href: here))
    }

    // MARK: - Allocator

    /// The crimes awaiting allocation in the allocator's scope, and those past their allocation deadline.
    func allocation() async throws -> Section {
        let queue = try await AllocationService(context).queue(bcu: nil, unit: nil)
        let now = context.now
        let late = queue.items.filter { $0.deadline < now }
        let items = late.prefix(Self.itemsShown).map { item in
            Item(
                text: item.reference, href: Paths.crime(item.crimeID), detail: item.offenceDescription,
                tag: "Past deadline", urgent: true)
        }
        return Section(
            id: "inbox-allocation", title: "Crimes to allocate",
            counts: [
                Count(label: "Awaiting allocation", value: queue.items.count, href: Paths.allocationQueue()),
                Count(
                    label: "Past their allocation deadline", value: late.count, href: Paths.allocationQueue(),
                    urgent: true),
            ],
            items: Array(items), itemsCaption: "Past their deadline, longest waiting first",
            allClear: "No crime is past its allocation deadline.",
            more: Link(label: "The allocation queue", href: Paths.allocationQueue()))
    }

    // MARK: - Offender manager

    /// The offender manager's caseload: visits overdue, risk reviews overdue, and this week's planned visits. Nil when
    /// they manage nobody.
    func offenders() async throws -> Section? {
        guard let caseload = try await OffenderService(context).ownCaseload(), !caseload.entries.isEmpty else {
            return nil
        }
        let today = OffenderCalendar.startOfDay(context.now)
        let weekEnd = today.addingTimeInterval(7 * 86_400)
        let overdue = caseload.entries.filter { $0.status.isOverdue && !$0.offender.isReactive }
        let reviews = caseload.entries.filter(\.reviewOverdue)
        let thisWeek = caseload.plan.visits.filter { $0.date >= today && $0.date < weekEnd }
        var items: [Item] = overdue.map { entry in
            Item(
                text: "\(entry.offender.givenName) \(entry.offender.familyName)",
                href: Paths.offender(entry.offender.id),
                detail: "\(entry.offender.risk.label) risk, \(entry.offender.addressArea)",
                tag: "Visit \(entry.status.daysOverdue) days overdue", urgent: true)
        }
        items += reviews.map { entry in
            Item(
                text: "\(entry.offender.givenName) \(entry.offender.familyName)",
                href: Paths.offender(entry.offender.id),
                detail: "Risk assessment review due \(OffenderCalendar.format(entry.offender.riskReviewDue))",
                tag: "Review overdue", urgent: true)
        }
        return Section(
            id: "inbox-offenders", title: "Your offenders",
            counts: [
                Count(label: "Registered offenders you manage", value: caseload.entries.count, href: Paths.offenders),
                Count(label: "Visits overdue", value: overdue.count, href: Paths.offenders, urgent: true),
                Count(label: "Risk reviews overdue", value: reviews.count, href: Paths.offenders, urgent: true),
                Count(label: "Visits planned this week", value: thisWeek.count, href: Paths.offenders + "#plan"),
            ],
            items: Array(items.prefix(Self.itemsShown)), itemsCaption: "Most overdue first",
            allClear: "No visit and no risk review is overdue.",
            more: Link(label: "Your caseload and this week's plan", href: Paths.offenders))
    }

    // MARK: - Performance lead and inspector

    /// The force's (or the principal's BCU's) standing: the latest inspection's grades, findings overdue, and the
    /// indicators in the inadequate band now. Nil when the principal's scope covers no territorial BCU.
    func standing() async throws -> Section? {
        let principal = try context.requirePrincipal()
        guard let scope = InspectionService.scopeOptions(for: principal).first else { return nil }
        let service = inspection
        let readings = try await service.current(bcu: scope).readings
        let inadequate = readings.filter { $0.band == .inadequate && InspectionPart.isBanded($0.definition) }
        let improve = readings.filter { $0.band == .requiresImprovement && InspectionPart.isBanded($0.definition) }
        let reminders = try await service.reminders()
        let overdueFindings = reminders.filter { $0.reminder.kind == .overdue }
        let frameworks = try await service.frameworks()
        let latest = try await service.storedInspections().max {
            ($0.inspection.published ?? .distantPast) < ($1.inspection.published ?? .distantPast)
        }
        let poor = (latest?.inspection.judgements ?? []).filter {
            $0.grade == .inadequate || $0.grade == .requiresImprovement
        }
        let graded: [Item] = poor.sorted { $0.grade?.severity ?? 0 > $1.grade?.severity ?? 0 }.map { judgement in
            let area = InspectionService.areaName(
                InspectionAreaReference(frameworkID: latest?.inspection.frameworkID ?? "", areaID: judgement.areaID),
                in: frameworks)
            return Item(
                text: area, href: Paths.inspectionDashboard, detail: latest?.inspection.title ?? "",
                tag: judgement.grade?.label, urgent: judgement.grade == .inadequate)
        }
        var items: [Item] = inadequate.map { reading in
            Item(
                text: reading.definition.name, href: Paths.indicators(anchor: reading.definition.id),
                detail: InspectionPart.value(reading.value, unit: reading.definition.unit), tag: "Inadequate",
                urgent: true)
        }
        items += overdueFindings.map { item in
            Item(
                text: "\(item.finding.finding.kind.label) \(item.finding.finding.id)",
                href: Paths.finding(item.finding.id),
                detail: InspectionPart.excerpt(item.finding.finding.text, limit: 90),
                tag: "Overdue since \(InspectionPart.day(item.reminder.due))", urgent: true)
        }
        let place = scope.map { "\($0.name) BCU" } ?? "The force"
        var counts = [
            Count(
                label: "Indicators in the inadequate band", value: inadequate.count, href: Paths.indicators(),
                urgent: true),
            Count(label: "Indicators that require improvement", value: improve.count, href: Paths.indicators()),
            Count(
                label: "Findings past their due date", value: overdueFindings.count,
                href: Paths.findings(openOnly: true), urgent: true),
        ]
        if let latest {
            counts.append(
                Count(
                    label: "Areas graded requires improvement or inadequate (\(latest.inspection.title))",
                    value: poor.count, href: Paths.inspectionDashboard))
        }
        items += graded
        return Section(
            id: "inbox-inspection", title: "\(place) against PEEL", counts: counts,
            items: Array(items.prefix(Self.itemsShown)),
            itemsCaption: "Inadequate indicators, overdue findings, then the areas graded worst",
            allClear: "No indicator is in the inadequate band and no finding is past its due date.",
            more: Link(label: "The PEEL dashboard", href: Paths.inspectionDashboard))
    }
}
