import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/safeguarding`: the public protection unit's desktop view of the BCUs in scope — open high-risk cases, DASH
/// reviews overdue, MARAC referrals required but not made, and domestic abuse crimes without a DASH with their age,
/// each with its BCU and team.
struct SafeguardingPage {
    struct Model {
        var bcu: BCU?
        var bcus: [BCU]
        var highRisk: [DashAssessmentLine]
        var overdue: [DashAssessmentLine]
        var maracDue: [DashAssessmentLine]
        var missing: [DashMissing]
        var now: Date
    }

    var model: Model

    func th(_ text: String) -> Node<HTML.TableRowContext> { .th(.attribute(named: "scope", value: "col"), .text(text)) }

    func assessments(_ title: String, id: String, _ lines: [DashAssessmentLine], empty: String) -> PageContent {
        .section(
            .id(id),
            .h2(.text("\(title) (\(lines.count))")),
            .if(lines.isEmpty, .p(.text(empty))),
            .if(
                !lines.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(
                            .tr(
                                th("Crime"), th("BCU"), th("Victim"), th("Level"), th("Completed"), th("Review due"),
                                th("MARAC"))),
                        .tbody(
                            .forEach(lines) { line in
                                let a = line.assessment
                                return .tr(
                                    CrimeParts.cell(
                                        "Crime", .a(.href(Paths.dash(a.crimeID)), .text(line.crimeReference))),
                                    CrimeParts.cell("BCU", .text(line.bcu?.code ?? "")),
                                    CrimeParts.cell(
                                        "Victim",
                                        .a(.href(Paths.personSafeguarding(a.personID)), .text(line.personName))),
                                    CrimeParts.cell("Level", .text(a.level.label)),
                                    CrimeParts.cell(
                                        "Completed", .text(CrimeParts.dateTime.string(from: a.completedAt))),
                                    CrimeParts.cell(
                                        "Review due", .text(CrimeParts.dateTime.string(from: a.supervisionDueAt))),
                                    CrimeParts.cell("MARAC", .text(a.marac.status.label)))
                            })))))
    }

    func render() -> PageContent {
        .group(
            Part.heading(
                "Safeguarding" + (model.bcu.map { ": \($0.name)" } ?? ""),
                "DASH risk assessments, supervision and MARAC referrals in the BCUs you cover."),
            .p(.a(.href(Paths.personSearch()), "Find a person by name")),
            .form(
                .method(.get), .action("/safeguarding"), .class("inline"),
                .component(
                    Part.select(
                        "BCU", name: "bcu", options: model.bcus.map { ($0.code, $0.name) }, selected: model.bcu?.code,
                        includeAny: "Every BCU in scope")),
                .button(.type(.submit), "Show")),
            assessments(
                "Open high-risk cases", id: "high-risk", model.highRisk, empty: "No open high-risk case."),
            assessments(
                "DASH reviews overdue", id: "overdue", model.overdue, empty: "No DASH review is overdue."),
            assessments(
                "MARAC referrals required but not made", id: "marac", model.maracDue,
                empty: "Every required MARAC referral is made."),
            .section(
                .id("missing"),
                .h2(.text("Domestic abuse crimes and incidents without a DASH (\(model.missing.count))")),
                .p(
                    .text(
                        "Open crimes, reports awaiting their recording decision, and incidents that are not crimes "
                            + "reported in the last \(DashCoverage.incidentDays) days.")),
                .if(
                    model.missing.isEmpty,
                    .p("Every open domestic abuse crime and recent incident with a victim has a DASH.")),
                .if(
                    !model.missing.isEmpty,
                    .div(
                        .class("table-wrap"),
                        .table(
                            .class("responsive"),
                            .thead(
                                .tr(
                                    th("Report"), th("Recorded as"), th("BCU"), th("Team"), th("Reported"),
                                    th("Age (days)")
                                )
                            ),
                            .tbody(
                                .forEach(model.missing) { crime in
                                    .tr(
                                        CrimeParts.cell(
                                            "Report", .a(.href(Paths.dash(crime.crimeID)), .text(crime.reference))),
                                        CrimeParts.cell(
                                            "Recorded as",
                                            .text(crime.recordingDecision.map(\.shortLabel) ?? "Awaiting decision")),
                                        CrimeParts.cell("BCU", .text(crime.bcu?.code ?? "")),
                                        CrimeParts.cell("Team", .text(crime.team ?? "Not allocated")),
                                        CrimeParts.cell(
                                            "Reported", .text(CrimeParts.dateTime.string(from: crime.reportedAt))),
                                        CrimeParts.cell(
                                            "Age (days)",
                                            .text(String(crime.ageDays(now: model.now)))))
                                }))))))
    }
}
