import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/crimes/:id`: the facts, THRIVE, screening, people and the timeline of everything that happened.
struct CrimeShowPage {
    struct Model {
        var detail: CrimeDetail
        var now: Date
        var canChangeStatus: Bool
        var canRecordOutcome: Bool
        var csrf: String?
        var notice: String?
        var errors: [String]
        /// The recording policy's clock, for the time left or how long the decision took.
        var recordingClock = CrimeRecordingClock()
        /// The decision form's values, kept when it is refused.
        var decision = RecordingDecisionDraft(decision: "")
        /// Whether the viewer may see the crime's DASH risk assessments (issue 17).
        var canViewSafeguarding = false
        /// Whether the viewer may see the crime's devices and their places in the digital forensics queue (issue 18).
        var canViewForensics = false
        /// The calls from the public the crime came from (issue 18), linked by its reference.
        var calls: [CallService.LinkedCall] = []
    }

    var model: Model

    func render() -> PageContent {
        let crime = model.detail.crime
        let loc = crime.location
        return .group(
            .p(.a(.href(Paths.crimes() + (crime.bcu.map { "?bcu=\($0.code)" } ?? "")), "← Crimes")),
            Part.heading("Crime \(crime.reference)", "\(crime.category.name): \(crime.offenceDescription)"),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .if(
                [.allocated, .underInvestigation, .awaitingSupervisor, .closed].contains(crime.status.code),
                .p(
                    .a(
                        .class("button secondary"), .href(Paths.investigation(model.detail.id)),
                        "Investigation: lines of enquiry, actions, log and reviews"))),
            .if(
                crime.flags.contains(.domestic) && model.canViewSafeguarding,
                .p(
                    .a(
                        .class("button secondary"), .href(Paths.dash(model.detail.id)),
                        "DASH risk assessment and MARAC"))),
            .if(
                model.canViewForensics,
                .p(
                    .a(
                        .class("button secondary"), .href(Paths.crimeForensics(model.detail.id)),
                        "Digital forensics: devices and their places in the queue"))),
            .dl(
                .class("facts"),
                .dt("Status"),
                .dd(CrimeParts.statusBadge(crime.status.code), .unwrap(crime.status.reason) { .text(": \($0)") }),
                .dt("Priority"), .dd(CrimeParts.priorityBadge(crime.priority)),
                .dt("Reported"), .dd(.text(Self.when(crime, crime.reportedAt))),
                .dt("Recorded"), .dd(.text(Self.recorded(crime))),
                .dt("Recording decision"),
                .dd(
                    .id("recording-state"),
                    .span(
                        .class(
                            crime.recordingState(now: model.now, clock: model.recordingClock) == .overdue
                                ? "badge red" : ""),
                        .text(
                            model.recordingClock.summary(
                                reportedAt: crime.reportedAt, decidedAt: crime.recordedAt,
                                isDecisionTimeKnown: crime.isRecordingDecisionTimeKnown, now: model.now))),
                    .unwrap(crime.recordingDecision) { decision in
                        .group(
                            .text(" · \(decision.kind.label)"),
                            .unwrap(decision.decidedBy) { .text(" by \($0)") },
                            .unwrap(decision.reason) { .text(": \($0)") })
                    }),
                .dt("BCU"), .dd(.text(crime.bcu.map { "\($0.name) (\($0.code))" } ?? "Outside the Met's BCUs")),
                .dt("Borough"), .dd(.text(crime.borough ?? "—")),
                .dt("Location"),
                .dd(
                    .text(loc.place),
                    .unwrap(loc.lsoaName) { name in .text(" · LSOA \(name) (\(loc.lsoaCode ?? ""))") },
                    .unwrap(loc.latitude) { lat in .text(String(format: " · %.6f, %.6f", lat, loc.longitude ?? 0)) }),
                .dt("Flags"), .dd(.text(crime.flags.isEmpty ? "None" : CrimeParts.flagList(crime.flags))),
                .dt("Outcome"),
                .dd(
                    .text(
                        crime.outcome.map {
                            "\($0.type.code): \($0.type.label), \(CrimeParts.date.string(from: $0.date)) (police.uk: \($0.policeUKOutcome.rawValue))"
                        } ?? "None yet")),
                .dt("police.uk Crime ID"), .dd(.class("secret-free"), .text(crime.policeUKCrimeID ?? "—")),
                .unwrap(model.detail.importedFrom) { file in
                    .group(.dt("Imported from"), .dd(.text("\(file), line \(model.detail.sourceLine ?? 0)")))
                }
            ),
            .unwrap(
                loc.latitude.flatMap { lat in
                    loc.longitude.flatMap { LondonMap.locator(latitude: lat, longitude: $0, label: loc.place) }
                }
            ) { $0 },
            callsSection(),
            .h2("THRIVE risk assessment"),
            .unwrap(
                crime.thrive,
                { thrive in
                    .group(
                        .div(
                            .class("table-wrap"),
                            .table(
                                .class("responsive"),
                                .thead(
                                    .tr(
                                        .th("Threat"), .th("Harm"), .th("Risk"), .th("Investigation"),
                                        .th("Vulnerability"), .th("Engagement"))),
                                .tbody(
                                    .tr(
                                        CrimeParts.cell("Threat", .text(thrive.threat.label)),
                                        CrimeParts.cell("Harm", .text(thrive.harm.label)),
                                        CrimeParts.cell("Risk", .text(thrive.risk.label)),
                                        CrimeParts.cell("Investigation", .text(thrive.investigation.label)),
                                        CrimeParts.cell("Vulnerability", .text(thrive.vulnerability.label)),
                                        CrimeParts.cell("Engagement", .text(thrive.engagement.label)))))),
                        .p(
                            .text(
                                "\(thrive.priority.label)"
                                    + (thrive.priorityReasons.isEmpty
                                        ? ": no element above low."
                                        : ": " + thrive.priorityReasons.joined(separator: ", ") + "."))))
                }, else: .p("No THRIVE assessment (imported from police.uk).")),
            .h2("Solvability screening"),
            .p(
                .text(
                    {
                        switch crime.screening {
                        case .screenedIn?: "Screened in" + (model.detail.screeningReason.map { ": \($0)" } ?? "")
                        case .screenedOut(let reason)?: "Screened out: \(reason)"
                        case nil: "Not screened."
                        }
                    }())),
            .if(
                !model.detail.factors.isEmpty,
                .p(.text("Factors: " + model.detail.factors.map(\.label).joined(separator: ", ")))),
            .h2("Victims and suspects"),
            .if(model.detail.people.isEmpty, .p("No one recorded.")),
            .if(
                !model.detail.people.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(
                            .tr(
                                .th("Role"), .th("Name"), .th("Date of birth"), .th("Contact"),
                                .th("Possible duplicates"))),
                        .tbody(
                            .forEach(model.detail.people) { p in
                                .tr(
                                    CrimeParts.cell("Role", .text(p.role.label)),
                                    CrimeParts.cell("Name", .text(p.person.name.description)),
                                    CrimeParts.cell(
                                        "Date of birth", .text(p.person.dateOfBirth.map(UKDate.day) ?? "Not known")),
                                    CrimeParts.cell("Contact", .text(p.person.contactPreference.label)),
                                    CrimeParts.cell(
                                        "Possible duplicates",
                                        p.possibleDuplicates == 0
                                            ? .text("None")
                                            : .span(
                                                .class("badge amber"),
                                                .text(
                                                    "\(p.possibleDuplicates) other record\(p.possibleDuplicates == 1 ? "" : "s") with this name and date of birth"
                                                ))))
                            })
                    ))),
            .if(model.canChangeStatus && crime.isAwaitingRecordingDecision, decisionForm()),
            .if(model.canChangeStatus && !crime.status.code.allowedNext.isEmpty, statusForm(crime.status.code)),
            .if(
                model.canRecordOutcome && crime.status.code != .cancelled && crime.recordingDecision?.kind == .crime,
                .p(
                    .a(
                        .class("button"), .href(Paths.crimeOutcome(model.detail.id)),
                        crime.outcome == nil ? "Record the outcome" : "Change the outcome"))),
            .h2("Timeline"),
            .if(model.detail.timeline.isEmpty && model.detail.publishedOutcomes.isEmpty, .p("Nothing recorded yet.")),
            .ol(
                .class("timeline"),
                .forEach(model.detail.timeline) { entry in
                    .li(
                        .strong(.text(CrimeParts.dateTime.string(from: entry.at))), .text(" · \(entry.kind.label) · "),
                        .text(entry.detail), .span(.class("muted"), .text(" (\(entry.actor))")))
                },
                .forEach(model.detail.publishedOutcomes) { outcome in
                    .li(
                        .strong(.text(outcome.month)),
                        .text(" · Outcome published on police.uk · \(outcome.outcome.rawValue)"))
                }
            )
        )
    }

    /// The calls the crime came from (issue 18): when each came, how long it waited, its grade and whether it was
    /// attended within the grade's standard; and, for those who may change the crime, a form to link another.
    func callsSection() -> PageContent {
        let time = DateFormatter()
        time.locale = Locale(identifier: "en_GB")
        time.timeZone = .london
        time.dateFormat = "d MMM yyyy HH:mm:ss"
        return .section(
            .id("calls"),
            .h2("Calls from the public"),
            model.calls.isEmpty
                ? .p("No call from the public is linked to this crime.")
                : .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .caption("The calls this crime came from"),
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), "Call"),
                                .th(.attribute(named: "scope", value: "col"), "Channel"),
                                .th(.attribute(named: "scope", value: "col"), "Received"),
                                .th(.attribute(named: "scope", value: "col"), "Answer"),
                                .th(.attribute(named: "scope", value: "col"), "Grade"),
                                .th(.attribute(named: "scope", value: "col"), "Attended within target"))),
                        .tbody(
                            .forEach(model.calls) { linked in
                                let call = linked.call
                                return .tr(
                                    .th(.attribute(named: "scope", value: "row"), .text(call.callID)),
                                    CrimeParts.cell("Channel", .text(call.channel.rawValue)),
                                    CrimeParts.cell("Received", .text(time.string(from: call.receivedAt))),
                                    CrimeParts.cell("Answer", .text(Self.answer(call))),
                                    CrimeParts.cell(
                                        "Grade", .text(call.grade.map { "\($0.rawValue) (\($0.name))" } ?? "—")),
                                    CrimeParts.cell("Attended within target", .text(Self.attendance(linked))))
                            }))),
            .if(
                model.canChangeStatus,
                .form(
                    .class("stack"), .method(.post), .action(Paths.crimeCalls(model.detail.id)),
                    .component(Part.csrf(model.csrf)),
                    .component(
                        Part.field(
                            "Call id", name: "call_id",
                            hint: "Link a call this crime came from, by the call-handling system's id.")),
                    .button(.type(.submit), "Link the call"))))
    }

    static func answer(_ call: CallRecord) -> String {
        if let seconds = call.answeredAfterSeconds { return "answered after \(seconds) s" }
        if let seconds = call.abandonedAfterSeconds { return "abandoned after \(seconds) s" }
        return "—"
    }

    static func attendance(_ linked: CallService.LinkedCall) -> String {
        let standards = CallStandards.standard
        switch (linked.attendedWithinStandard, linked.call.grade) {
        case (true?, .immediate?): return "Yes, within \(standards.immediateAttendMinutes) minutes"
        case (true?, _): return "Yes, within \(standards.significantAttendMinutes) minutes"
        case (false?, _): return linked.call.attendedAt == nil ? "No: not attended" : "No"
        case (nil, _): return "No target for this grade"
        }
    }

    /// The recording decision, made once: record as a crime, as an incident, or no crime (the last two with the reason).
    func decisionForm() -> PageContent {
        .form(
            .class("stack"), .method(.post), .action(Paths.crimeRecordingDecision(model.detail.id)),
            .id("recording-decision"),
            .h2("Make the recording decision"),
            .component(Part.csrf(model.csrf)),
            .fieldset(
                .class("checks"), .element(named: "legend", text: "Decision"),
                .forEach(RecordingDecisionKind.allCases) { kind in
                    .component(
                        CrimeParts.radio(
                            name: "decision", value: kind.rawValue, label: kind.label,
                            checked: model.decision.decision == kind.rawValue))
                }),
            .component(
                CrimeParts.textarea(
                    "Reason", name: "reason", value: model.decision.reason,
                    hint:
                        "Needed for an incident or no crime: why it is not a crime (for no crime, the verifiable information)."
                )),
            .button(.type(.submit), "Make the decision")
        )
    }

    func statusForm(_ current: CrimeStatus.Code) -> PageContent {
        .form(
            .class("stack"), .method(.post), .action(Paths.crimeStatus(model.detail.id)),
            .h2("Change the status"),
            .component(Part.csrf(model.csrf)),
            .component(
                Part.select(
                    "New status", name: "status", options: current.allowedNext.map { ($0.rawValue, $0.label) },
                    selected: nil)),
            .component(
                CrimeParts.textarea(
                    "Reason", name: "reason", value: "",
                    hint:
                        "Needed to screen out or cancel: a cancellation needs the verifiable information that no crime was committed."
                )),
            .button(.type(.submit), "Change status")
        )
    }

    /// When the crime was recorded, as far as it is known: police.uk publishes only the month a crime was recorded
    /// in, so an imported crime shows that month, never the first of it at midnight as if that were a time. (An
    /// imported crime is the one whose recording decision time is not known.)
    static func recorded(_ crime: Crime) -> String {
        crime.recordedAt.map { when(crime, $0) } ?? "Not yet"
    }

    /// A time on the crime: its month for a crime imported from police.uk (whose times are only the month's first
    /// day), the day and time otherwise.
    static func when(_ crime: Crime, _ date: Date) -> String {
        crime.isRecordingDecisionTimeKnown
            ? CrimeParts.dateTime.string(from: date)
            : CrimeParts.month.string(from: date) + ", as published by police.uk"
    }
}
