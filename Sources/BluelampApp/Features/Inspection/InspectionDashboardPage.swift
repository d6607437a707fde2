import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// The PEEL readiness dashboard: one card per area of the current framework with its indicators
/// (value, year's trend, band), open findings by kind, a suggested grade (a self-assessment, with
/// the evidence it rests on) and the inspectorate's grades over time.
struct InspectionDashboardPage {
    struct IndicatorRow: Hashable {
        var reading: IndicatorReading
        var trend: [IndicatorPoint]
        /// The list pages behind the figure that the viewer may open.
        var links: [IndicatorRecordsLink]
        var currentOnly: Bool
    }

    struct GradeHistoryEntry: Hashable {
        var inspectionTitle: String
        var frameworkName: String
        var areaName: String
        var grade: Grade?
    }

    struct AreaCard: Hashable {
        var area: InspectionArea
        var indicators: [IndicatorRow]
        var openFindings: [FindingKind: Int]
        /// Nil for an area that is reported, not graded.
        var suggestion: GradeSuggestion?
        var gradeHistory: [GradeHistoryEntry]
    }

    /// Findings whose area no area of the current framework continues.
    struct OtherArea: Hashable {
        var reference: InspectionAreaReference
        var name: String
        var frameworkName: String
        var openFindings: [FindingKind: Int]
    }

    struct Model: Hashable, Sendable {
        var framework: InspectionFramework
        var scopeOptions: [BCU?]
        var selected: BCU?
        var today: Date
        /// When the figures were computed (the stored figures' refresh, or now when computed for this page).
        var asOf: Date
        var window: DateInterval
        var cards: [AreaCard]
        var otherAreas: [OtherArea]
        var reminders: [InspectionService.Reminder]
        var currentStage: MonitoringPeriod?
        var openCausesOfConcern: Int
        var overdueRecommendations: Int
        var inadequateIndicators: Int
        var canManage: Bool
        /// Graded judgements of areas no area of the current framework continues (the 2014–2019 pillar
        /// grades), oldest inspection first, so the whole grade history is on the page.
        var earlierGrades: [GradeHistoryEntry] = []
    }

    var model: Model
    /// Where rendered cards are kept between requests (nil: render every card).
    var kept: RenderedFragments<CardSlot, CardKey>? = Self.keptCards

    /// Where on which page a card is: its area, the scope, and the lists behind its figures that its viewer may open.
    /// A slot keeps one rendering, so a card with newer figures takes the place of the older one.
    struct CardSlot: Hashable, Sendable {
        var area: String
        var selected: BCU?
        var links: [[String]]
    }

    /// What a card's HTML is a function of within its slot (which holds the scope its links keep): the card itself,
    /// and the day its trend ends on.
    struct CardKey: Hashable, Sendable {
        var card: AreaCard
        var day: Date

        /// Roughly what the key holds: its trends' points, and a little for the rest.
        var bytes: Int { card.indicators.reduce(2_048) { $0 + 512 + $1.trend.count * 48 } }
    }

    /// The cards rendered in this process. A card is up to about 50 KB of HTML and 200 KB of key (its trends), so
    /// 32 MB keeps the cards of a dozen scopes for each kind of viewer.
    static let keptCards = RenderedFragments<CardSlot, CardKey>(budget: 32 << 20)

    /// Where a whole page's content is kept: its scope, and what its viewer may do that the page shows (the lists
    /// behind the figures that they may open, and managing findings). One rendering a slot, as for the cards.
    struct PageSlot: Hashable, Sendable {
        var selected: BCU?
        var links: [[[String]]]
        var canManage: Bool
    }

    /// The pages' content rendered in this process, by their model.
    static let keptPages = RenderedFragments<PageSlot, Model>(budget: 32 << 20)

    /// The page's content (within the layout): kept from an earlier view with an equal model, or rendered now and kept.
    /// Nothing on the page is finer than a day (the sparklines' axis ends on `today`'s day; the reminders, the period
    /// and the early warning are worked out into the model), so the model is kept with `today` as its day's start and
    /// rendered from that: a view later the same day with the same figures, findings and viewer is the same bytes.
    static func content(
        _ model: Model, keptPages: RenderedFragments<PageSlot, Model>? = Self.keptPages,
        keptCards: RenderedFragments<CardSlot, CardKey>? = Self.keptCards
    ) -> Layout.RenderedContent {
        var key = model
        key.today = Calendar.bluelampUTC.startOfDay(for: model.today)
        let render = { Layout.RenderedContent(InspectionDashboardPage(model: key, kept: keptCards).render()) }
        guard let keptPages else { return render() }
        let slot = PageSlot(
            selected: model.selected, links: model.cards.map { $0.indicators.map { $0.links.map(\.path) } },
            canManage: model.canManage)
        let bytes = model.cards.reduce(4_096) { total, card in
            total + CardKey(card: card, day: key.today).bytes
        }
        return Layout.RenderedContent(passed: keptPages.html(slot: slot, key: key, keyBytes: bytes) { render().html })
    }

