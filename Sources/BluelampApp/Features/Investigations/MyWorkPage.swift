import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/investigations`: an investigator's work on a phone as well as a desktop — the investigations they hold, each
/// with its next review and the state of its plan, most urgent review first, and the actions they own, overdue
/// first.
struct MyWorkPage {
    struct Model {
        var investigations: [InvestigationLine]
        var actions: [InvestigationAction]
        var references: [Int: String]
        var victims: [Int: [VictimService.Standing]]
        var policy: SupervisionPolicy
        var now: Date
    }

    var model: Model

    func render() -> PageContent {
        let overdueReviews = model.investigations.filter { $0.reviewOverdue(now: model.now) }.count
        let overdueActions = model.actions.filter { $0.isOverdue(now: model.now) }.count
        let noPlan = model.investigations.filter { $0.lines == 0 }.count
        return .group(
            Part.heading("My work", "The investigations you hold and the actions you own."),
            .dl(
                .class("facts"),
                .dt("Investigations"),
                .dd(.strong(.id("investigation-count"), .text(String(model.investigations.count)))),
                .dt("Reviews overdue"),
                .dd(
                    .strong(
                        .class(overdueReviews > 0 ? "red" : ""),
                        .text(overdueReviews == 0 ? "None" : String(overdueReviews)))),
                .dt("Actions overdue"),
                .dd(
                    .strong(
                        .class(overdueActions > 0 ? "red" : ""),
                        .text(overdueActions == 0 ? "None" : String(overdueActions)))),
                .dt("Without a line of enquiry"), .dd(.text(noPlan == 0 ? "None" : String(noPlan)))
            ),
            victimsSection(),
            actionsSection(),
            .section(
                .h2("Investigations"),
                .p(
                    .class("muted"),
                    .text(
                        "Reviews fall due \(model.policy.firstReviewDays) days after allocation, then at most every "
                            + "\(model.policy.reviewIntervalDays) days.")),
                .if(model.investigations.isEmpty, .p("You hold no open investigation.")),
                .if(
                    !model.investigations.isEmpty,
                    InvestigationParts.table(
                        model.investigations, now: model.now, caption: "Your investigations, most urgent review first",
                        showHolder: false)))
        )
    }
}

extension MyWorkPage {
    /// A contact a victim is owed: a key event to tell them of, or a routine update.
    struct Contact {
        var crimeID: Int
        var personID: Int
        var victim: String
        var what: String
        var due: Date
    }

    /// Every key event not yet told (each falls due within days), and routine updates due by the end of tomorrow
    /// (London) or overdue; soonest first.
    var contactsDue: [Contact] {
        let horizon = SupervisionPolicy.endOfDay(
            CalendarDay(containing: model.now.addingTimeInterval(86_400), in: .london))
        var due: [Contact] = []
        for (crimeID, standings) in model.victims {
            for standing in standings {
                for n in standing.notifications where n.isOutstanding {
                    due.append(
                        Contact(
                            crimeID: crimeID, personID: standing.victim.personID, victim: standing.victim.name,
                            what: "Tell them: \(n.event.label.lowercased())", due: n.dueBy))
                }
                if let next = standing.nextUpdateDue, next <= horizon {
                    due.append(
                        Contact(
                            crimeID: crimeID, personID: standing.victim.personID, victim: standing.victim.name,
                            what: "Routine update", due: next))
                }
            }
        }
        return due.sorted { ($0.due, $0.crimeID) < ($1.due, $1.crimeID) }
    }

    func victimsSection() -> PageContent {
        let due = contactsDue
        return .section(
            .id("victim-contacts"),
            .h2("Victim contacts due"),
            .if(due.isEmpty, .p("No key event is waiting to be told and no update is due by tomorrow.")),
            .if(
                !due.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .caption(.text("Key events to tell and updates due by tomorrow, overdue first")),
                        .thead(.tr(.th("Due"), .th("Victim"), .th("What"), .th("Crime"))),
                        .tbody(
                            .forEach(due) { contact in
                                let overdue = contact.due < model.now
                                return .tr(
                                    .class(overdue ? "overdue" : ""),
                                    CrimeParts.cell(
                                        "Due",
                                        overdue
                                            ? .span(
                                                .class("badge red"),
                                                .text("Overdue since \(CrimeParts.dateTime.string(from: contact.due))"))
                                            : .text(CrimeParts.dateTime.string(from: contact.due))),
                                    CrimeParts.cell(
                                        "Victim",
                                        .a(
                                            .href(Paths.victim(contact.crimeID, contact.personID)),
                                            .text(contact.victim))),
                                    CrimeParts.cell("What", .text(contact.what)),
                                    CrimeParts.cell(
                                        "Crime", .text(model.references[contact.crimeID] ?? "Crime \(contact.crimeID)"))
                                )
                            }))))
        )
    }

    func actionsSection() -> PageContent {
        .section(
            .h2("Actions"),
            .if(model.actions.isEmpty, .p("You own no open action.")),
            .if(
                !model.actions.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .caption(.text("Your open actions, soonest due first")),
                        .thead(.tr(.th("Due by"), .th("Action"), .th("Crime"))),
                        .tbody(.forEach(model.actions) { action in actionRow(action) }))))
        )
    }

    func actionRow(_ action: InvestigationAction) -> Node<HTML.TableContext> {
        let overdue = action.isOverdue(now: model.now)
        let due = InvestigationParts.day(action.dueOn)
        let reference = model.references[action.crimeID] ?? "Crime \(action.crimeID)"
        return .tr(
            .class(overdue ? "overdue" : ""),
            CrimeParts.cell(
                "Due by", overdue ? .span(.class("badge red"), .text("Overdue: \(due)")) : .text(due)),
            CrimeParts.cell("Action", .text(action.description)),
            CrimeParts.cell(
                "Crime", .a(.href(Paths.investigation(action.crimeID, anchor: "actions")), .text(reference)))
        )
    }
}

extension InvestigationParts {
    /// Open investigations as a table (cards on a phone): the crime, its review standing and its plan.
    static func table(_ lines: [InvestigationLine], now: Date, caption: String, showHolder: Bool) -> PageContent {
        .div(
            .class("table-wrap"),
            .table(
                .class("responsive"),
                .caption(.text(caption)),
                .thead(
                    .tr(
                        .th("Crime"), .th("Offence"), .if(showHolder, .th("Investigator")), .th("Review"),
                        .th("Lines of enquiry"), .th("Actions"), .th("Flagged notes"))),
                .tbody(
                    .forEach(lines) { line in
                        let overdue = line.reviewOverdue(now: now)
                        return .tr(
                            .class(overdue ? "overdue" : ""),
                            CrimeParts.cell(
                                "Crime", .a(.href(Paths.investigation(line.crimeID)), .text(line.reference))),
                            CrimeParts.cell(
                                "Offence", .text("\(line.category?.name ?? "Crime"): \(line.offenceDescription)")),
                            .if(showHolder, CrimeParts.cell("Investigator", .text(line.holderName ?? "—"))),
                            CrimeParts.cell(
                                "Review",
                                overdue
                                    ? .span(
                                        .class("badge red"),
                                        .text("Overdue since \(CrimeParts.dateTime.string(from: line.reviewDueAt))"))
                                    : .text("Due by \(CrimeParts.dateTime.string(from: line.reviewDueAt))")),
                            CrimeParts.cell(
                                "Lines of enquiry",
                                line.lines == 0
                                    ? .span(.class("badge amber"), .text("None recorded"))
                                    : .text("\(line.outstandingLines) open of \(line.lines)")),
                            CrimeParts.cell(
                                "Actions",
                                .text(
                                    line.openActions == 0
                                        ? "None open"
                                        : "\(line.openActions) open"
                                            + (line.overdueActions > 0 ? ", \(line.overdueActions) overdue" : ""))),
                            CrimeParts.cell(
                                "Flagged notes",
                                line.flaggedNotes == 0
                                    ? .text("None")
                                    : .span(.class("badge red"), .text("\(line.flaggedNotes) to review")))
                        )
                    })))
    }
}
