import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/safeguarding/disclosures`: the BCU's Clare's Law requests awaiting a decision, overdue first (28 days from
/// receipt, the scheme's guidance), with the form to record a request under the right to ask or the right to know.
struct DisclosuresPage {
    struct Model {
        var bcu: BCU
        var bcus: [BCU]
        var requests: [DisclosureRequest]
        var people: [Int: SafeguardingPerson]
        var now: Date
        var canManage: Bool
        var errors: [String] = []
        var notice: String?
        var csrf: String?
        var typed: [String: String] = [:]
    }

    var model: Model

    func render() -> PageContent {
        let h = ProtectionOrderParts.header
        let overdue = model.requests.filter { $0.overdue(now: model.now) }
        let due = model.requests.filter { !$0.overdue(now: model.now) }
        func table(_ rows: [DisclosureRequest], caption: String) -> PageContent {
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    .caption(.text(caption)),
                    .thead(
                        .tr(
                            h("Request"), h("Route"), h("Person at risk"), h("Asked about"), h("Received"), h("Due"),
                            h("Time left"))),
                    .tbody(
                        .forEach(rows) { request in
                            .tr(
                                CrimeParts.cell(
                                    "Request", .a(.href(Paths.disclosure(request.id)), .text("Request \(request.id)"))),
                                CrimeParts.cell("Route", .text(request.route.label)),
                                CrimeParts.cell(
                                    "Person at risk",
                                    .text(ProtectionOrderParts.name(request.personAtRiskID, model.people))),
                                CrimeParts.cell(
                                    "Asked about",
                                    .text(ProtectionOrderParts.name(request.subjectPersonID, model.people))),
                                CrimeParts.cell("Received", .text(ProtectionOrderParts.when(request.receivedAt))),
                                CrimeParts.cell("Due", .text(ProtectionOrderParts.when(request.decisionDueAt))),
                                CrimeParts.cell(
                                    "Time left",
                                    .span(
                                        .class(request.overdue(now: model.now) ? "badge red" : "badge amber"),
                                        .text(
                                            ProtectionOrderParts.timeLeft(until: request.decisionDueAt, now: model.now))
                                    )))
                        })))
        }
        return .group(
            ProtectionOrderParts.pagesNav(current: "/safeguarding/disclosures", bcu: model.bcu),
            Part.heading(
                "Clare's Law in \(model.bcu.name)",
                "The domestic violence disclosure scheme: each request decided, with its reason, within "
                    + "\(ClaresLaw.decisionDays) days of receipt."),
            ProtectionOrderParts.bcuChooser(model.bcus, current: model.bcu) { Paths.disclosures(bcu: $0) },
            Part.flash(model.notice),
            Part.errors(model.errors),
            .dl(
                .class("facts"),
                .dt("Awaiting a decision"), .dd(.strong(.id("undecided-count"), .text(String(model.requests.count)))),
                .dt("Overdue"),
                .dd(.strong(.id("overdue-count"), .class(overdue.isEmpty ? "" : "red"), .text(String(overdue.count))))),
            .section(
                .id("overdue"),
                .h2("Decisions overdue"),
                .if(overdue.isEmpty, .p("No decision is overdue.")),
                .if(!overdue.isEmpty, table(overdue, caption: "Requests past their 28 days, longest overdue first"))),
            .section(
                .id("due"),
                .h2("Decisions due"),
                .if(due.isEmpty, .p("No request awaits a decision within its 28 days.")),
                .if(!due.isEmpty, table(due, caption: "Requests within their 28 days, soonest due first"))),
            .if(model.canManage, requestForm())
        )
    }

    func requestForm() -> PageContent {
        let typed = model.typed
        return .section(
            .id("new-request"),
            .h2("Record a request"),
            .form(
                .class("stack"), .method(.post), .action(Paths.disclosures()),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "BCU", name: "bcu", options: model.bcus.map { ($0.code, "\($0.name) (\($0.code))") },
                        selected: typed["bcu"] ?? model.bcu.code)),
                .component(
                    Part.select(
                        "Route", name: "route", options: DisclosureRoute.allCases.map { ($0.rawValue, $0.label) },
                        selected: typed["route"])),
                .component(
                    Part.field(
                        "Person at risk (record number)", name: "person_at_risk_id",
                        value: typed["person_at_risk_id"] ?? "", type: .number, required: true)),
                .component(
                    Part.field(
                        "Partner asked about (record number)", name: "subject_person_id",
                        value: typed["subject_person_id"] ?? "", type: .number, required: true)),
                .component(
                    Part.field(
                        "Applicant", name: "applicant", value: typed["applicant"] ?? "",
                        hint: "Right to ask by a third party only: who asked (for example 'her mother')")),
                .component(
                    ProtectionOrderParts.timeField("Received at", name: "received_at", value: typed["received_at"])),
                .component(ProtectionOrderParts.submitButton("Record the request"))))
    }
}

/// `/safeguarding/disclosures/{id}`: one Clare's Law request, its 28-day clock and its decision with the reason.
struct DisclosurePage {
    struct Model {
        var file: DisclosureService.RequestFile
        var now: Date
        var canManage: Bool
        var errors: [String] = []
        var notice: String?
        var csrf: String?
        var typed: [String: String] = [:]
    }

    var model: Model
    var request: DisclosureRequest { model.file.request }

    func render() -> PageContent {
        .group(
            ProtectionOrderParts.pagesNav(current: "", bcu: request.bcu),
            Part.heading("Clare's Law request \(request.id)", "\(request.route.label) · \(request.bcu.name)"),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .dl(
                .class("facts"),
                .dt("Person at risk"), .dd(.text("\(model.file.personAtRisk.name) (\(model.file.personAtRisk.id))")),
                .dt("Partner asked about"), .dd(.text("\(model.file.subject.name) (\(model.file.subject.id))")),
                .unwrap(request.applicant) { .group(.dt("Applicant"), .dd(.text($0))) },
                .dt("Received"), .dd(.text(ProtectionOrderParts.when(request.receivedAt))),
                .dt("Decision due"), .dd(.text(ProtectionOrderParts.when(request.decisionDueAt))),
                .dt("Decision"), .dd(decisionStanding()),
                .unwrap(request.decisionReason) { .group(.dt("Reason"), .dd(.text($0))) },
                .unwrap(request.decidedBy) { .group(.dt("Decided by"), .dd(.text($0))) },
                .dt("Recorded by"), .dd(.text(request.recordedBy))),
            .if(model.canManage && request.decision == nil, decisionForm())
        )
    }

    func decisionStanding() -> PageContent {
        guard let decision = request.decision else {
            return .span(
                .class(request.overdue(now: model.now) ? "badge red" : "badge amber"),
                .text("Not decided: " + ProtectionOrderParts.timeLeft(until: request.decisionDueAt, now: model.now)))
        }
        let inTime = request.decidedInTime ?? false
        return .group(
            .text("\(decision.label), \(ProtectionOrderParts.when(request.decidedAt)) "),
            .span(.class(inTime ? "badge green" : "badge red"), .text(inTime ? "within 28 days" : "late")))
    }

    func decisionForm() -> PageContent {
        .section(
            .id("decision"),
            .h2("Record the decision"),
            .form(
                .class("stack"), .method(.post), .action(Paths.disclosureDecision(request.id)),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "Decision", name: "decision",
                        options: DisclosureDecision.allCases.map { ($0.rawValue, $0.label) },
                        selected: model.typed["decision"])),
                .component(
                    ProtectionOrderParts.timeField("Decided at", name: "decided_at", value: model.typed["decided_at"])),
                .component(
                    CrimeParts.textarea(
                        "Reason", name: "reason", value: model.typed["reason"] ?? "",
                        hint: "Why disclosure is (or is not) lawful, necessary and proportionate")),
                .component(ProtectionOrderParts.submitButton("Record the decision"))))
    }
}
