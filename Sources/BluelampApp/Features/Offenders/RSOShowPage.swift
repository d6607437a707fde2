import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// A registered sex offender's record: restricted details, risk, conditions, notifications, visit history
/// and escalations, with the forms to record a visit, a risk review and a reactive management decision.
struct RSOShowPage {
    struct Model {
        var detail: RSODetail
        var status: RSOVisitStatus
        var today: Date
        /// The reason the viewer gave to open the record (nil for their own caseload); the forms carry it.
        var reason: String?
        var canManage: Bool
        var canDecide: Bool
        var csrf: String?
        var notice: String?
        var errors: [String] = []
        /// What the forms held when they came back with errors.
        var visitForm = RSOVisitDraft()
        var riskForm = RSORiskReviewDraft()
        var reactiveReason = ""
        /// The viewer's own warrant number, to fill in "officers who went".
        var ownWarrant: String?
    }

    var model: Model

    func render() -> PageContent {
        let d = model.detail
        let s = d.summary
        return .group(
            .p(
                .a(.href(Paths.offenders), "← RSO caseload"), .text(" · "),
                .a(.href(Paths.offendersInBCU(s.bcu)), .text("\(s.bcu.code) RSO list"))),
            Part.heading(s.name, "\(s.reference) · registered sex offender · \(s.bcu.name), \(s.borough)"),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .unwrap(model.reason) {
                .p(.class("muted"), .text("Opened outside your caseload. Reason recorded in the audit log: \"\($0)\"."))
            },
            status(),
            .h2("Person"),
            .dl(
                .class("facts"),
                .dt("Name"), .dd(.text(s.name)),
                .dt("Date of birth"),
                .dd(.text(UKDate.day(d.dateOfBirth)), .text(" "), .span(.class("badge amber"), "Restricted")),
                .dt("PNC number"),
                .dd(.text(d.pncNumber ?? "—"), .text(" "), .span(.class("badge amber"), "Restricted")),
                .dt("Address"),
                .dd(
                    .text("\(d.addressLine), \(s.addressArea), \(s.borough)"), .text(" "),
                    .span(.class("badge amber"), "Restricted")),
                .dt("Registered"), .dd(.text(OffenderParts.day(s.registeredOn))),
                .dt("MAPPA"),
                .dd(
                    .text(
                        "\(s.mappaCategory.label) (\(s.mappaCategory.description.lowercased())), \(s.mappaLevel.label): \(s.mappaLevel.description.lowercased())"
                    )),
                .dt("Offender manager"), .dd(.text(s.managerName ?? "None assigned"))
            ),
            // Where the address is, to the borough (the register holds no coordinates).
            .unwrap(LondonMap.locator(borough: s.borough, label: "\(s.addressArea), \(s.borough)")) { $0 },
            risk(),
            conditions(),
            notifications(),
            visits(),
            escalations(),
            .if(model.canManage, visitForm()),
            .if(model.canManage, riskForm()),
            .if(model.canManage, notificationForm()),
            .if(model.canManage, conditionForm()),
            .if(model.canDecide, reactiveForm())
        )
    }

    // MARK: - Sections