    static func scopeLabel(_ bcu: BCU?) -> String { bcu.map { "\($0.code) \($0.name)" } ?? "the whole force" }

    func render() -> PageContent {
        let windowStart = InspectionPart.day(model.window.start)
        let windowEnd = InspectionPart.day(model.window.end.addingTimeInterval(-1))
        return .group(
            Part.heading(
                "PEEL readiness",
                "Against \(model.framework.name). Figures for \(Self.scopeLabel(model.selected)), "
                    + "\(windowStart) to \(windowEnd), as of \(InspectionPart.time(model.asOf)); "
                    + "trends are the daily snapshots of the last 12 months."),
            .component(InspectionNav.render(current: Paths.inspectionDashboard)),
            .form(
                .class("filters"), .method(.get), .action(Paths.inspectionDashboard),
                .component(
                    Part.select(
                        "Figures for", name: "bcu",
                        options: model.scopeOptions.map { ($0?.code ?? "FORCE", Self.scopeLabel($0)) },
                        selected: model.selected?.code ?? "FORCE")),
                .div(.class("field"), .button(.type(.submit), "Show"))
            ),
            summary(),
            reminders(),
            .h2("Areas"),
            .p(
                .class("muted"),
                .text(
                    "Suggested grades are Bluelamp's self-assessment from the force's own figures, never an HMICFRS "
                        + "grade. Findings are force-wide: the BCU filter changes the figures only.")),
            .div(.class("area-cards"), .forEach(model.cards) { keptCard($0) }),
            .if(
                !model.otherAreas.isEmpty,
                .group(
                    .h2("Findings in areas the current framework no longer has"),
                    .ul(
                        .forEach(model.otherAreas) { other in
                            .li(
                                .text("\(other.name) (\(other.frameworkName)): "),
                                .component(findingCounts(other.openFindings, area: other.reference.description)))
                        })
                )),
            .if(
                !model.earlierGrades.isEmpty,
                .group(
                    .h2(.id("earlier-grades"), "Earlier grades"),
                    .p(
                        .class("muted"),
                        "Graded judgements of areas the current framework does not continue, such as the 2014–2019 pillars."
                    ),
                    .table(
                        .class("responsive"),
                        .thead(.tr(.th("Inspection"), .th("Area"), .th("Grade"))),
                        .tbody(
                            .forEach(model.earlierGrades) { entry in
                                .tr(
                                    .td(
                                        .attribute(named: "data-label", value: "Inspection"),
                                        .text(entry.inspectionTitle)),
                                    .td(
                                        .attribute(named: "data-label", value: "Area"),
                                        .text("\(entry.areaName) (\(entry.frameworkName))")),
                                    .td(
                                        .attribute(named: "data-label", value: "Grade"),
                                        InspectionPart.gradeBadge(entry.grade)))
                            }))
                ))
        )
    }

    private func summary() -> PageContent {
        .ul(
            .class("cards"),
            .li(
                .class("card"),
                .h2(.a(.href(Paths.monitoring()), "Monitoring")),
                .unwrap(
                    model.currentStage,
                    { period in
                        .group(
                            .p(.class("figure"), .text(period.stage.label)),
                            .p(
                                .text(
                                    "Since \(InspectionPart.day(period.entered)): \(period.stage.description.lowercased())."
                                ))
                        )
                    }, else: .p("No monitoring period is recorded."))
            ),
            .li(
                .class("card"),
                .h2(.a(.href(Paths.monitoring(anchor: "early-warning")), "Engage early warning")),
                .ul(
                    .li(
                        .text(
                            "\(model.openCausesOfConcern) open cause\(model.openCausesOfConcern == 1 ? "" : "s") of concern"
                        )),
                    .li(
                        .text(
                            "\(model.overdueRecommendations) overdue recommendation\(model.overdueRecommendations == 1 ? "" : "s")"
                        )),
                    .li(
                        .text(
                            "\(model.inadequateIndicators) indicator\(model.inadequateIndicators == 1 ? "" : "s") in the inadequate band (force-wide)"
                        ))
                )
            ),
            .li(
                .class("card"),
                .h2(.a(.href(Paths.findings(openOnly: true)), "Findings")),
                .p(
                    .class("figure"),
                    .text(String(model.reminders.filter { $0.reminder.kind == .overdue }.count))),
                .p(
                    .text(
                        "overdue; \(model.reminders.filter { $0.reminder.kind == .dueSoon }.count) due within 14 days"))
            )
        )
    }

