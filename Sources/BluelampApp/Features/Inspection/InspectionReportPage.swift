import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// The inspection-readiness report, laid out like a PEEL report: for each area the inspectorate's
/// latest judgement, Bluelamp's self-assessment and the figures behind it, then the findings with
/// their status and evidence. Print styles make it a document; `/inspection/report.pdf` prints it.
struct InspectionReportPage {
    struct Judgement: Hashable {
        var inspectionTitle: String
        var grade: Grade?
        var summary: String?
        /// When the latest judgement has no summary: the most recent one that has, with its own grade.
        var earlierSummary: EarlierSummary?
    }

    struct EarlierSummary: Hashable {
        var inspectionTitle: String
        var areaName: String
        var grade: Grade?
        var summary: String
    }

    struct ReportFinding: Hashable {
        var stored: StoredFinding
        var areaName: String
        var evidence: [FindingShowPage.EvidenceRow]
        var reminder: FindingReminder?
    }

    struct Area: Hashable {
        var area: InspectionArea
        var latest: Judgement?
        var suggestion: GradeSuggestion?
        var readings: [IndicatorReading]
        var findings: [ReportFinding]
    }

    struct Model {
        var forceName: String
        var framework: InspectionFramework
        var today: Date
        var window: DateInterval
        var stage: MonitoringPeriod?
        var areas: [Area]
        var otherFindings: [ReportFinding]
        /// Whether the page links to the PDF (not inside the PDF itself).
        var linkPDF: Bool
    }

    var model: Model

    func render() -> PageContent {
        .article(
            .class("report"),
            .header(
                .p(.class("report-kicker"), .text("Inspection readiness report · \(model.framework.name)")),
                .h1(.text(model.forceName)),
                .p(
                    .class("lede"),
                    .text(
                        "A self-assessment prepared on \(InspectionPart.day(model.today)) from Bluelamp's live records. "
                            + "Grades suggested here are Bluelamp's, not HMICFRS grades; figures are force-wide, for the 30 days to "
                            + "\(InspectionPart.day(model.window.end.addingTimeInterval(-1))).")),
                .unwrap(model.stage) { stage in
                    .p(.text("Monitoring stage: \(stage.stage.label) since \(InspectionPart.day(stage.entered))."))
                },
                .if(model.linkPDF, .p(.class("no-print"), .a(.href(Paths.inspectionReportPDF), "Download as PDF")))
            ),
            .h2("Summary"),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    .thead(
                        .tr(
                            .th("Area"), .th("Inspectorate's latest grade"), .th("Self-assessment"),
                            .th(.class("num"), "Open findings"))),
                    .tbody(
                        .forEach(model.areas) { area in
                            .tr(
                                .td(
                                    .attribute(named: "data-label", value: "Area"),
                                    .a(.href("#\(area.area.id)"), .text(area.area.name))),
                                .td(
                                    .attribute(named: "data-label", value: "Inspectorate's latest grade"),
                                    InspectionPart.gradeBadge(
                                        area.latest?.grade, empty: area.area.isGraded ? "None recorded" : "Not graded")),
                                .td(
                                    .attribute(named: "data-label", value: "Self-assessment"),
                                    .unwrap(
                                        area.suggestion, { InspectionPart.gradeBadge($0.grade, empty: "No figures") },
                                        else: .text("—"))),
                                .td(
                                    .class("num"), .attribute(named: "data-label", value: "Open findings"),
                                    .text(String(area.findings.filter { !$0.stored.finding.status.isResolved }.count)))
                            )
                        })
                )),
            .forEach(model.areas) { section($0) },
            .if(
                !model.otherFindings.isEmpty,
                .section(
                    .class("report-area"),
                    .h2("Findings in areas the current framework no longer has"),
                    .forEach(model.otherFindings) { finding($0) }))
        )
    }

    private func section(_ area: Area) -> PageContent {
        .section(
            .class("report-area"), .id(area.area.id),
            .h2(.text(area.area.name)),
            .h3("The inspectorate's latest judgement"),
            .unwrap(
                area.latest,
                { judgement in
                    .group(
                        .p(
                            InspectionPart.gradeBadge(judgement.grade, empty: "Reported, not graded"),
                            .text(" \(judgement.inspectionTitle)")),
                        .unwrap(judgement.summary) { summary in
                            .div(
                                .class("judgement"),
                                .forEach(summary.components(separatedBy: "\n\n")) { .p(.text($0)) })
                        },
                        .unwrap(judgement.earlierSummary) { earlier in
                            .div(
                                .class("judgement"),
                                .p(
                                    .class("hint"),
                                    .text(
                                        "The sources hold no summary for this judgement. The most recent is from \(earlier.inspectionTitle), on “\(earlier.areaName)”, graded "
                                    ),
                                    InspectionPart.gradeBadge(earlier.grade, empty: "not graded"), .text(":")),
                                .forEach(earlier.summary.components(separatedBy: "\n\n")) { .p(.text($0)) })
                        })
                }, else: .p(.class("muted"), "No judgement of this area is recorded.")),
            .unwrap(area.suggestion) { suggestion in
                .group(
                    .h3("Self-assessment"),
                    .p(
                        .strong("Suggested: "), InspectionPart.gradeBadge(suggestion.grade, empty: "None"),
                        .text(" — \(suggestion.explanation)")),
                    .p(.class("hint"), .text(suggestion.label + ".")))
            },
            .if(
                !area.readings.isEmpty,
                .group(
                    .h3("Figures"),
                    .table(
                        .class("responsive"),
                        .thead(.tr(.th("Indicator"), .th(.class("num"), "Value"), .th("Band"))),
                        .tbody(
                            .forEach(area.readings) { reading in
                                .tr(
                                    .td(
                                        .attribute(named: "data-label", value: "Indicator"),
                                        .text(reading.definition.name)),
                                    .td(
                                        .class("num"), .attribute(named: "data-label", value: "Value"),
                                        .text(InspectionPart.value(reading))),
                                    .td(
                                        .attribute(named: "data-label", value: "Band"),
                                        InspectionPart.bandBadge(reading)))
                            })))),
            .h3("Findings"),
            .if(area.findings.isEmpty, .p(.class("muted"), "No findings recorded for this area.")),
            .forEach(area.findings) { finding($0) }
        )
    }

    private func finding(_ item: ReportFinding) -> PageContent {
        let f = item.stored.finding
        return .div(
            .class("report-finding"),
            .h4(
                .text("\(f.kind.label) \(f.id) "), InspectionPart.statusBadge(f.status), .text(" "),
                InspectionPart.reminderBadge(item.reminder)),
            .p(
                .class("hint"),
                .text(
                    "\(item.stored.inspectionTitle) · \(item.areaName) · owner \(f.owner ?? "none") · due \(InspectionPart.day(f.due))"
                )),
            .p(.text(f.fullText)),
            .if(
                !item.evidence.isEmpty,
                .group(
                    .p(.strong("Evidence")),
                    .ul(.forEach(item.evidence) { .li(.component(FindingShowPage.evidenceBody($0))) })))
        )
    }
}
