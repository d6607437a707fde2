import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/crimes/{id}/investigation/victims/{person}`: one victim's Victims' Code record on an investigation — their
/// rights (enhanced, with why, or standard), each of the 12 rights' compliance, the "tell the victim" clock of each
/// key event, the routine-update clock, the contact log, and the forms that record contacts, circumstances, the
/// needs assessment, the Victim Personal Statement and information given. Phone first: one column.
struct VictimPage {
    struct Model {
        var file: VictimService.VictimFile
        var now: Date
        var canWork: Bool
        var canSupervise = false
        var csrf: String?
        var notice: String?
        var errors: [String] = []
        var typed: [String: String] = [:]
    }

    var model: Model
    var standing: VictimService.Standing { model.file.standing }
    var investigation: InvestigationFile { model.file.investigation }
    var crimeID: Int { investigation.crimeID }
    var personID: Int { standing.victim.personID }

    func render() -> PageContent {
        .group(
            .p(
                .a(
                    .href(Paths.investigation(crimeID, anchor: "victims")),
                    .text("← Investigation of \(investigation.reference)"))),
            Part.heading(standing.victim.name, "Victim on crime \(investigation.reference): the Victims' Code record"),
            Part.flash(model.notice),
            Part.errors(model.errors),
            facts(),
            clocksSection(),
            contactSection(),
            rightsSection(),
            .if(model.canWork, careForms())
        )
    }

    func facts() -> PageContent {
        let care = standing.care
        return .dl(
            .class("facts"),
            .dt("Rights"), .dd(InvestigationParts.rights(standing)),
            .dt("Preferred contact"), .dd(.text(standing.victim.contactPreference.label)),
            .dt("Updates"),
            .dd(.text("At least every \(care.updateIntervalDays ?? VictimsCode.routineUpdateDays) days")),
            .dt("Last contact"),
            .dd(.text(standing.lastContact.map { CrimeParts.dateTime.string(from: $0) } ?? "None recorded")),
            .dt("Next update"), .dd(InvestigationParts.nextUpdate(standing, now: model.now)),
            .dt("Needs assessment"),
            .dd(
                .text(
                    care.needsAssessedAt.map {
                        "Done \(CrimeParts.dateTime.string(from: $0))"
                            + (care.referralOutcome.map { "; referral \($0.label.lowercased())" } ?? "")
                    } ?? "Not done")),
            .dt("Victim Personal Statement"),
            .dd(.text(care.statement.status.map { "\($0.label)" } ?? "Not offered"))
        )
    }

    func clocksSection() -> PageContent {
        .section(
            .id("clocks"),
            .h2("Key events to tell the victim of"),
            .if(standing.notifications.isEmpty, .p("No key event has been recorded.")),
            .if(
                !standing.notifications.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .caption(.text("Each key event and when the victim must be told")),
                        .thead(.tr(.th("Key event"), .th("Happened"), .th("Tell by"), .th("Told"))),
                        .tbody(
                            .forEach(standing.notifications) { n in
                                .tr(
                                    .class(n.isOverdue(now: model.now) ? "overdue" : ""),
                                    CrimeParts.cell("Key event", .text(n.event.label)),
                                    CrimeParts.cell("Happened", .text(CrimeParts.dateTime.string(from: n.occurredAt))),
                                    CrimeParts.cell(
                                        "Tell by",
                                        .text(
                                            InvestigationParts.day(n.dueOn)
                                                + (n.enhanced ? " (1 working day)" : " (5 working days)"))),
                                    CrimeParts.cell("Told", told(n)))
                            }))))
        )
    }

    func told(_ n: VictimNotification) -> PageContent {
        if n.optedOut { return .text("Not applicable: the victim asked not to be contacted") }
        if let at = n.toldAt {
            let late = (n.toldInTime ?? true) ? "" : " (late)"
            return .text("\(CrimeParts.dateTime.string(from: at))\(late)")
        }
        return n.isOverdue(now: model.now) ? .span(.class("badge red"), .text("Overdue")) : .text("Not yet")
    }

    func contactSection() -> PageContent {
        let outstanding = standing.notifications.filter(\.isOutstanding)
        return .section(
            .id("contacts"),
            .h2("Contact log"),
            .if(model.file.contacts.isEmpty, .p("No contact has been logged.")),
            .ol(
                .class("log"),
                .forEach(model.file.contacts.reversed()) { contact in
                    .li(
                        .p(
                            .strong(.text(CrimeParts.dateTime.string(from: contact.contactedAt))),
                            .text(" · \(contact.method.label) · \(contact.by)"),
                            .if(
                                contact.contactedAt > contact.updateDueAt,
                                .span(.class("badge red"), .text("Update late")))),
                        .p(
                            .class("note"),
                            InvestigationParts.highlighted(contact.summary, phrases: contact.flaggedPhrases)),
                        .if(!contact.flaggedPhrases.isEmpty, contactFlag(contact)))
                }),
            .if(
                model.canWork,
                .form(
                    .class("stack"), .method(.post), .action(Paths.victim(crimeID, personID, part: "contacts")),
                    .h3("Log a contact"),
                    .component(Part.csrf(model.csrf)),
                    .component(
                        Part.select(
                            "How", name: "method", options: ContactPreference.methods.map { ($0.rawValue, $0.label) },
                            selected: model.typed["method"]
                                ?? (standing.victim.contactPreference == .noContact
                                    ? nil : standing.victim.contactPreference.rawValue))),
                    .component(
                        Part.field(
                            "When (London time)", name: "contacted_at", value: model.typed["contacted_at"] ?? "",
                            type: .datetimeLocal, hint: "Leave empty for now.")),
                    .component(
                        CrimeParts.textarea("What was said", name: "summary", value: model.typed["summary"] ?? "")),
                    .if(
                        !outstanding.isEmpty,
                        .fieldset(
                            .class("checks"), .element(named: "legend", text: "Key events told in this contact"),
                            .forEach(outstanding) { n in
                                .component(
                                    CrimeParts.checkbox(
                                        name: "told[]", value: String(n.id),
                                        label: "\(n.event.label), \(CrimeParts.dateTime.string(from: n.occurredAt))",
                                        checked: false))
                            })),
                    .button(.type(.submit), "Log contact")))
        )
    }

    func contactFlag(_ contact: VictimContact) -> PageContent {
        .div(
            .class(contact.awaitsFlagReview ? "flash error" : "muted"),
            .text(
                "Possible victim-blaming language: " + contact.flaggedPhrases.map { "“\($0)”" }.joined(separator: ", ")
                    + ". "),
            .if(
                !contact.awaitsFlagReview,
                .text("Reviewed by \(contact.flagReviewedBy ?? "a supervisor").")),
            .if(
                contact.awaitsFlagReview && model.canSupervise,
                .form(
                    .class("inline"), .method(.post),
                    .action(Paths.victim(crimeID, personID, part: "contacts/\(contact.id)/flag-reviewed")),
                    .component(Part.csrf(model.csrf)), .button(.type(.submit), "Mark reviewed"))),
            .if(contact.awaitsFlagReview && !model.canSupervise, .text("Awaiting the supervisor's review.")))
    }

    func rightsSection() -> PageContent {
        .section(
            .id("rights"),
            .h2("The Code's 12 rights"),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    .caption(.text("Each right, whether it is met, and why")),
                    .thead(.tr(.th("Right"), .th("Status"), .th("Why"))),
                    .tbody(
                        .forEach(model.file.rights) { compliance in
                            .tr(
                                CrimeParts.cell(
                                    "Right", .text("\(compliance.right.rawValue). \(compliance.right.title)")),
                                CrimeParts.cell("Status", Self.status(compliance.status)),
                                CrimeParts.cell("Why", .text(compliance.why)))
                        })))
        )
    }

    static func status(_ status: RightStatus) -> PageContent {
        switch status {
        case .met: .span(.class("badge"), .text("Met"))
        case .due: .span(.class("badge amber"), .text("Due"))
        case .overdue: .span(.class("badge red"), .text("Overdue"))
        case .notApplicable: .span(.class("muted"), .text("Not applicable"))
        }
    }

    func careForms() -> PageContent {
        let care = standing.care
        let c = care.circumstances
        let missing = VictimInformation.allCases.filter { care.information[$0] == nil }
        return .group(
            .form(
                .class("stack"), .id("care"), .method(.post), .action(Paths.victim(crimeID, personID, part: "care")),
                .h2("Circumstances and contact"),
                .component(Part.csrf(model.csrf)),
                .fieldset(
                    .class("checks"), .element(named: "legend", text: "Circumstances (they decide enhanced rights)"),
                    .component(
                        CrimeParts.checkbox(
                            name: "circumstance[]", value: "bereaved", label: "Bereaved close relative",
                            checked: c.bereavedCloseRelative)),
                    .component(
                        CrimeParts.checkbox(
                            name: "circumstance[]", value: "persistently_targeted", label: "Persistently targeted",
                            checked: c.persistentlyTargeted)),
                    .component(
                        CrimeParts.checkbox(
                            name: "circumstance[]", value: "vulnerable", label: "Vulnerable", checked: c.vulnerable)),
                    .component(
                        CrimeParts.checkbox(
                            name: "circumstance[]", value: "intimidated", label: "Intimidated", checked: c.intimidated)),
                    .component(
                        CrimeParts.checkbox(
                            name: "circumstance[]", value: "under_18", label: "Under 18", checked: c.under18)),
                    .component(
                        CrimeParts.checkbox(
                            name: "circumstance[]", value: "most_serious",
                            label: "Victim of the most serious crime (attempted murder, terrorism, trafficking …)",
                            checked: c.otherMostSeriousCrime))),
                .component(
                    Part.select(
                        "Preferred contact", name: "preferred_contact",
                        options: ContactPreference.allCases.map { ($0.rawValue, $0.label) },
                        selected: standing.victim.contactPreference.rawValue)),
                .component(
                    Part.field(
                        "Updates every (days)", name: "update_interval_days",
                        value: care.updateIntervalDays.map(String.init) ?? "", type: .number,
                        hint: "As agreed with the victim; leave empty for the Code's 28 days.")),
                .button(.type(.submit), "Save")),
            .form(
                .class("stack"), .id("needs"), .method(.post), .action(Paths.victim(crimeID, personID, part: "needs")),
                .h2("Needs assessment"),
                .component(Part.csrf(model.csrf)),
                .component(
                    CrimeParts.textarea("Needs", name: "needs", value: model.typed["needs"] ?? care.needs ?? "")),
                .component(
                    Part.select(
                        "Referral to support services", name: "referral",
                        options: NeedsReferralOutcome.allCases.map { ($0.rawValue, $0.label) },
                        selected: care.referralOutcome?.rawValue)),
                .button(.type(.submit), "Record needs assessment")),
            .form(
                .class("stack"), .id("statement"), .method(.post),
                .action(Paths.victim(crimeID, personID, part: "statement")),
                .h2("Victim Personal Statement"),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "What happened today", name: "statement",
                        options: VPSStatus.allCases.map { ($0.rawValue, $0.label) }, selected: nil)),
                .button(.type(.submit), "Record")),
            .if(
                !missing.isEmpty,
                .form(
                    .class("stack"), .id("information"), .method(.post),
                    .action(Paths.victim(crimeID, personID, part: "information")),
                    .h2("Information given"),
                    .component(Part.csrf(model.csrf)),
                    .fieldset(
                        .class("checks"), .element(named: "legend", text: "Given to the victim today"),
                        .forEach(missing) { item in
                            .component(
                                CrimeParts.checkbox(
                                    name: "information[]", value: item.rawValue, label: item.label, checked: false))
                        }),
                    .button(.type(.submit), "Record")))
        )
    }
}
