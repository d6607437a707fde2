import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// Every registered indicator: what it counts, its PEEL area, unit, direction and bands, and its
/// value now for the whole force and each BCU the viewer may see.
struct IndicatorListPage {
    struct Row: Hashable {
        var definition: IndicatorDefinition
        var areaName: String
        var history: IndicatorHistory
        /// Computed now, for `Model.liveScope`.
        var live: IndicatorReading
        /// From the latest daily snapshot, for each scope the viewer may see.
        var snapshots: [ScopeValue]
    }

    struct ScopeValue: Hashable {
        var scope: String
        var reading: IndicatorReading
    }

    struct Model: Hashable {
        var rows: [Row]
        var window: DateInterval
        /// When the figures were computed (the stored figures' refresh, or now when computed for this page).
        var asOf: Date
        var liveScope: String
        var snapshotDay: String?
        /// Whether the viewer may set the force's own thresholds (`managePolicy`).
        var canSetThresholds = false
        var csrf: String?
        /// Indicators whose thresholds the force has set.
        var forceSet: Set<String> = []
        var errors: [String] = []
        var notice: String?
    }

    var model: Model

    /// Where the page's content is kept: the scope its figures now are for, and whether its viewer may set thresholds
    /// (the forms). One rendering a slot; what it is kept by is the whole model, so an equal model gives the same bytes.
    struct PageSlot: Hashable, Sendable {
        var liveScope: String
        var canSetThresholds: Bool
    }

    /// The pages' content rendered in this process, by their model. A force-wide page is about 600 KB of HTML.
    static let keptPages = RenderedFragments<PageSlot, Model>(budget: 32 << 20)

    /// Stands in for the viewer's form token in kept content, and is replaced by it on each view: random to this
    /// process, so no text on the page can be it.
    static let tokenStandIn = "form-token-" + UUID().uuidString

    /// The page's content: kept from an earlier view with an equal model (the form token aside), or rendered now and
    /// kept. A page with errors or a notice is rendered, not kept.
    static func content(_ model: Model, kept: RenderedFragments<PageSlot, Model>? = Self.keptPages)
        -> Layout.RenderedContent
    {
        guard let kept, model.errors.isEmpty, model.notice == nil else {
            return Layout.RenderedContent(IndicatorListPage(model: model).render())
        }
        var key = model
        key.csrf = model.canSetThresholds ? tokenStandIn : nil
        let bytes = model.rows.reduce(4_096) { $0 + 1_024 + $1.snapshots.count * 256 }
        let html = kept.html(
            slot: PageSlot(liveScope: model.liveScope, canSetThresholds: model.canSetThresholds), key: key,
            keyBytes: bytes
        ) { Layout.RenderedContent(IndicatorListPage(model: key).render()).html }
        guard model.canSetThresholds else { return Layout.RenderedContent(passed: html) }
        // Written as `Part.csrf` writes it: as given (a token is base64url).
        return Layout.RenderedContent(passed: html.replacingOccurrences(of: tokenStandIn, with: model.csrf ?? ""))
    }

    func render() -> PageContent {
        .group(
            Part.heading(
                "Indicators",
                "Each figure defined once, tied to a PEEL area, and computed from the live records over the 30 days to "
                    + "\(InspectionPart.day(model.window.end.addingTimeInterval(-1))), as of "
                    + "\(InspectionPart.time(model.asOf))."),
            .component(InspectionNav.render(current: Paths.indicators())),
            Part.errors(model.errors),
            Part.flash(model.notice),
            .if(model.rows.isEmpty, .p(.class("muted"), "No indicators are registered.")),
            .forEach(model.rows) { row in
                let d = row.definition
                let t = d.thresholds
                let better = d.direction == .higherIsBetter ? "at least" : "at most"
                return .section(
                    .class("card indicator"), .id(d.id),
                    .h2(.a(.href(Paths.indicator(d.id)), .text(d.name))),
                    .p(.text(d.description)),
                    .dl(
                        .class("facts"),
                        .dt("PEEL area"), .dd(.text(row.areaName)),
                        .dt("Measured as"), .dd(.text("\(d.unit.label); \(d.direction.label.lowercased())")),
                        .dt("Bands"),
                        .dd(
                            .text(
                                "good \(better) \(InspectionPart.value(t.good, unit: d.unit)); adequate \(better) "
                                    + "\(InspectionPart.value(t.adequate, unit: d.unit)); requires improvement \(better) "
                                    + "\(InspectionPart.value(t.requiresImprovement, unit: d.unit)); otherwise inadequate"
                            )),
                        .unwrap(d.thresholdSource) { .group(.dt("Bands from"), .dd(.text($0))) },
                        .dt("History"),
                        .dd(
                            .text(
                                row.history == .currentOnly
                                    ? "The records as they stand each day: the trend is kept by the daily snapshot."
                                    : "Computed for any past period from the records' dates.")),
                        .dt("Now"),
                        .dd(
                            .strong(.text(InspectionPart.value(row.live))), .text(" for \(model.liveScope) "),
                            InspectionPart.bandBadge(row.live))
                    ),
                    // What the figure leaves out, and why (e.g. crimes whose recording decision time is not known).
                    .forEach(row.live.notes) { note in .p(.class("hint"), .text(note)) },
                    // Built only when shown: `.if` would build the forms for every indicator and every viewer.
                    model.canSetThresholds && InspectionPart.isBanded(d) ? thresholdForms(d) : .empty,
                    .if(row.snapshots.isEmpty, .p(.class("muted"), "No daily snapshot yet.")),
                    .if(
                        !row.snapshots.isEmpty,
                        .details(
                            .summary(.text("By BCU, as snapshotted on \(InspectionPart.day(model.snapshotDay ?? ""))")),
                            .div(.class("table-wrap"), Self.scopeTable(row.snapshots))))
                )
            }
        )
    }

