import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/crimes/{id}/dash`: a crime's or domestic incident's DASH risk assessments, one per victim, and the form an officer completes at the
/// scene (phone-first: one column, each question a radio group with its notes). A supervisor's review form and the
/// unit's MARAC form sit under each completed assessment for those who hold the permission.
struct DashPage {
    struct Model {
        var dash: DashService.CrimeDash
        var now: Date
        var canRecord: Bool
        var canSupervise: Bool
        var canManage: Bool
        var typed: [String: String] = [:]
        /// What a refused form got wrong, each linked to its field (fields of the review and MARAC forms carry
        /// their form's prefix, `review-<id>-` and `marac-<id>-`, since each assessment has its own).
        var problems: [FormProblem] = []
        var csrf: String?
        var notice: String?
    }

    var model: Model

    var pending: [CrimeVictim] {
        model.dash.victims.filter { victim in !model.dash.assessments.contains { $0.personID == victim.personID } }
    }

    func render() -> PageContent {
        .group(
            Part.heading(
                "DASH risk assessment: \(model.dash.reference)",
                "Domestic abuse, stalking and harassment risk identification checklist (DASH 2009)."),
            .p(.a(.href(Paths.crime(model.dash.crimeID)), .text("Back to the \(model.dash.noun)"))),
            Part.flash(model.notice),
            Part.errorSummary(model.problems),
            .if(
                !model.dash.flags.contains(.domestic),
                .p(.text("This \(model.dash.noun) is not flagged domestic abuse, so no DASH is needed."))),
            .forEach(model.dash.assessments) { assessment(of: $0) },
            .if(
                model.canRecord && model.dash.flags.contains(.domestic) && !pending.isEmpty,
                form()),
            .if(
                model.dash.victims.isEmpty,
                .p(
                    .text(
                        "No victim is recorded on this \(model.dash.noun); record the victim before completing a DASH.")
                ))
        )
    }

    func victimName(_ personID: Int) -> String {
        model.dash.victims.first { $0.personID == personID }?.name ?? "Person \(personID)"
    }

    // MARK: - A completed assessment

    func assessment(of a: DashAssessment) -> PageContent {
        let overdue = a.supervisionOverdue(now: model.now)
        return .section(
            .id("dash-\(a.id)"), .class("stack"),
            .h2(.text("\(victimName(a.personID)): \(a.level.label) risk")),
            .dl(
                .class("facts"),
                .dt("Score"), .dd(.text("\(a.yesCount) of \(DashChecklist.count) answered yes")),
                .dt("Level from the answers"), .dd(.text(a.scoredLevel.label)),
                .dt("Level now"), .dd(.text(a.level.label)),
                .dt("Professional judgement"),
                .dd(
                    .text(
                        a.judgementLevel.map { "Raised to \($0.label.lowercased()): \(a.judgementReason ?? "")" }
                            ?? "None")),
                .dt("Completed"), .dd(.text("\(CrimeParts.dateTime.string(from: a.completedAt)) by \(a.completedBy)")),
                .dt("Supervisor review"),
                .dd(
                    .text(
                        a.firstReview.map {
                            "\($0.decision.label) on \(CrimeParts.dateTime.string(from: $0.reviewedAt)) by \($0.reviewer)"
                                + ($0.reviewedAt > a.supervisionDueAt ? " (late)" : "")
                        } ?? "Due by \(CrimeParts.dateTime.string(from: a.supervisionDueAt))"
                            + (overdue ? ": overdue" : ""))),
                .dt("MARAC"), .dd(.text(maracText(a.marac))),
                .dt("Person"), .dd(.a(.href(Paths.personSafeguarding(a.personID)), "Safeguarding history"))
            ),
            .details(
                .summary("Answers"),
                .table(
                    .thead(
                        .tr(
                            .th(.attribute(named: "scope", value: "col"), "Question"),
                            .th(.attribute(named: "scope", value: "col"), "Answer"),
                            .th(.attribute(named: "scope", value: "col"), "Notes"))),
                    .tbody(
                        .forEach(a.answers) { answer in
                            .tr(
                                .td(.text("\(answer.number). \(DashChecklist.questions[answer.number - 1].text)")),
                                .td(.text(answer.answer.label)), .td(.text(answer.notes)))
                        }))),
            .if(model.canSupervise && a.reviews.isEmpty, reviewForm(a)),
            .if(model.canManage, maracForm(a))
        )
    }

    func maracText(_ m: MaracReferral) -> String {
        let why = MaracCriterion.allCases.filter(m.criteria.contains).map { $0.label.lowercased() }
        var text = m.status.label
        if !why.isEmpty { text += " (\(why.joined(separator: ", ")))" }
        if let on = m.referredOn { text += "; referred \(on.text)" }
        if let on = m.meetingOn { text += "; heard \(on.text)" }
        return text
    }

    /// The message for a field of the page's forms, if the form was refused for it.
    func error(_ id: String) -> String? { FormProblem.message(model.problems, field: id) }

    func reviewForm(_ a: DashAssessment) -> PageContent {
        let id = { (field: String) in "review-\(a.id)-\(field)" }
        return .form(
            .class("stack"), .method(.post), .action(Paths.dashReview(a.id)),
            .h3("Supervisor review"),
            .component(Part.csrf(model.csrf)),
            .div(
                .class(error(id("decision")) == nil ? "field" : "field field-error"),
                .fieldset(
                    .element(named: "legend", text: "Decision"),
                    .component(Part.fieldError(id: id("decision"), error(id("decision")))),
                    .component(
                        CrimeParts.radio(
                            name: "decision", value: "agreed", label: "Agree the level", checked: true,
                            id: id("decision"))),
                    .component(
                        CrimeParts.radio(name: "decision", value: "changed", label: "Change the level", checked: false))
                )),
            .component(
                Part.select(
                    "New level (if changing)", name: "level",
                    options: DashRiskLevel.allCases.map { ($0.rawValue, $0.label) }, selected: a.level.rawValue,
                    id: id("level"), error: error(id("level")))),
            .component(
                CrimeParts.textarea(
                    "Comments", name: "comments", value: "", hint: "Required to change the level.", id: id("comments"),
                    error: error(id("comments")))),
            .button(.type(.submit), "Record the review"))
    }

    func maracForm(_ a: DashAssessment) -> PageContent {
        let id = { (field: String) in "marac-\(a.id)-\(field)" }
        return .form(
            .class("stack"), .method(.post), .action(Paths.dashMarac(a.id)),
            .h3("MARAC referral"),
            .component(Part.csrf(model.csrf)),
            .component(
                Part.select(
                    "Status", name: "status", options: MaracStatus.allCases.map { ($0.rawValue, $0.label) },
                    selected: a.marac.status.rawValue, id: id("status"), error: error(id("status")))),
            .component(
                Part.field(
                    "Referred on", name: "referred_on", value: a.marac.referredOn?.text ?? "", type: .date,
                    hint: "YYYY-MM-DD", id: id("referred_on"), error: error(id("referred_on")))),
            .component(
                Part.field(
                    "MARAC meeting on", name: "meeting_on", value: a.marac.meetingOn?.text ?? "", type: .date,
                    hint: "YYYY-MM-DD", id: id("meeting_on"), error: error(id("meeting_on")))),
            .component(
                CrimeParts.textarea(
                    "Notes", name: "notes", value: a.marac.notes, id: id("notes"), error: error(id("notes")))),
            .button(.type(.submit), "Save the referral"))
    }

    // MARK: - The form

    func form() -> PageContent {
        let typed = model.typed
        return .form(
            .class("stack dash-form"), .method(.post), .action(Paths.dash(model.dash.crimeID)),
            .h2("Complete a DASH"),
            .component(Part.csrf(model.csrf)),
            .component(
                Part.select(
                    "Victim", name: "person_id", options: pending.map { (String($0.personID), $0.name) },
                    selected: typed["person_id"] ?? pending.first.map { String($0.personID) },
                    error: error("person_id"))),
            .p(
                .class("hint"),
                .text(
                    "Ask every question. Answer yes, no or not known; only yes counts. (…) stands for the abuser's "
                        + "name.")),
            .forEach(DashChecklist.Section.allCases) { section in
                .fieldset(
                    .element(named: "legend", text: section.title),
                    .forEach(DashChecklist.questions.filter { $0.section == section }) {
                        .component(question($0, typed))
                    })
            },
            .fieldset(
                .element(named: "legend", text: "Professional judgement"),
                .component(
                    Part.select(
                        "Level on professional judgement", name: "judgement_level",
                        options: DashRiskLevel.allCases.map { ($0.rawValue, $0.label) },
                        selected: typed["judgement_level"], includeAny: "None: the score decides",
                        error: error("judgement_level"))),
                .component(
                    CrimeParts.textarea(
                        "Reason for the judgement", name: "judgement_reason", value: typed["judgement_reason"] ?? "",
                        hint: "Judgement may raise the level, never lower it; say why.",
                        error: error("judgement_reason"))),
                .component(
                    CrimeParts.checkbox(
                        name: "marac_on_judgement", value: "true", label: "Refer to MARAC on professional judgement",
                        checked: typed["marac_on_judgement"] == "true"))),
            .button(.type(.submit), "Complete the DASH"))
    }

    /// A question as a radio group with its notes. The first radio carries the id `q<n>`, which the error summary
    /// links to; a refused answer shows its message in the group.
    func question(_ q: DashQuestion, _ typed: [String: String]) -> PageContent {
        let name = "q\(q.number)"
        let problem = error(name)
        return .div(
            .class(problem == nil ? "field dash-question" : "field dash-question field-error"), .id("\(name)-group"),
            .fieldset(
                .attribute(named: "aria-describedby", value: problem == nil ? "" : "\(name)-error"),
                .element(named: "legend", text: "\(q.number). \(q.text)"),
                .component(Part.fieldError(id: name, problem)),
                .forEach(Array(DashAnswer.allCases.enumerated())) { index, answer in
                    .component(
                        CrimeParts.radio(
                            name: name, value: answer.code, label: answer.label,
                            checked: typed[name].flatMap(DashAnswer.init(code:)) == answer,
                            id: index == 0 ? name : nil))
                }),
            .component(
                CrimeParts.textarea(
                    "Notes on question \(q.number)", name: "\(name)_notes", value: typed["\(name)_notes"] ?? "",
                    error: error("\(name)_notes")))
        )
    }
}
