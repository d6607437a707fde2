import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/safeguarding/missing/new`: report a person missing, from a phone at the scene — one column, each field
/// labelled, the risk graded with its reasons.
struct MissingReportPage {
    struct Model {
        var bcus: [BCU]
        var errors: [String] = []
        var csrf: String?
        var typed: [String: String] = [:]
    }

    var model: Model

    func render() -> PageContent {
        let typed = model.typed
        return .group(
            .p(.a(.href(Paths.missingPeople()), "← Missing people")),
            Part.heading("Report a person missing", "Give their record number if they have one, or their name."),
            Part.errors(model.errors),
            .form(
                .class("stack phone"), .method(.post), .action(Paths.reportMissing),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "BCU", name: "bcu", options: model.bcus.map { ($0.code, "\($0.name) (\($0.code))") },
                        selected: typed["bcu"] ?? model.bcus.first?.code)),
                .component(
                    Part.field(
                        "Person's record number", name: "person_id", value: typed["person_id"] ?? "", type: .number,
                        hint: "Leave empty for a person with no record and give their name")),
                .component(
                    Part.field(
                        "Given name", name: "given_name", value: typed["given_name"] ?? "", autocomplete: "off")),
                .component(
                    Part.field(
                        "Family name", name: "family_name", value: typed["family_name"] ?? "", autocomplete: "off")),
                .component(
                    Part.field(
                        "Date of birth", name: "date_of_birth", value: typed["date_of_birth"] ?? "", type: .date,
                        hint: "Needed for a new person: it decides whether a return home interview is due")),
                .component(
                    ProtectionOrderParts.timeField("Reported at", name: "reported_at", value: typed["reported_at"])),
                .component(
                    ProtectionOrderParts.timeField(
                        "Last seen at", name: "last_seen_at", value: typed["last_seen_at"],
                        hint: "If known; London time")),
                .component(
                    CrimeParts.textarea(
                        "Circumstances", name: "circumstances", value: typed["circumstances"] ?? "",
                        hint: "Where and when they were last seen, and why there is concern")),
                .component(
                    Part.select(
                        "Risk", name: "risk_grade", options: MissingRiskGrade.allCases.map { ($0.rawValue, $0.label) },
                        selected: typed["risk_grade"])),
                .component(
                    CrimeParts.textarea(
                        "Reasons for the grading", name: "risk_reason", value: typed["risk_reason"] ?? "")),
                .component(ProtectionOrderParts.submitButton("Report missing"))))
    }
}

/// `/safeguarding/missing/{id}`: one missing episode — the person, the risk and its review log, found and returned,
/// a child's return home interview (due within 72 hours of return), exploitation indicators and the safeguarding
/// referral — with a form for each step.
struct MissingEpisodePage {
    struct Model {
        var file: MissingPersonService.EpisodeFile
        var now: Date
        var canRecord: Bool
        var canManage: Bool
        var errors: [String] = []
        var notice: String?
        var csrf: String?
        var typed: [String: String] = [:]
    }

    var model: Model
    var episode: MissingEpisode { model.file.episode }

    func typed(_ form: String, _ field: String) -> String? {
        model.typed["form"] == form ? model.typed[field] : nil
    }

    func render() -> PageContent {
        .group(
            ProtectionOrderParts.pagesNav(current: "", bcu: episode.bcu),
            Part.heading(
                "\(model.file.person.name) (\(model.file.person.id))",
                "Missing episode \(episode.id) · \(episode.bcu.name)\(episode.child ? " · child" : "")"),
            Part.flash(model.notice),
            Part.errors(model.errors),
            facts(),
            reviewLog(),
            .if(model.canManage, regradeForm()),
            .if(
                model.canRecord && episode.foundAt == nil,
                eventForm("found", "Record that they are found", "Found at", "Where found")),
            .if(
                model.canRecord && episode.foundAt != nil && episode.returnedAt == nil,
                eventForm("returned", "Record their return", "Returned at", "Note")),
            .if(
                model.canManage && episode.child && episode.returnedAt != nil && episode.interviewAt == nil,
                eventForm("interview", "Record the return home interview", "Interview at", "Notes")),
            .if(model.canManage && episode.referralAt == nil, exploitationForm())
        )
    }

    func interviewStanding() -> PageContent {
        guard episode.child else { return .text("Not due (an adult)") }
        guard let due = episode.interviewDueAt else { return .text("Due within 72 hours of return") }
        if let at = episode.interviewAt {
            let inTime = episode.interviewInTime ?? false
            return .group(
                .text("Done \(ProtectionOrderParts.when(at)) by \(episode.interviewBy ?? "—") "),
                .span(.class(inTime ? "badge green" : "badge red"), .text(inTime ? "within 72 hours" : "late")))
        }
        return .span(
            .class(model.now > due ? "badge red" : "badge amber"),
            .text("Not done: " + ProtectionOrderParts.timeLeft(until: due, now: model.now)))
    }

    func facts() -> PageContent {
        .dl(
            .class("facts"),
            .dt("Risk"), .dd(.strong(.text(episode.riskGrade.label))),
            .dt("Repeat missing"),
            .dd(.text(model.file.repeatMissing ? "Yes: 3 or more episodes in 90 days" : "No")),
            .dt("Reported"), .dd(.text("\(ProtectionOrderParts.when(episode.reportedAt)) by \(episode.reportedBy)")),
            .dt("Last seen"), .dd(.text(ProtectionOrderParts.when(episode.lastSeenAt))),
            .dt("Circumstances"), .dd(.text(episode.circumstances)),
            .dt("Found"),
            .dd(
                .text(
                    episode.foundAt.map { "\(ProtectionOrderParts.when($0)), \(episode.foundWhere ?? "")" } ?? "Not yet"
                )),
            .dt("Returned"), .dd(.text(ProtectionOrderParts.when(episode.returnedAt))),
            .dt("Return home interview"), .dd(interviewStanding()),
            .unwrap(episode.interviewNotes) { .group(.dt("Interview notes"), .dd(.text($0))) },
            .dt("Exploitation indicators"),
            .dd(
                .text(
                    episode.indicators.isEmpty
                        ? "None recorded" : episode.indicators.map(\.label).joined(separator: "; "))),
            .dt("Safeguarding referral"),
            .dd(
                .text(
                    episode.referralAt.map {
                        "To \(episode.referralTo ?? "—"), \(ProtectionOrderParts.when($0))"
                            + (episode.referralReference.map { ", reference \($0)" } ?? "")
                    } ?? "None recorded")))
    }

    func reviewLog() -> PageContent {
        let h = ProtectionOrderParts.header
        return .section(
            .id("risk-reviews"),
            .h2("Risk gradings"),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    .caption(.text("Each grading of risk with its reasons, oldest first")),
                    .thead(.tr(h("When"), h("Grade"), h("Reasons"), h("By"))),
                    .tbody(
                        .forEach(model.file.reviews) { review in
                            .tr(
                                CrimeParts.cell("When", .text(ProtectionOrderParts.when(review.reviewedAt))),
                                CrimeParts.cell("Grade", .text(review.grade.label)),
                                CrimeParts.cell("Reasons", .text(review.reason)),
                                CrimeParts.cell("By", .text(review.reviewedBy)))
                        }))))
    }

    func regradeForm() -> PageContent {
        .section(
            .id("risk"),
            .h2("Grade the risk again"),
            .form(
                .class("stack"), .method(.post), .action(Paths.missingEpisodeChange(episode.id, "risk")),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "Risk", name: "grade", options: MissingRiskGrade.allCases.map { ($0.rawValue, $0.label) },
                        selected: typed("risk", "grade") ?? episode.riskGrade.rawValue)),
                .component(CrimeParts.textarea("Reasons", name: "reason", value: typed("risk", "reason") ?? "")),
                .component(ProtectionOrderParts.submitButton("Record the grading"))))
    }

    func eventForm(_ part: String, _ title: String, _ label: String, _ noteLabel: String) -> PageContent {
        .section(
            .id(part),
            .h2(.text(title)),
            .form(
                .class("stack"), .method(.post), .action(Paths.missingEpisodeChange(episode.id, part)),
                .component(Part.csrf(model.csrf)),
                .component(ProtectionOrderParts.timeField(label, name: "at", value: typed(part, "at"))),
                .component(CrimeParts.textarea(noteLabel, name: "note", value: typed(part, "note") ?? "")),
                .component(ProtectionOrderParts.submitButton(title))))
    }

    func exploitationForm() -> PageContent {
        let chosen = Set((typed("exploitation", "indicators") ?? "").split(separator: ",").map(String.init))
        return .section(
            .id("exploitation"),
            .h2("Record exploitation indicators and the referral"),
            .form(
                .class("stack"), .method(.post), .action(Paths.missingEpisodeChange(episode.id, "exploitation")),
                .component(Part.csrf(model.csrf)),
                .fieldset(
                    .class("checks"), .element(named: "legend", text: "Indicators of sexual or criminal exploitation"),
                    .forEach(ExploitationIndicator.allCases) { indicator in
                        .component(
                            CrimeParts.checkbox(
                                name: "indicators[]", value: indicator.rawValue, label: indicator.label,
                                checked: chosen.contains(indicator.rawValue)))
                    }),
                .component(
                    Part.field(
                        "Referred to", name: "referral_to", value: typed("exploitation", "referral_to") ?? "",
                        hint: "For example the local authority's MASH")),
                .component(
                    Part.field(
                        "Referral reference", name: "referral_reference",
                        value: typed("exploitation", "referral_reference") ?? "")),
                .component(
                    ProtectionOrderParts.timeField(
                        "Referred at", name: "referral_at", value: typed("exploitation", "referral_at"))),
                .component(ProtectionOrderParts.submitButton("Record the referral"))))
    }
}
