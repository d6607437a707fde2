import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/inspection/indicators/{id}`: one indicator seen from every side (issue 22) — its figure now, its year's trend
/// drawn against the PEEL bands and any milestone target, how the BCUs compare, where in London it is good or bad, and
/// the records behind it. Every chart has its figures as a table too.
struct IndicatorShowPage {
    struct Model {
        var detail: InspectionService.IndicatorDetail
        /// The scopes the viewer may choose between (nil: the whole force).
        var scopes: [BCU?]
        /// The records lists the viewer may open.
        var records: [IndicatorRecordsLink]
        var today: Date
    }

    var model: Model

    var definition: IndicatorDefinition { model.detail.reading.definition }

    func render() -> PageContent {
        let d = definition
        let detail = model.detail
        let scope = InspectionDashboardPage.scopeLabel(detail.scope)
        return .group(
            Part.heading(d.name, d.description),
            .component(InspectionNav.render(current: Paths.indicators())),
            scopeChoice(),
            .dl(
                .class("facts"),
                .dt("Now, for \(scope)"),
                .dd(
                    .strong(.text(InspectionPart.value(detail.reading))), .text(" "),
                    InspectionPart.bandBadge(detail.reading),
                    .span(.class("muted"), .text(" as of \(InspectionPart.time(detail.asOf))"))),
                .dt("PEEL area"), .dd(.text(detail.areaName)),
                .dt("Measured as"), .dd(.text("\(d.unit.label); \(d.direction.label.lowercased())")),
                .if(InspectionPart.isBanded(d), .group(.dt("Bands"), .dd(.text(bands())))),
                .unwrap(d.thresholdSource) { .group(.dt("Bands from"), .dd(.text($0))) },
                .dt("Trend kept"),
                .dd(
                    .text(
                        detail.history == .currentOnly
                            ? "From the daily snapshot: the figure describes the records as they stand each day."
                            : "From the records' own dates: any past period can be computed."))
            ),
            .forEach(detail.reading.notes) { note in .p(.class("hint"), .text(note)) },
            .h2("The last 12 months"),
            trend(),
            targetsTable(),
            .if(!detail.byBCU.isEmpty, .group(.h2("The BCUs compared"), comparison(), map())),
            .h2("The records behind the figure"),
            .if(model.records.isEmpty, .p(.class("muted"), "No list of records stands behind this figure.")),
            .ul(.forEach(model.records) { .li(.a(.href($0.path), .text($0.label))) }),
            .p(.a(.href(Paths.indicators(anchor: d.id)), "All indicators, with their thresholds"))
        )
    }

    /// "Good at least 90.0%; adequate at least 80.0%; …; otherwise inadequate".
    func bands() -> String {
        let d = definition
        let t = d.thresholds
        let better = d.direction == .higherIsBetter ? "at least" : "at most"
        return "Good \(better) \(InspectionPart.value(t.good, unit: d.unit)); adequate \(better) "
            + "\(InspectionPart.value(t.adequate, unit: d.unit)); requires improvement \(better) "
            + "\(InspectionPart.value(t.requiresImprovement, unit: d.unit)); otherwise inadequate."
    }

    /// A form (GET, no script) choosing the force or a BCU, when the viewer has a choice.
    func scopeChoice() -> PageContent {
        guard model.scopes.count > 1 else { return .empty }
        return .form(
            .class("filters"), .method(.get), .action(Paths.indicator(definition.id)),
            .component(
                Part.select(
                    "Figures for", name: "bcu",
                    options: model.scopes.map { ($0?.code ?? "FORCE", $0.map(\.name) ?? "The whole force") },
                    selected: model.detail.scope?.code ?? "FORCE")),
            .button(.type(.submit), .class("secondary"), "Show"))
    }

    func format(_ value: Double) -> String { InspectionPart.value(value, unit: definition.unit) }

    func zones() -> [Chart.Zone] {
        InspectionPart.isBanded(definition)
            ? Chart.peelZones(definition.thresholds, direction: definition.direction, format: format) : []
    }

    /// The next target not yet past, or the last one.
    var target: InspectionService.Target? {
        model.detail.targets.first { $0.due >= model.today } ?? model.detail.targets.last
    }

    func trend() -> PageContent {
        let points = model.detail.trend.compactMap { point in
            InspectionJSON.date(from: point.day).map { Chart.Point(date: $0, value: point.value) }
        }
        let scope = InspectionDashboardPage.scopeLabel(model.detail.scope)
        return Chart.line(
            id: "trend", title: "\(definition.name): the last 12 months for \(scope)",
            description: "The daily figure"
                + (InspectionPart.isBanded(definition) ? ", drawn against the PEEL bands" : "")
                + (target.map { " and the target of \(format($0.value)) set by milestone \($0.milestone)" } ?? "")
                + ".",
            points: points, format: format, valueHeading: definition.name, zones: zones(),
            target: target.map { Chart.Reference(value: $0.value, label: "Target \(format($0.value))") })
    }

    func targetsTable() -> PageContent {
        let targets = model.detail.targets
        guard !targets.isEmpty else { return .empty }
        return .div(
            .class("table-wrap"),
            .table(
                .caption(.text("Milestone targets on this indicator")),
                .thead(
                    .tr(
                        .th(.attribute(named: "scope", value: "col"), "Milestone"),
                        .th(.attribute(named: "scope", value: "col"), "Due"),
                        .th(.class("num"), .attribute(named: "scope", value: "col"), "Target"))),
                .tbody(
                    .forEach(targets) { target in
                        .tr(
                            .td(
                                .a(
                                    .href(Paths.monitoring(anchor: "milestone-\(target.milestoneID)")),
                                    .text(target.milestone))),
                            .td(.text(InspectionPart.day(target.due))),
                            .td(.class("num"), .text(format(target.value))))
                    })))
    }

    func comparison() -> PageContent {
        // A count for the force is the BCUs' sum, not a level they are measured against: no force line for counts.
        let force = definition.unit == .count ? nil : model.detail.force
        return Chart.bars(
            id: "by-bcu", title: "\(definition.name) by BCU",
            description: "Each BCU's figure now"
                + (force.flatMap(\.value).map { ", against the force's \(format($0))" } ?? "") + ".",
            rows: model.detail.byBCU.map { item in
                let banded = InspectionPart.isBanded(definition)
                return Chart.Bar(
                    label: item.bcu.name, value: item.reading.value,
                    href: Paths.indicator(definition.id, bcu: item.bcu),
                    cssClass: banded ? InspectionPart.bandClass(item.reading.band) : "",
                    note: banded ? (item.reading.band?.label ?? "No figure") : nil)
            },
            format: format, labelHeading: "BCU", valueHeading: definition.name, noteHeading: "Band", zones: zones(),
            marker: force.flatMap(\.value).map { Chart.Reference(value: $0, label: "Force \(format($0))") })
    }

    /// London's BCUs shaded by their band, each leading to its own PEEL dashboard.
    func map() -> PageContent {
        let banded = InspectionPart.isBanded(definition)
        var shading: [BCU: String] = [:]
        var links: [BCU: String] = [:]
        var labels: [BCU: String] = [:]
        for item in model.detail.byBCU {
            shading[item.bcu] = banded ? InspectionPart.bandClass(item.reading.band) : "band-none"
            links[item.bcu] = Paths.dashboard(bcu: item.bcu)
            let figure = InspectionPart.value(item.reading)
            labels[item.bcu] = banded ? "\(item.reading.band?.label ?? "No figure"), \(figure)" : figure
        }
        return LondonMap.bcus(
            title: "\(definition.name): where in London",
            description: "The Met's 12 BCUs, each shaded by its band for this indicator and labelled with its figure; "
                + "each leads to the BCU's PEEL dashboard.",
            shading: shading, links: links, labels: labels, labelHeading: banded ? "Band and figure" : "Figure")
    }
}
