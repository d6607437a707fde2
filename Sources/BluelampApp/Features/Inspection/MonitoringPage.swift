import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// The force's monitoring: its stages over time (Scan, Engage) with why each began and ended, the
/// milestone plan with each milestone's RAG status (computed from its indicators and date, or set by
/// hand with a reason), and the Engage early warning panel.
struct MonitoringPage {
    struct TargetRow: Hashable {
        var target: IndicatorTarget
        var reading: IndicatorReading?
        var met: Bool
    }

    struct MilestoneRow: Hashable {
        var stored: StoredMilestone
        var assessment: MilestoneAssessment
        var targets: [TargetRow]
    }

    struct Model {
        var periods: [StoredMonitoringPeriod]
        var today: Date
        var milestones: [MilestoneRow]
        var warning: EngageEarlyWarning
        /// "inspection id|finding id" → database id, to link the early warning's findings.
        var findingLinks: [String: Int]
        var canManage: Bool
        var csrf: String?
        var findingOptions: [(Int, String)]
        var indicators: [IndicatorDefinition]
        var errors: [String] = []
        var notice: String?
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Monitoring",
                "The inspectorate's monitoring of the force, the milestone plan and the early warning signs."),
            .component(InspectionNav.render(current: Paths.monitoring())),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .h2("Stages"),
            timeline(),
            .if(model.canManage, stageForm()),
            .h2("Milestone plan"),
            plan(),
            .h2(.id("early-warning"), "Engage early warning"),
            warning()
        )
    }

    private func timeline() -> PageContent {
        .if(
            model.periods.isEmpty, .p(.class("muted"), "No monitoring period is recorded."),
            else: .ol(
                .class("timeline"),
                .forEach(model.periods.reversed()) { stored in
                    let period = stored.period
                    let current = period.contains(model.today)
                    return .li(
                        .class("card stage-\(period.stage.rawValue)\(current ? " current" : "")"),
                        .h3(
                            .span(.class("badge stage"), .text(period.stage.label)), .text(" "),
                            .text(
                                "\(InspectionPart.day(period.entered)) – "
                                    + (period.exited.map { InspectionPart.day($0) } ?? "now")
                                    + " (\(period.lengthInDays(now: model.today).formatted()) days)"),
                            .if(current, .span(.class("badge green"), "Current"))),
                        .p(
                            .class("muted"),
                            .text(
                                period.stage.description + (period.decidedBy.map { "; decided by \($0)" } ?? "") + ".")),
                        .h4("Why it began"),
                        .ul(.forEach(period.entryReasons) { .li(.text($0)) }),
                        .if(
                            !period.exitReasons.isEmpty,
                            .group(.h4("Why it ended"), .ul(.forEach(period.exitReasons) { .li(.text($0)) }))),
                        .if(
                            !period.notes.isEmpty,
                            .details(.summary("Events in the period"), .ul(.forEach(period.notes) { .li(.text($0)) }))),
                        .if(
                            !period.sources.isEmpty,
                            .details(
                                .summary("Sources"),
                                .ul(
                                    .forEach(period.sources) { source in
                                        .li(InspectionPart.source(source))
                                    })))
                    )
                })
        )
    }

    /// Records HM Chief Inspector's decision: the latest period closes on the day given and the new
    /// one opens.
    private func stageForm() -> PageContent {
        let latest = model.periods.max { $0.period.entered < $1.period.entered }?.period
        let next: MonitoringStage = latest?.stage == .scan ? .engage : .scan
        return .details(
            .summary("Record a change of stage"),
            .form(
                .class("stack"), .method(.post), .action(Paths.monitoringStage),
                .component(Part.csrf(model.csrf)),
                .p(
                    .class("hint"),
                    .text(
                        latest.map {
                            "The force has been at \($0.stage.label) since \(InspectionPart.day($0.entered)). "
                                + "That period closes on the day you give, and the new one opens."
                        } ?? "No period is recorded yet: this opens the first.")),
                .component(
                    Part.select(
                        "New stage", name: "stage", options: MonitoringStage.allCases.map { ($0.rawValue, $0.label) },
                        selected: next.rawValue)),
                .component(
                    Part.field(
                        "Date", name: "date", value: InspectionJSON.dayString(of: model.today), type: .date,
                        required: true,
                        hint: "The first day at the new stage; not in the future.")),
                .component(
                    InspectionPart.textArea(
                        "Reason", name: "reason", required: true,
                        hint:
                            "Why HM Chief Inspector of Constabulary moved the force, in the inspectorate's words where you have them."
                    )),
                .component(
                    Part.field(
                        "Source", name: "source",
                        hint: "Where the decision is written, e.g. the inspectorate's letter and its date.")),
                .button(.type(.submit), "Record the change")
            )
        )
    }

    private func plan() -> PageContent {
        .group(
            .p(
                .class("hint"),
                .text(
                    "Green when every target is met; amber while not yet due (or up to 7 days late); red after that. "
                        + "A status set by hand needs a reason and shows the computed one beside it.")),
            .if(model.milestones.isEmpty, .p(.class("muted"), "No milestones yet.")),
            .if(
                !model.milestones.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(.tr(.th("Milestone"), .th("Due"), .th("Targets"), .th("Status"))),
                        .tbody(.forEach(model.milestones) { row(for: $0) })
                    ))),
            .if(model.canManage, newMilestoneForm())
        )
    }

    private func row(for row: MilestoneRow) -> Node<HTML.TableContext> {
        let milestone = row.stored.milestone
        return .tr(
            .id("milestone-\(row.stored.id)"),
            .td(
                .attribute(named: "data-label", value: "Milestone"),
                .strong(.text(milestone.title)),
                .if(
                    !row.stored.findings.isEmpty,
                    .div(
                        .class("hint"), .text("Answers "),
                        .forEach(Array(row.stored.findings.enumerated())) { index, finding in
                            .group(
                                .if(index > 0, .text(", ")),
                                .a(.href(Paths.finding(finding.id)), .text(finding.finding.id)))
                        }))
            ),
            .td(.attribute(named: "data-label", value: "Due"), .text(InspectionPart.day(milestone.due))),
            .td(
                .attribute(named: "data-label", value: "Targets"),
                .if(row.targets.isEmpty, .span(.class("muted"), "None")),
                .forEach(row.targets) { target in
                    let unit = target.reading?.definition.unit ?? .count
                    return .div(
                        .text(
                            "\(target.reading?.definition.name ?? target.target.indicatorID): "
                                + "\(InspectionPart.value(target.reading?.value, unit: unit)) against \(InspectionPart.value(target.target.value, unit: unit)) "
                        ),
                        target.met ? .span(.class("badge green"), "Met") : .span(.class("badge amber"), "Not met"))
                }
            ),
            .td(
                .attribute(named: "data-label", value: "Status"),
                InspectionPart.ragBadge(row.assessment.status),
                .p(.class("hint"), .text(row.assessment.explanation)),
                .if(model.canManage, overrideForm(row))
            )
        )
    }

    private func overrideForm(_ row: MilestoneRow) -> PageContent {
        .details(
            .summary(row.assessment.isOverridden ? "Change the status set by hand" : "Set the status by hand"),
            .form(
                .method(.post), .action(Paths.milestoneOverride(row.stored.id)),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "Status", name: "status\(row.stored.id)",
                        options: RAGStatus.allCases.reversed().map { ($0.rawValue, $0.label) },
                        selected: row.assessment.override?.status.rawValue)),
                .component(InspectionPart.textArea("Why", name: "reason\(row.stored.id)", required: true)),
                .button(.type(.submit), "Set status")
            ),
            .if(
                row.assessment.isOverridden,
                .form(
                    .method(.post), .action(Paths.milestoneOverride(row.stored.id)),
                    .component(Part.csrf(model.csrf)),
                    .input(.type(.hidden), .name("clear"), .value("1")),
                    .button(.type(.submit), .class("secondary"), "Go back to the computed status")
                ))
        )
    }

    private func newMilestoneForm() -> PageContent {
        .details(
            .summary("Add a milestone"),
            .form(
                .class("stack"), .method(.post), .action(Paths.milestones),
                .component(Part.csrf(model.csrf)),
                .component(Part.field("Milestone", name: "title", required: true)),
                .component(Part.field("Due", name: "due", type: .date, required: true)),
                .fieldset(
                    .class("checks"), .element(named: "legend", text: "Findings it answers"),
                    .forEach(model.findingOptions) { option in
                        .div(
                            .label(
                                .input(.type(.checkbox), .name("findings[]"), .value(String(option.0))), .text(option.1)
                            ))
                    }),
                .fieldset(
                    .element(named: "legend", text: "Indicator targets (optional)"),
                    .forEach(1...2) { n in
                        .group(
                            .component(
                                Part.select(
                                    "Indicator \(n)", name: "indicator\(n)",
                                    options: model.indicators.map { ($0.id, $0.name) },
                                    selected: nil, includeAny: "None")),
                            .component(Part.field("Target \(n)", name: "target\(n)")))
                    }),
                .button(.type(.submit), "Add milestone")
            )
        )
    }

    private func warning() -> PageContent {
        let w = model.warning
        return .div(
            .class("early-warning"),
            .if(
                w.isClear,
                .p(
                    .class("green"),
                    "Nothing to warn of: no open cause of concern, overdue recommendation or inadequate figure.")),
            .h3(.text("Open causes of concern (\(w.openCausesOfConcern.count))")),
            .if(w.openCausesOfConcern.isEmpty, .p(.class("muted"), "None.")),
            .ul(
                .forEach(w.openCausesOfConcern) { cause in
                    .li(
                        link(cause.inspectionID, cause.finding), .text(" "),
                        .text(
                            cause.ageInDays.map { "open \($0.formatted()) days since publication" }
                                ?? "publication date not recorded"),
                        .text(": \(InspectionPart.excerpt(cause.finding.text, limit: 140))"))
                }),
            .h3(.text("Overdue recommendations (\(w.overdueRecommendations.count))")),
            .if(w.overdueRecommendations.isEmpty, .p(.class("muted"), "None.")),
            .ul(
                .forEach(w.overdueRecommendations) { item in
                    .li(
                        link(item.inspectionID, item.finding),
                        .text(
                            " overdue by \(item.daysOverdue) day\(item.daysOverdue == 1 ? "" : "s"); owner \(item.finding.owner ?? "none")"
                        ))
                }),
            .h3(.text("Indicators in the inadequate band, force-wide (\(w.inadequateIndicators.count))")),
            .if(w.inadequateIndicators.isEmpty, .p(.class("muted"), "None.")),
            .ul(
                .forEach(w.inadequateIndicators) { reading in
                    .li(
                        .a(.href(Paths.indicators(anchor: reading.indicatorID)), .text(reading.definition.name)),
                        .text(": \(InspectionPart.value(reading))"))
                })
        )
    }

    private func link(_ inspectionID: String, _ finding: Finding) -> PageContent {
        .unwrap(
            model.findingLinks["\(inspectionID)|\(finding.id)"],
            { .a(.href(Paths.finding($0)), .text(finding.id)) }, else: .text(finding.id))
    }
}
