import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/crimes/{id}/investigation`: the investigation of one crime — where its supervisory review stands, the lines of
/// enquiry with their status and result, the actions with owner and due day, the supervisors' reviews, and the
/// investigation log (append-only, with victim-blaming phrasings flagged for the supervisor). Investigators add to
/// the plan and the log; supervisors review, look at flagged notes and close. Works on a phone: one column of
/// sections, each table stacking into cards.
struct InvestigationPage {
    struct Model {
        var file: InvestigationFile
        var policy: SupervisionPolicy
        var reviewDue: Date?
        var now: Date
        var canWork: Bool
        var canSupervise: Bool
        var owners: [(id: Int, name: String)]
        var victims: [VictimService.Standing] = []
        var errors: [String] = []
        var notice: String?
        var csrf: String?
        /// What the person typed into the form that failed, to show it again.
        var typed: [String: String] = [:]
    }

    var model: Model

    var file: InvestigationFile { model.file }
    var open: Bool { file.isOpen && file.firstAllocatedAt != nil }

    func render() -> PageContent {
        .group(
            .p(.a(.href(Paths.crime(file.crimeID)), .text("← Crime \(file.reference)"))),
            Part.heading(
                "Investigation of \(file.reference)",
                "\(file.category?.name ?? "Crime"): \(file.offenceDescription)"),
            Part.flash(model.notice),
            Part.errors(model.errors),
            facts(),
            victimsSection(),
            linesSection(),
            actionsSection(),
            reviewsSection(),
            logSection(),
            .if(model.canSupervise && file.status == .awaitingSupervisor, closeSection())
        )
    }

    func facts() -> PageContent {
        .dl(
            .class("facts"),
            .dt("Status"), .dd(CrimeParts.statusBadge(file.status)),
            .dt("Investigator"), .dd(.text(file.holderName ?? "Not allocated")),
            .dt("BCU"), .dd(.text(file.bcu.map { "\($0.name) (\($0.code))" } ?? "Outside the force's BCUs")),
            .dt("Allocated"),
            .dd(.text(file.firstAllocatedAt.map { CrimeParts.dateTime.string(from: $0) } ?? "Not yet")),
            .dt("Next supervisory review"), .dd(reviewStanding()),
            .dt("Lines of enquiry"),
            .dd(
                .text(
                    file.lines.isEmpty
                        ? "None recorded"
                        : "\(file.lines.count) recorded, \(file.outstandingLines.count) still open"))
        )
    }

    func reviewStanding() -> PageContent {
        guard let due = model.reviewDue else {
            return .text(open ? "—" : "None: the investigation is not open")
        }
        let first = file.reviews.isEmpty ? "First review" : "Review"
        if due < model.now {
            return .span(
                .class("badge red"),
                .text("\(first) overdue since \(CrimeParts.dateTime.string(from: due))"))
        }
        return .text("\(first) due by \(CrimeParts.dateTime.string(from: due))")
    }

    // MARK: - Victims

    func victimsSection() -> PageContent {
        .section(
            .id("victims"),
            .h2("Victims"),
            .if(model.victims.isEmpty, .p("No victim is recorded on this crime.")),
            .if(
                !model.victims.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .caption(.text("Victims and their Victims' Code clocks")),
                        .thead(.tr(.th("Victim"), .th("Rights"), .th("Key events to tell"), .th("Next update"))),
                        .tbody(.forEach(model.victims) { standing in victimRow(standing) })))),
            .if(model.canWork && open && !model.victims.isEmpty, keyEventForm())
        )
    }

    func victimRow(_ standing: VictimService.Standing) -> Node<HTML.TableContext> {
        let overdue = standing.overdueNotifications(now: model.now).count
        let outstanding = standing.notifications.filter(\.isOutstanding).count
        return .tr(
            .class(overdue > 0 || standing.updateOverdue(now: model.now) ? "overdue" : ""),
            CrimeParts.cell(
                "Victim",
                .a(.href(Paths.victim(file.crimeID, standing.victim.personID)), .text(standing.victim.name))),
            CrimeParts.cell("Rights", InvestigationParts.rights(standing)),
            CrimeParts.cell(
                "Key events to tell",
                overdue > 0
                    ? .span(.class("badge red"), .text("\(overdue) overdue"))
                    : .text(outstanding == 0 ? "None outstanding" : "\(outstanding) due")),
            CrimeParts.cell("Next update", InvestigationParts.nextUpdate(standing, now: model.now))
        )
    }

    func keyEventForm() -> PageContent {
        .form(
            .class("stack"), .method(.post), .action(Paths.keyEvents(file.crimeID)),
            .h3("Record a key event"),
            .p(
                .class("hint"),
                .text(
                    "Each victim must be told within 1 working day (enhanced rights) or 5 working days (standard).")),
            .component(Part.csrf(model.csrf)),
            .component(
                Part.select(
                    "Key event", name: "event", options: VictimKeyEvent.allCases.map { ($0.rawValue, $0.label) },
                    selected: model.typed["event"])),
            .component(
                Part.field(
                    "When (London time)", name: "occurred_at", value: model.typed["occurred_at"] ?? "",
                    type: .datetimeLocal, required: true)),
            .button(.type(.submit), "Record key event")
        )
    }

    // MARK: - Lines of enquiry

    func linesSection() -> PageContent {
        .section(
            .id("lines"),
            .h2("Lines of enquiry"),
            .if(file.lines.isEmpty, .p("No line of enquiry has been recorded.")),
            .if(
                !file.lines.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .caption(.text("Lines of enquiry, in the order they were recorded")),
                        .thead(.tr(.th("Kind"), .th("What"), .th("Status"), .th("Result"), .th("Change"))),
                        .tbody(.forEach(file.lines) { line in lineRow(line) })))),
            .if(model.canWork && open, addLineForm())
        )
    }

    func lineRow(_ line: LineOfEnquiry) -> Node<HTML.TableContext> {
        .tr(
            CrimeParts.cell("Kind", .text(line.kind.label)),
            CrimeParts.cell("What", .text(line.description)),
            CrimeParts.cell(
                "Status",
                .span(.class(line.status.isOutstanding ? "badge amber" : "badge"), .text(line.status.label))),
            CrimeParts.cell(
                "Result",
                .group(
                    .text(line.result ?? "—"),
                    .unwrap(line.writtenOffReason) {
                        .group(.br(), .span(.class("muted"), .text("Written off by the supervisor: \($0)")))
                    })),
            CrimeParts.cell(
                "Change",
                model.canWork && open
                    ? .form(
                        .class("inline"), .method(.post), .action(Paths.lineOfEnquiry(file.crimeID, line.id)),
                        .component(Part.csrf(model.csrf)),
                        .component(
                            Part.select(
                                "New status", name: "status-\(line.id)",
                                options: LineOfEnquiryStatus.allCases.filter { $0 != line.status }.map {
                                    ($0.rawValue, $0.label)
                                }, selected: nil)),
                        .component(Part.field("Result or reason", name: "result-\(line.id)")),
                        .button(.type(.submit), "Update"))
                    : .text("—"))
        )
    }

    func addLineForm() -> PageContent {
        .form(
            .class("stack"), .method(.post), .action(Paths.investigationLines(file.crimeID)),
            .h3("Add a line of enquiry"),
            .component(Part.csrf(model.csrf)),
            .component(
                Part.select(
                    "Kind", name: "kind", options: LineOfEnquiryKind.allCases.map { ($0.rawValue, $0.label) },
                    selected: model.typed["kind"])),
            .component(
                CrimeParts.textarea(
                    "What is to be done, and why", name: "description", value: model.typed["description"] ?? "")),
            .button(.type(.submit), "Add line of enquiry")
        )
    }

    // MARK: - Actions

    func actionsSection() -> PageContent {
        .section(
            .id("actions"),
            .h2("Actions"),
            .if(file.actions.isEmpty, .p("No action has been set.")),
            .if(
                !file.actions.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .caption(.text("Actions, soonest due first")),
                        .thead(.tr(.th("Action"), .th("Owner"), .th("Due by"), .th("Done"))),
                        .tbody(.forEach(file.actions) { action in actionRow(action) })))),
            .if(model.canWork && open && !model.owners.isEmpty, addActionForm())
        )
    }

    func actionRow(_ action: InvestigationAction) -> Node<HTML.TableContext> {
        let overdue = action.isOverdue(now: model.now)
        return .tr(
            .class(overdue ? "overdue" : ""),
            CrimeParts.cell("Action", .text(action.description)),
            CrimeParts.cell("Owner", .text(action.ownerName)),
            CrimeParts.cell(
                "Due by",
                overdue
                    ? .span(.class("badge red"), .text("Overdue: due \(InvestigationParts.day(action.dueOn))"))
                    : .text(InvestigationParts.day(action.dueOn))),
            CrimeParts.cell(
                "Done",
                action.doneAt.map { done in
                    let late = done > SupervisionPolicy.endOfDay(action.dueOn)
                    return .group(
                        .text(CrimeParts.dateTime.string(from: done)),
                        .if(late, .group(.text(" "), .span(.class("badge red"), .text("Late")))))
                }
                    ?? (model.canWork && open
                        ? .form(
                            .class("inline"), .method(.post), .action(Paths.completeAction(file.crimeID, action.id)),
                            .component(Part.csrf(model.csrf)), .button(.type(.submit), "Mark done"))
                        : .text("Not yet")))
        )
    }

    func addActionForm() -> PageContent {
        .form(
            .class("stack"), .method(.post), .action(Paths.investigationActions(file.crimeID)),
            .h3("Set an action"),
            .component(Part.csrf(model.csrf)),
            .component(
                Part.field("Action", name: "action_description", value: model.typed["action_description"] ?? "")),
            .component(
                Part.select(
                    "Owner", name: "owner_officer_id", options: model.owners.map { (String($0.id), $0.name) },
                    selected: model.typed["owner_officer_id"])),
            .component(
                Part.field(
                    "Due by", name: "due_on", value: model.typed["due_on"] ?? "", type: .date, required: true,
                    hint: "The day it is due.")),
            .button(.type(.submit), "Set action")
        )
    }

    // MARK: - Reviews

    func reviewsSection() -> PageContent {
        .section(
            .id("reviews"),
            .h2("Supervisory reviews"),
            .p(
                .class("muted"),
                .text(
                    "The force's policy: the first review within \(model.policy.firstReviewDays) days of allocation, "
                        + "then at most every \(model.policy.reviewIntervalDays) days while the investigation is open.")
            ),
            .if(file.reviews.isEmpty, .p("No supervisor has reviewed this investigation.")),
            .ol(
                .class("log"),
                .forEach(file.reviews.reversed()) { review in
                    .li(
                        .p(
                            .strong(.text(CrimeParts.dateTime.string(from: review.reviewedAt))),
                            .text(" · \(review.reviewer) · "),
                            .span(
                                .class(review.onTime ? "badge" : "badge red"),
                                .text(
                                    review.onTime
                                        ? "On time" : "Late (due \(CrimeParts.dateTime.string(from: review.dueAt)))"))),
                        .p(.text(review.direction)),
                        .unwrap(review.nextReviewOn) {
                            .p(.class("muted"), .text("Next review by \(InvestigationParts.day($0))"))
                        })
                }),
            .if(model.canSupervise && open, reviewForm())
        )
    }

    func reviewForm() -> PageContent {
        .form(
            .class("stack"), .method(.post), .action(Paths.investigationReviews(file.crimeID)),
            .h3("Record a review"),
            .component(Part.csrf(model.csrf)),
            .component(
                CrimeParts.textarea(
                    "Direction given", name: "direction", value: model.typed["direction"] ?? "",
                    hint: "What the investigator is to do next, and by when.")),
            .component(
                Part.field(
                    "Next review by", name: "next_review_on", value: model.typed["next_review_on"] ?? "", type: .date,
                    hint:
                        "Leave empty for the latest the policy allows (\(model.policy.reviewIntervalDays) days from today)."
                )),
            .button(.type(.submit), "Record review")
        )
    }

    // MARK: - The log

    func logSection() -> PageContent {
        .section(
            .id("log"),
            .h2("Investigation log"),
            .p(.class("muted"), "Entries are never changed or removed: a later entry corrects an earlier one."),
            .if(file.notes.isEmpty, .p("Nothing has been written in the log.")),
            .ol(
                .class("log"),
                .forEach(file.notes.reversed()) { note in noteItem(note) }),
            .if(
                model.canWork && open,
                .form(
                    .class("stack"), .method(.post), .action(Paths.investigationNotes(file.crimeID)),
                    .h3("Add to the log"),
                    .component(Part.csrf(model.csrf)),
                    .component(CrimeParts.textarea("Note", name: "text", value: model.typed["text"] ?? "")),
                    .button(.type(.submit), "Add note")))
        )
    }

    func noteItem(_ note: InvestigationNote) -> Node<HTML.ListContext> {
        .li(
            .id("note-\(note.id)"),
            .p(
                .strong(.text(CrimeParts.dateTime.string(from: note.writtenAt))),
                .text(" · \(note.author)")),
            .p(.class("note"), InvestigationParts.highlighted(note.text, phrases: note.flaggedPhrases)),
            .if(
                !note.flaggedPhrases.isEmpty,
                .div(
                    .class(note.awaitsFlagReview ? "flash error" : "muted"),
                    .text(
                        "Possible victim-blaming language: "
                            + note.flaggedPhrases.map { "“\($0)”" }.joined(separator: ", ") + ". "),
                    .if(
                        !note.awaitsFlagReview,
                        .text(
                            "Reviewed by \(note.flagReviewedBy ?? "a supervisor")"
                                + (note.flagReviewedAt.map { " on " + CrimeParts.dateTime.string(from: $0) } ?? "")
                                + ".")),
                    .if(
                        note.awaitsFlagReview && model.canSupervise,
                        .form(
                            .class("inline"), .method(.post), .action(Paths.reviewNoteFlag(file.crimeID, note.id)),
                            .component(Part.csrf(model.csrf)),
                            .button(.type(.submit), "Mark reviewed"))),
                    .if(note.awaitsFlagReview && !model.canSupervise, .text("Awaiting the supervisor's review.")))))
    }

    // MARK: - Closing

    func closeSection() -> PageContent {
        let outstanding = file.outstandingLines.count
        return .section(
            .id("close"),
            .h2("Close the investigation"),
            .p(
                .text(
                    outstanding == 0
                        ? "The outcome is recorded and every line of enquiry is complete."
                        : "\(outstanding) line\(outstanding == 1 ? " of enquiry is" : "s of enquiry are") still open: "
                            + "they are written off with the reason you give, or complete them first.")),
            .form(
                .class("stack"), .method(.post), .action(Paths.closeInvestigation(file.crimeID)),
                .component(Part.csrf(model.csrf)),
                .component(CrimeParts.textarea("Closing note", name: "note", value: model.typed["note"] ?? "")),
                .if(
                    outstanding > 0,
                    .component(
                        CrimeParts.textarea(
                            "Write-off reason", name: "write_off_reason", value: model.typed["write_off_reason"] ?? "",
                            hint: "Why the open lines of enquiry will not be pursued."))),
                .button(.type(.submit), "Close investigation"))
        )
    }
}

/// What the investigation pages share.
enum InvestigationParts {
    /// Enhanced rights with the reasons, or standard.
    static func rights(_ standing: VictimService.Standing) -> PageContent {
        standing.enhanced
            ? .group(
                .span(.class("badge amber"), .text("Enhanced")), .text(" "),
                .text(standing.enhancedReasons.map(\.label).joined(separator: "; ")))
            : .text("Standard")
    }

    /// When the next routine update is due, in words and in red once it has passed.
    static func nextUpdate(_ standing: VictimService.Standing, now: Date) -> PageContent {
        if standing.victim.contactPreference == .noContact { return .text("The victim asked not to be contacted") }
        guard let due = standing.nextUpdateDue else { return .text("—") }
        return due < now
            ? .span(.class("badge red"), .text("Overdue since \(CrimeParts.dateTime.string(from: due))"))
            : .text("By \(CrimeParts.dateTime.string(from: due))")
    }

    static func day(_ day: CalendarDay) -> String { CrimeParts.date.string(from: day.start) }

    /// The text with each phrase found marked (`<mark>`), so a supervisor sees exactly what was flagged.
    static func highlighted(_ text: String, phrases: [String]) -> PageContent {
        guard !phrases.isEmpty else { return .text(text) }
        var parts: [PageContent] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let next = phrases.compactMap { phrase in
                rest.range(of: phrase, options: [.caseInsensitive]).map { (range: $0, phrase: phrase) }
            }.min { $0.range.lowerBound < $1.range.lowerBound }
            guard let next else {
                parts.append(.text(String(rest)))
                break
            }
            parts.append(.text(String(rest[rest.startIndex..<next.range.lowerBound])))
            parts.append(.element(named: "mark", nodes: [.text(String(rest[next.range]))]))
            rest = rest[next.range.upperBound...]
        }
        return .group(parts)
    }
}