    private func reminders() -> PageContent {
        .if(
            !model.reminders.isEmpty,
            .group(
                .h2("Findings due"),
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(.tr(.th("Finding"), .th("Owner"), .th("Due"), .th("Reminder"))),
                        .tbody(
                            .forEach(model.reminders.prefix(8)) { item in
                                .tr(
                                    .td(
                                        .attribute(named: "data-label", value: "Finding"),
                                        .a(
                                            .href(Paths.finding(item.finding.id)),
                                            .text(
                                                "\(item.finding.finding.id): \(InspectionPart.excerpt(item.finding.finding.text, limit: 90))"
                                            ))),
                                    .td(
                                        .attribute(named: "data-label", value: "Owner"),
                                        .text(item.finding.finding.owner ?? "No owner")),
                                    .td(
                                        .attribute(named: "data-label", value: "Due"),
                                        .text(InspectionPart.day(item.reminder.due))),
                                    .td(
                                        .attribute(named: "data-label", value: "Reminder"),
                                        InspectionPart.reminderBadge(item.reminder))
                                )
                            })
                    ))
            ))
    }

    /// A card's HTML, rendered once for each different card (the cards are most of the page's rendering).
    private func keptCard(_ card: AreaCard) -> PageContent {
        guard let kept else { return self.card(card) }
        let slot = CardSlot(
            area: card.area.id, selected: model.selected, links: card.indicators.map { $0.links.map(\.path) })
        let key = CardKey(card: card, day: Calendar.bluelampUTC.startOfDay(for: model.today))
        return .raw(kept.html(slot: slot, key: key, keyBytes: key.bytes) { self.card(card).render() })
    }

    private func card(_ card: AreaCard) -> PageContent {
        let latest = card.gradeHistory.last { $0.grade != nil }
        return .section(
            .class("card area-card"), .id("area-\(card.area.id)"),
            .h3(.text(card.area.name)),
            .p(
                .text("Inspectorate's latest grade: "),
                .unwrap(
                    latest,
                    { entry in .group(InspectionPart.gradeBadge(entry.grade), .text(" (\(entry.inspectionTitle))")) },
                    else: .text(card.area.isGraded ? "none recorded" : "reported, not graded"))
            ),
            .unwrap(card.suggestion) { suggestion in
                .div(
                    .class("suggestion"),
                    .p(
                        .strong("Suggested grade: "),
                        InspectionPart.gradeBadge(suggestion.grade, empty: "None"),
                        .text(" "), .span(.class("badge self-assessment"), "Self-assessment")),
                    .p(.class("hint"), .text(suggestion.label + ". " + suggestion.explanation)),
                    .component(evidenceTable(suggestion, area: card.area.name))
                )
            },
            .if(
                card.indicators.isEmpty, .p(.class("muted"), "No indicators are registered for this area yet.")),
            .component(indicatorTable(card.indicators.filter { InspectionPart.isBanded($0.reading.definition) })),
            .unwrap(
                Optional(card.indicators.filter { !InspectionPart.isBanded($0.reading.definition) }).flatMap {
                    $0.isEmpty ? nil : $0
                }
            ) { volumes in
                .details(
                    .summary(.text("Volumes, with no bands (\(volumes.count))")),
                    .component(indicatorTable(volumes)))
            },
            .h4("Open findings"),
            .component(findingCounts(card.openFindings, area: card.area.id)),
            .if(
                !card.gradeHistory.isEmpty,
                .details(
                    .summary("Grade history"),
                    .ol(
                        .class("history"),
                        .forEach(card.gradeHistory) { entry in
                            .li(
                                .text("\(entry.inspectionTitle): "), InspectionPart.gradeBadge(entry.grade),
                                .if(
                                    entry.areaName != card.area.name,
                                    .span(.class("muted"), .text(" as “\(entry.areaName)”"))))
                        })
                ))
        )
    }

    /// What a suggested grade rests on, worst band first (issue 22): each indicator with its figure and band, and the
    /// open cause of concern when it holds the grade down.
    private func evidenceTable(_ suggestion: GradeSuggestion, area: String) -> PageContent {
        guard !suggestion.basis.isEmpty else { return .empty }
        let rows = suggestion.basis.enumerated().sorted { a, b in
            switch (a.element.band, b.element.band) {
            case (let x?, let y?) where x != y: x < y
            case (.some, nil): true
            case (nil, .some): false
            default: a.offset < b.offset
            }
        }.map(\.element)
        return .details(
            .class("evidence"),
            .summary(.text("What the suggestion rests on (\(rows.count) indicators, worst first)")),
            .div(
                .class("table-wrap"),
                .table(
                    .caption(.text("\(area): the indicators behind the suggested grade, worst band first")),
                    .thead(
                        .tr(
                            .th(.attribute(named: "scope", value: "col"), "Indicator"),
                            .th(.class("num"), .attribute(named: "scope", value: "col"), "Figure"),
                            .th(.attribute(named: "scope", value: "col"), "Band"))),
                    .tbody(
                        .forEach(rows) { reading in
                            .tr(
                                .th(
                                    .attribute(named: "scope", value: "row"),
                                    .a(
                                        .href(Paths.indicator(reading.indicatorID, bcu: model.selected)),
                                        .text(reading.definition.name))),
                                .td(.class("num"), .text(InspectionPart.value(reading))),
                                .td(InspectionPart.bandBadge(reading)))
                        }))),
            .if(
                suggestion.heldByCauseOfConcern,
                .p(.class("hint"), "The open cause of concern holds the suggestion down as well.")))
    }

    private func indicatorTable(_ rows: [IndicatorRow]) -> PageContent {
        .if(
            !rows.isEmpty,
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive indicators"),
                    .thead(.tr(.th("Indicator"), .th(.class("num"), "Value"), .th("Band"), .th("12 months"))),
                    .tbody(.forEach(rows) { row in indicatorRow(row) })
                )))
    }

    private func indicatorRow(_ row: IndicatorRow) -> Node<HTML.TableContext> {
        .tr(
            .td(
                .attribute(named: "data-label", value: "Indicator"),
                .a(
                    .href(Paths.indicator(row.reading.indicatorID, bcu: model.selected)),
                    .text(row.reading.definition.name)),
                // What the figure leaves out, and why, as on the indicators page.
                .forEach(row.reading.notes) { note in .p(.class("hint"), .text(note)) },
                .forEach(row.links) { link in .div(.class("drill"), .a(.href(link.path), .text("↳ \(link.label)"))) }
            ),
            .td(
                .class("num"), .attribute(named: "data-label", value: "Value"),
                .plain(InspectionPart.value(row.reading))
            ),
            .td(.attribute(named: "data-label", value: "Band"), InspectionPart.bandBadge(row.reading)),
            .td(
                .attribute(named: "data-label", value: "12 months"),
                InspectionPart.sparkline(
                    row.trend, today: model.today, band: row.reading.band, name: row.reading.definition.name,
                    unit: row.reading.definition.unit),
                .if(
                    row.currentOnly && row.trend.filter { $0.value != nil }.count < 2,
                    .span(
                        .class("hint"), "Kept as the records stand each day: the trend grows from the first snapshot."))
            )
        )
    }

    private func findingCounts(_ counts: [FindingKind: Int], area: String) -> PageContent {
        let kinds = FindingKind.allCases.filter { (counts[$0] ?? 0) > 0 }
        return kinds.isEmpty
            ? .p(.class("muted"), "None open.")
            : .ul(
                .class("counts"),
                .forEach(kinds) { kind in
                    .li(
                        .a(
                            .href(Paths.findings(openOnly: true, area: area, kind: kind)),
                            .text(
                                "\(counts[kind] ?? 0) \((counts[kind] ?? 0) == 1 ? kind.label.lowercased() : kind.pluralLabel.lowercased())"
                            )))
                })
    }
}

/// The links between the inspection pages.
enum InspectionNav {
    static func render(current: String) -> PageContent {
        let items = [
            ("Dashboard", Paths.inspectionDashboard), ("Findings", Paths.findings()),
            ("Monitoring", Paths.monitoring()),
            ("Indicators", Paths.indicators()), ("Report", Paths.inspectionReport),
        ]
        return .nav(
            .class("subnav"), .ariaLabel("Inspection"),
            .ul(
                .forEach(items) { item in
                    .li(
                        .a(
                            .href(item.1), .if(item.1 == current, .attribute(named: "aria-current", value: "page")),
                            .text(item.0)))
                }))
    }
}