    /// The latest snapshot's value for each scope, as a responsive table written straight to HTML: at the Met's scale
    /// the page has 95 of these (1,235 rows for a force-wide viewer), and built as Plot nodes they were a fifth of its
    /// time. It is the HTML the nodes gave after `TableSemantics` (roles and header scopes written here, so that pass
    /// leaves it as it is); `IndicatorListPageTests` compares the two.
    static func scopeTable<Context>(_ values: [ScopeValue]) -> Node<Context> {
        var html =
            #"<table class="responsive" role="table"><thead role="rowgroup"><tr role="row">"#
            + #"<th scope="col" role="columnheader">Scope</th>"#
            + #"<th class="num" scope="col" role="columnheader">Value</th>"#
            + #"<th scope="col" role="columnheader">Band</th></tr></thead><tbody role="rowgroup">"#
        html.reserveCapacity(html.utf8.count + values.count * 240)
        for value in values {
            html += #"<tr role="row"><td data-label="Scope" role="cell">"#
            html += HTMLText.escape(value.scope)
            html += #"</td><td class="num" data-label="Value" role="cell">"#
            html += HTMLText.escape(InspectionPart.value(value.reading))
            html += #"</td><td data-label="Band" role="cell">"#
            html += InspectionPart.bandBadgeHTML(value.reading)
            html += "</td></tr>"
        }
        html += "</tbody></table>"
        return .raw(html)
    }

    /// The force's own thresholds for an indicator: a form with the bands in force, and a way back to
    /// Bluelamp's defaults once the force has set its own.
    func thresholdForms(_ d: IndicatorDefinition) -> PageContent {
        let action = Paths.indicatorThresholds(d.id)
        let key = d.id.replacingOccurrences(of: ".", with: "-")
        func number(_ label: String, _ name: String, _ value: Double) -> PageContent {
            .div(
                .class("field"),
                .label(.for("\(key)-\(name)"), .text(label)),
                .input(
                    .type(.number), .name(name), .id("\(key)-\(name)"), .value(InspectionPart.plainNumber(value)),
                    .attribute(named: "step", value: "any"), .required(true)))
        }
        let order = d.direction == .higherIsBetter ? "highest first" : "lowest first"
        return .details(
            .summary(
                .text(
                    model.forceSet.contains(d.id) ? "Change the force's thresholds" : "Set the force's own thresholds")),
            .form(
                .method(.post), .action(action), .class("stack"),
                .component(Part.csrf(model.csrf)),
                .p(
                    .class("hint"),
                    .text(
                        "The edges of good, adequate and requires improvement (\(order)); below the last is inadequate."
                    )),
                .component(number("Good from", "good", d.thresholds.good)),
                .component(number("Adequate from", "adequate", d.thresholds.adequate)),
                .component(
                    number("Requires improvement from", "requiresImprovement", d.thresholds.requiresImprovement)),
                .div(
                    .class("field"),
                    .label(.for("\(key)-reason"), "Why (kept with the thresholds and in the audit log)"),
                    .input(.type(.text), .name("reason"), .id("\(key)-reason"), .required(true))),
                .button(.type(.submit), "Save thresholds")),
            .if(
                model.forceSet.contains(d.id),
                .form(
                    .method(.post), .action(action),
                    .component(Part.csrf(model.csrf)),
                    .input(.type(.hidden), .name("clear"), .value("1")),
                    .button(.type(.submit), .class("secondary"), "Return to Bluelamp's defaults")))
        )
    }
}