    private func status() -> PageContent {
        let s = model.detail.summary
        if s.isReactive {
            return .div(
                .class("flash"), .attribute(named: "role", value: "status"),
                .text(
                    "Managed reactively since \(OffenderParts.day(s.reactiveSince)) (decided by \(model.detail.reactiveDecidedBy ?? "—") on \(OffenderParts.moment(model.detail.reactiveDecidedAt)): \(model.detail.reactiveReason ?? "")). No planned home visits."
                ))
        }
        let st = model.status
        // The decision on this lapse, once a supervisor has made it: the case is then no longer "consider now".
        let decided = model.detail.escalations.first {
            st.considerArrestOrWarrant && $0.escalationDate == st.escalationDate && $0.decision != nil
        }
        return .ul(
            .class("cards"),
            .li(
                .class("card"), .h2("Last seen"),
                .p(.class("figure"), .text(OffenderParts.day(st.lastSuccessfulVisit))),
                .p(
                    .class("muted"),
                    .text(
                        st.lastSuccessfulVisit == nil
                            ? "Never seen at home since registration" : "Last successful home visit"))),
            .li(
                .class("card"), .h2("Next visit due"),
                .p(.class("figure \(st.isOverdue ? "red" : "green")"), .text(OffenderParts.day(st.nextVisitDue))),
                .p(
                    .class("muted"),
                    .text(
                        st.isOverdue
                            ? "\(OffenderParts.days(st.daysOverdue)) overdue"
                            : "Every \(s.frequency.months) month\(s.frequency.months == 1 ? "" : "s")"))),
            .li(
                .class("card"), .h2("Arrest or warrant"),
                .p(
                    .class("figure \(decided != nil ? "amber" : (st.considerArrestOrWarrant ? "red" : "green"))"),
                    .text(decided != nil ? "Decided" : (st.considerArrestOrWarrant ? "Consider now" : "Not yet"))),
                .p(
                    .class("muted"),
                    .text(
                        decided.map { "\($0.decision!.label), \(OffenderParts.moment($0.decidedAt)); " } ?? ""),
                    .text(
                        "From \(OffenderParts.day(st.escalationDate)): twice the frequency without a successful visit"))
            ),
            .unwrap(st.reattemptDue) { due in
                .li(
                    .class("card"), .h2("Re-attempt"),
                    .p(.class("figure \(st.reattemptOverdue ? "red" : "amber")"), .text(OffenderParts.day(due))),
                    .p(.class("muted"), "The latest visit failed; a new attempt is due by this day"))
            }
        )
    }

