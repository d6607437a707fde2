import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/investigations/supervision`: a supervisor's investigations — per investigator, their open investigations,
/// overdue reviews, lines still open, overdue actions and flagged notes; then every investigation, most overdue
/// review first; then the notes flagged for possible victim-blaming language that await review. One team, or every
/// BCU the supervisor covers.
struct SupervisionPage {
    struct Model {
        var investigations: [InvestigationLine]
        var flagged: [(note: InvestigationNote, reference: String)]
        var flaggedContacts: [(contact: VictimContact, reference: String)] = []
        var victims: [Int: [VictimService.Standing]]
        var policy: SupervisionPolicy
        var team: TeamSummary?
        var scopeLabel: String
        var now: Date
        var notice: String?
        /// The teams the supervisor may choose between (the choice form lists them, then every BCU supervised).
        var teams: [TeamSummary] = []
    }

    struct Investigator: Hashable {
        var name: String
        var open = 0
        var overdueReviews = 0
        var outstandingLines = 0
        var overdueActions = 0
        var flaggedNotes = 0
        var overdueVictimContacts = 0
    }

    var model: Model

    var perInvestigator: [Investigator] {
        var byName: [String: Investigator] = [:]
        for line in model.investigations {
            let name = line.holderName ?? "Unknown"
            var entry = byName[name] ?? Investigator(name: name)
            entry.open += 1
            if line.reviewOverdue(now: model.now) { entry.overdueReviews += 1 }
            entry.outstandingLines += line.outstandingLines
            entry.overdueActions += line.overdueActions
            entry.flaggedNotes += line.flaggedNotes
            for standing in model.victims[line.crimeID] ?? [] {
                entry.overdueVictimContacts += standing.overdueNotifications(now: model.now).count
                if standing.updateOverdue(now: model.now) { entry.overdueVictimContacts += 1 }
            }
            byName[name] = entry
        }
        return byName.values.sorted { ($1.overdueReviews, $0.name) < ($0.overdueReviews, $1.name) }
    }

    /// A form (GET, no script) to see one team or every BCU supervised.
    var teamChoice: PageContent {
        guard !model.teams.isEmpty else { return .empty }
        return .form(
            .class("filters"), .method(.get), .action("/investigations/supervision"),
            .component(
                Part.select(
                    "Show", name: "team",
                    options: [("all", "Every investigator in your BCUs")]
                        + model.teams.map { (String($0.id), "\($0.name) (\($0.bcu.code))") },
                    selected: model.team.map { String($0.id) } ?? "all")),
            .button(.type(.submit), "Show"))
    }

    func render() -> PageContent {
        let overdue = model.investigations.filter { $0.reviewOverdue(now: model.now) }.count
        let title = model.team.map { "Supervision: \($0.name)" } ?? "Supervision"
        return .group(
            Part.heading(title, "Open investigations in \(model.scopeLabel), with their supervisory reviews."),
            Part.flash(model.notice),
            teamChoice,
            .dl(
                .class("facts"),
                .dt("Open investigations"), .dd(.strong(.id("open-count"), .text(String(model.investigations.count)))),
                .dt("Reviews overdue"),
                .dd(.strong(.id("overdue-count"), .class(overdue > 0 ? "red" : ""), .text(String(overdue)))),
                .dt("Notes flagged for review"),
                .dd(.strong(.text(String(model.flagged.count + model.flaggedContacts.count)))),
                .dt("Policy"),
                .dd(
                    .text(
                        "First review within \(model.policy.firstReviewDays) days of allocation, then every "
                            + "\(model.policy.reviewIntervalDays) days"))
            ),
            .section(
                .h2("Investigators"),
                .if(perInvestigator.isEmpty, .p("No officer holds an open investigation here.")),
                .if(
                    !perInvestigator.isEmpty,
                    .div(
                        .class("table-wrap"),
                        .table(
                            .class("responsive"),
                            .caption(.text("Each investigator's open investigations, most overdue reviews first")),
                            .thead(
                                .tr(
                                    .th("Investigator"), .th("Open"), .th("Reviews overdue"), .th("Lines open"),
                                    .th("Actions overdue"), .th("Victim contacts overdue"), .th("Flagged notes"))),
                            .tbody(
                                .forEach(perInvestigator) { person in
                                    .tr(
                                        CrimeParts.cell("Investigator", .text(person.name)),
                                        CrimeParts.cell("Open", .text(String(person.open))),
                                        CrimeParts.cell(
                                            "Reviews overdue",
                                            person.overdueReviews > 0
                                                ? .span(.class("badge red"), .text(String(person.overdueReviews)))
                                                : .text("0")),
                                        CrimeParts.cell("Lines open", .text(String(person.outstandingLines))),
                                        CrimeParts.cell("Actions overdue", .text(String(person.overdueActions))),
                                        CrimeParts.cell(
                                            "Victim contacts overdue",
                                            person.overdueVictimContacts > 0
                                                ? .span(
                                                    .class("badge red"), .text(String(person.overdueVictimContacts)))
                                                : .text("0")),
                                        CrimeParts.cell("Flagged notes", .text(String(person.flaggedNotes))))
                                }))))
            ),
            .section(
                .id("flagged"),
                .h2("Notes flagged for possible victim-blaming language"),
                .if(
                    model.flagged.isEmpty && model.flaggedContacts.isEmpty,
                    .p("No flagged note or contact summary awaits review.")),
                .ul(
                    .forEach(model.flagged) { item in
                        .li(
                            .a(
                                .href(Paths.investigation(item.note.crimeID, anchor: "note-\(item.note.id)")),
                                .text(item.reference)),
                            .text(
                                " · \(item.note.author) · \(CrimeParts.dateTime.string(from: item.note.writtenAt)) · "
                                    + item.note.flaggedPhrases.map { "“\($0)”" }.joined(separator: ", ")))
                    }),
                .ul(
                    .forEach(model.flaggedContacts) { item in
                        .li(
                            .a(
                                .href(Paths.victim(item.contact.crimeID, item.contact.personID)),
                                .text("\(item.reference), contact with a victim")),
                            .text(
                                " · \(item.contact.by) · \(CrimeParts.dateTime.string(from: item.contact.contactedAt)) · "
                                    + item.contact.flaggedPhrases.map { "“\($0)”" }.joined(separator: ", ")))
                    })
            ),
            .section(
                .h2("Investigations"),
                .if(
                    !model.investigations.isEmpty,
                    InvestigationParts.table(
                        Array(model.investigations.prefix(500)), now: model.now,
                        caption: "Open investigations, most overdue review first", showHolder: true)),
                .if(
                    model.investigations.count > 500,
                    .p(.class("muted"), .text("Showing the 500 most urgent of \(model.investigations.count)."))))
        )
    }
}