    private func risk() -> PageContent {
        let s = model.detail.summary
        let overdue = s.assessment.isReviewOverdue(today: model.today)
        return .group(
            .h2("Risk"),
            .p(
                OffenderParts.riskBadge(s.risk),
                .text(
                    " assessed \(OffenderParts.day(s.riskAssessedOn)); next review by \(OffenderParts.day(s.riskReviewDue)) "
                ),
                .if(
                    overdue,
                    .span(
                        .class("badge red"),
                        .text(
                            "Review \(OffenderParts.days(s.assessment.reviewDaysOverdue(today: model.today))) overdue"))
                )),
            .p(
                .text("Home visits every \(s.frequency.months) month\(s.frequency.months == 1 ? "" : "s")"),
                .unwrap(s.frequency.overrideReason) { .text(" (risk management plan: \($0))") },
                .if(!s.frequency.isOverridden, .text(" (the default for \(s.risk.label.lowercased()) risk)")),
                .if(
                    s.frequency.isLooserThanDefault(for: s.risk),
                    .group(.text(" "), .span(.class("badge amber"), "Less often than the risk level's minimum")))),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    OffenderParts.head(["Assessed", "Level", "Review due", "By"]),
                    .tbody(
                        .forEach(model.detail.assessments.reversed()) { entry in
                            .tr(
                                OffenderParts.cell("Assessed", text: OffenderParts.day(entry.assessment.assessedOn)),
                                OffenderParts.cell("Level", OffenderParts.riskBadge(entry.assessment.level)),
                                OffenderParts.cell("Review due", text: OffenderParts.day(entry.assessment.reviewDue)),
                                OffenderParts.cell("By", text: entry.assessedBy ?? "—")
                            )
                        })
                ))
        )
    }

    private func conditions() -> PageContent {
        let conditions = model.detail.conditions
        return .group(
            .h2("Conditions"),
            .if(conditions.isEmpty, .p("No conditions beyond the notification requirements.")),
            .if(
                !conditions.isEmpty,
                .ul(
                    .forEach(conditions) { c in
                        .li(
                            .strong(.text(c.kind.label)),
                            .text(": \(c.detail). Since \(OffenderParts.day(c.imposedOn))"),
                            .unwrap(c.expiresOn) { .text(", until \(OffenderParts.day($0))") },
                            .if(!c.isInForce(today: model.today), .text(" (no longer in force)")),
                            .if(
                                c.kind.isPatrolRelevant,
                                .group(.text(" "), .span(.class("badge amber"), "Shown to patrol"))))
                    }))
        )
    }

    private func notifications() -> PageContent {
        let rows = model.detail.notifications.reversed().prefix(8)
        return .group(
            .h2("Notification requirements"),
            .p(
                .class("muted"),
                "Sexual Offences Act 2003: initial notification within 3 days, changes within 3 days, re-notification within a year of the last."
            ),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    OffenderParts.head(["Requirement", "From", "Due by", "Notified"]),
                    .tbody(
                        .forEach(Array(rows)) { n in
                            .tr(
                                OffenderParts.cell("Requirement", text: n.kind.label),
                                OffenderParts.cell("From", text: OffenderParts.day(n.triggeredOn)),
                                OffenderParts.cell("Due by", text: OffenderParts.day(n.dueOn)),
                                OffenderParts.cell(
                                    "Notified",
                                    n.notifiedOn.map { .text(OffenderParts.day($0)) }
                                        ?? (n.isMissed(today: model.today)
                                            ? .span(.class("badge red"), "Missed") : .text("Not yet due")))
                            )
                        })
                ))
        )
    }

    private func visits() -> PageContent {
        let visits = model.detail.visits
        let made = visits.compactMap(\.attempt)
        let unannounced = made.count { !$0.announced }
        return .group(
            .h2("Visit history"),
            .p(
                .class("muted"),
                .text(
                    "\(made.count) visit\(made.count == 1 ? "" : "s") on record, \(unannounced) unannounced; \(made.count { $0.outcome.isSuccessful }) successful (offender seen)."
                )),
            .if(visits.isEmpty, .p("No visits on record.")),
            .if(
                !visits.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        OffenderParts.head(["Date", "Window", "Announced", "Outcome", "Officers", "Concerns"]),
                        .tbody(
                            .forEach(visits) { v in
                                .tr(
                                    OffenderParts.cell("Date", text: OffenderParts.day(v.visitedOn ?? v.plannedOn)),
                                    OffenderParts.cell("Window", text: "\(v.windowStart)–\(v.windowEnd)"),
                                    OffenderParts.cell("Announced", text: v.announced ? "Announced" : "Unannounced"),
                                    OffenderParts.cell("Outcome", outcome(v)),
                                    OffenderParts.cell(
                                        "Officers", text: v.officers.isEmpty ? "—" : v.officers.joined(separator: ", ")),
                                    OffenderParts.cell("Concerns", concerns(v))
                                )
                            })
                    )))
        )
    }

    private func outcome(_ v: RSOVisitEntry) -> PageContent {
        guard let outcome = v.outcome else { return .span(.class("badge amber"), "Planned") }
        return .group(
            .span(.class(outcome.isSuccessful ? "green" : "red"), .text(outcome.label)),
            .unwrap(v.reattemptDue) { .text(" — re-attempt by \(OffenderParts.day($0))") })
    }

    private func concerns(_ v: RSOVisitEntry) -> PageContent {
        var flags: [String] = []
        if v.devicesFound { flags.append("Devices") }
        if v.breachFound { flags.append("Breach") }
        if flags.isEmpty && v.concerns == nil { return .text("—") }
        return .group(
            .if(!flags.isEmpty, .span(.class("badge red"), .text(flags.joined(separator: ", ")))),
            .unwrap(v.concerns) { .text(" \($0)") })
    }

    private func escalations() -> PageContent {
        let list = model.detail.escalations
        return .if(
            !list.isEmpty,
            .group(
                .h2("Arrest or warrant escalations"),
                .ul(
                    .forEach(list) { e in
                        .li(
                            .text(
                                "Raised \(OffenderParts.day(e.raisedOn)) (twice the frequency passed on \(OffenderParts.day(e.escalationDate))): "
                            ),
                            e.decision.map { decision in
                                .text(
                                    "\(decision.label), decided by \(e.decidedBy ?? "—") on \(OffenderParts.moment(e.decidedAt)): \(e.reason ?? "")"
                                )
                            } ?? .span(.class("badge red"), "Awaiting a supervisor's decision"))
                    })))
    }

    // MARK: - Forms

    private var action: String { Paths.offender(model.detail.summary.id) }

    private func hiddenReason() -> PageContent {
        .unwrap(model.reason) { .input(.type(.hidden), .name("reason"), .value($0)) }
    }

    private func visitForm() -> PageContent {
        let f = model.visitForm
        return .form(
            .class("stack"), .method(.post), .action("\(action)/visits"),
            .h2("Record a visit"),
            .component(Part.csrf(model.csrf)),
            .component(hiddenReason()),
            .component(
                Part.field(
                    "Date of the visit", name: "visited_on",
                    value: f.visitedOn.isEmpty ? OffenderCalendar.format(model.today) : f.visitedOn, type: .date,
                    required: true)),
            .component(
                Part.field(
                    "Time", name: "time", value: f.time, type: .time, required: true,
                    hint: "When the visit began, London time.")),
            .component(
                Part.select(
                    "Announced", name: "announced",
                    options: [("no", "No: unannounced"), ("yes", "Yes: the offender was told in advance")],
                    selected: f.announced.isEmpty ? "no" : f.announced)),
            .component(
                Part.select(
                    "Outcome", name: "outcome", options: VisitOutcome.allCases.map { ($0.rawValue, $0.label) },
                    selected: f.outcome, includeAny: "Choose")),
            .component(
                Part.field(
                    "Officers who went", name: "officers",
                    value: f.officers.isEmpty ? (model.ownWarrant ?? "") : f.officers, required: true,
                    hint: "Warrant numbers, separated by commas.")),
            .component(
                OffenderParts.checkbox(
                    "Prohibited or undeclared devices found", name: "devices_found", checked: f.devicesFound)),
            .component(
                OffenderParts.checkbox(
                    "Breach of an order or condition found", name: "breach_found", checked: f.breachFound)),
            .component(
                OffenderParts.textArea(
                    "Concerns", name: "concerns", value: f.concerns, hint: "What was found, and what was done about it."
                )),
            .p(
                .class("hint"),
                .text(
                    "Only \"Seen\" is a successful visit. Any other outcome plans a new, unannounced attempt within \(VisitOutcome.reattemptWithinDays) days."
                )),
            .button(.type(.submit), "Record the visit")
        )
    }

    private func riskForm() -> PageContent {
        let f = model.riskForm
        let s = model.detail.summary
        return .form(
            .class("stack"), .method(.post), .action("\(action)/risk"),
            .h2("Record a risk review"),
            .component(Part.csrf(model.csrf)),
            .component(hiddenReason()),
            .component(
                Part.field(
                    "Date assessed", name: "assessed_on",
                    value: f.assessedOn.isEmpty ? OffenderCalendar.format(model.today) : f.assessedOn, type: .date,
                    required: true)),
            .component(
                Part.select(
                    "Risk level (ARMS)", name: "level",
                    options: OffenderRiskLevel.allCases.map { ($0.rawValue, $0.label) },
                    selected: f.level.isEmpty ? s.risk.rawValue : f.level)),
            .component(
                Part.field(
                    "Next review by", name: "review_due", value: f.reviewDue, type: .date,
                    hint: "Empty: a year after the assessment.")),
            .component(
                Part.field(
                    "Visit every (months)", name: "frequency_months",
                    value: f.frequencyMonths.isEmpty
                        ? (s.frequency.isOverridden ? String(s.frequency.months) : "") : f.frequencyMonths,
                    type: .number,
                    hint: "Empty: the risk level's default (very high 1, high 3, medium 6, low 12).")),
            .component(
                OffenderParts.textArea(
                    "Why a different frequency", name: "frequency_reason",
                    value: f.frequencyReason.isEmpty ? (s.frequency.overrideReason ?? "") : f.frequencyReason,
                    hint: "Required when the frequency is not the default.")),
            .button(.type(.submit), "Record the review")
        )
    }

    private func notificationForm() -> PageContent {
        .form(
            .class("stack"), .method(.post), .action("\(action)/notifications"),
            .h2("Record a notification"),
            .component(Part.csrf(model.csrf)),
            .component(hiddenReason()),
            .component(
                Part.select(
                    "Notification", name: "kind", options: RSONotificationKind.allCases.map { ($0.rawValue, $0.label) },
                    selected: nil, includeAny: "Choose", id: "notification-kind")),
            .component(
                Part.field(
                    "Date notified", name: "notified_on", value: OffenderCalendar.format(model.today), type: .date,
                    required: true)),
            .component(
                Part.field(
                    "Date of the change", name: "changed_on", type: .date,
                    hint: "For a change with no requirement open yet: the day the detail changed.")),
            .p(.class("hint"), .text("Any notification starts the year to the next annual re-notification (s.85).")),
            .button(.type(.submit), "Record the notification")
        )
    }

    private func conditionForm() -> PageContent {
        .form(
            .class("stack"), .method(.post), .action("\(action)/conditions"),
            .h2("Add a condition"),
            .component(Part.csrf(model.csrf)),
            .component(hiddenReason()),
            .component(
                Part.select(
                    "Kind of condition", name: "kind",
                    options: RSOConditionKind.allCases.map { ($0.rawValue, $0.label) }, selected: nil,
                    includeAny: "Choose", id: "condition-kind")),
            .component(
                OffenderParts.textArea(
                    "Wording", name: "detail", id: "condition-detail", required: true,
                    hint: "As the order or licence words it.")),
            .component(
                Part.field("Imposed on", name: "imposed_on", value: OffenderCalendar.format(model.today), type: .date)),
            .component(
                Part.field(
                    "Expires on", name: "expires_on", type: .date, hint: "Empty while it runs until further order.")),
            .button(.type(.submit), "Add the condition")
        )
    }

    private func reactiveForm() -> PageContent {
        let s = model.detail.summary
        return .if(
            !s.isReactive && s.risk == .low,
            .form(
                .class("stack"), .method(.post), .action("\(action)/reactive"),
                .h2("Reactive management"),
                .p(
                    .class("hint"),
                    .text(
                        "Only an offender assessed low risk for at least \(ReactiveManagement.minimumYearsAtLowRisk) years may move to reactive management, by a supervisor's recorded decision."
                    )),
                .component(Part.csrf(model.csrf)),
                .component(hiddenReason()),
                .component(
                    OffenderParts.textArea(
                        "Reason for the decision", name: "decision_reason", value: model.reactiveReason, required: true)
                ),
                .button(.type(.submit), .class("secondary"), "Move to reactive management")
            ))
    }
}

/// The question asked before a record outside one's caseload opens: why (DPA 2018 s.62).
struct RSOReasonPage {
    struct Model {
        var id: Int
        var reference: String
        var bcu: BCU
        var suggested: String
        var error: String?
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Why are you opening this record?",
                "\(model.reference), a registered sex offender in \(model.bcu.name)."),
            .p(
                "This offender is not in your caseload. Your reason is written to the audit log with your name, and the record's subject can see it in a subject access report."
            ),
            .unwrap(model.error) { Part.errors([$0]) },
            .form(
                .class("stack"), .method(.get), .action(Paths.offender(model.id)),
                .component(
                    OffenderParts.textArea(
                        "Reason", name: "reason", value: model.suggested, required: true,
                        hint:
                            "At least \(RSORecordAccess.minimumReasonLength) characters, e.g. \"Intelligence report 4512: sighting near a school\"."
                    )),
                .button(.type(.submit), "Open the record")
            )
        )
    }
}
