import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// Pieces the inspection pages share: figures, badges, dates, the sparkline, a text area.
enum InspectionPart {
    // MARK: - Figures

    /// A figure in its unit: "9.1%", "6.2", "3.5 days". Nil reads "No figure".
    static func value(_ value: Double?, unit: IndicatorUnit) -> String {
        guard let raw = value, raw.isFinite else { return "No figure" }
        // The figure as its band is decided on (`IndicatorUnit.shown`).
        let shown = unit.shown(raw)
        switch unit {
        case .count: return Int(shown).formatted()
        case .percent: return oneDecimal(shown) + "%"
        case .ratio: return oneDecimal(shown)
        default: return oneDecimal(shown) + unit.symbol
        }
    }

    /// `String(format: "%.1f", value)`, without Foundation's formatting for the figures a page shows by the thousand:
    /// a figure already within a millionth of a tenth is written from whole tenths (printf would round it to the same
    /// tenth), anything else goes to printf.
    static func oneDecimal(_ value: Double) -> String {
        let scaled = abs(value) * 10
        let tenths = scaled.rounded()
        guard scaled < 1e14, abs(scaled - tenths) < 1e-6 else { return String(format: "%.1f", value) }
        let whole = Int64(tenths)
        return "\(value.sign == .minus ? "-" : "")\(whole / 10).\(whole % 10)"
    }

    /// A number as a form field holds it: 90, 0.5, 1.25.
    static func plainNumber(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func value(_ reading: IndicatorReading) -> String {
        value(reading.value, unit: reading.definition.unit)
    }

    /// The band's CSS class: `band-good`, `band-adequate`, `band-requires-improvement`, `band-inadequate`.
    static func bandClass(_ band: IndicatorBand?) -> String {
        band.map { "band-\($0.rawValue)" } ?? "band-none"
    }

    /// Whether an indicator's bands mean anything. A count registered with its three edges equal (a
    /// volume, such as crimes recorded) has no good or bad: it is shown without a band and takes no
    /// part in the suggested grade.
    static func isBanded(_ definition: IndicatorDefinition) -> Bool {
        let t = definition.thresholds
        return !(t.good == t.adequate && t.adequate == t.requiresImprovement)
    }

    // MARK: - Sources

    /// A published source as the product shows one: publisher, title (linked to its public address) and
    /// date, and what it reports on when it is an article about someone else's work.
    static func published(_ source: PublishedSource) -> PageContent {
        .group(
            .text("\(source.publisher), "), .a(.href(source.url), .text("“\(source.title)”")),
            .text(", \(source.published)" + (source.reporting.map { " (reporting \($0))" } ?? "") + "."))
    }

    /// A citation from the table of sources (what Bluelamp takes from it, the source, the words quoted),
    /// or a source recorded by hand (a public address, or where a decision is written).
    static func source(_ source: InspectionSource) -> PageContent {
        if let cited = source.cited {
            return .group(
                .text(String(cited.finding.prefix(1)).uppercased() + String(cited.finding.dropFirst()) + ": "),
                .unwrap(cited.source) { published($0) },
                .unwrap(cited.quote) { .group(.text(" Quoted: "), .element(named: "q", text: $0)) })
        }
        let reference: PageContent =
            source.reference.hasPrefix("https://")
            ? .a(.href(source.reference), .text(source.reference)) : .text(source.reference)
        return .group(
            reference, .text(source.description.map { ": \($0)" } ?? ""),
            .unwrap(source.quote) { .group(.text(" Quoted: "), .element(named: "q", text: $0)) })
    }

    // MARK: - Badges

    /// The reading's band, or "A volume" for an indicator without bands.
    static func bandBadge(_ reading: IndicatorReading) -> PageContent { .raw(bandBadgeHTML(reading)) }

    static func bandBadge(_ band: IndicatorBand?) -> PageContent { .raw(bandBadgeHTML(band)) }

    /// The band's badge as HTML, for tables written straight to HTML (`IndicatorListPage.scopeTable`): a volume has
    /// no band, a figure not yet known says so.
    static func bandBadgeHTML(_ reading: IndicatorReading) -> String {
        isBanded(reading.definition) ? bandBadgeHTML(reading.band) : #"<span class="badge band-none">A volume</span>"#
    }

    static func bandBadgeHTML(_ band: IndicatorBand?) -> String {
        #"<span class="badge "# + bandClass(band) + #"">"# + HTMLText.escape(band?.label ?? "No figure") + "</span>"
    }

    static func gradeClass(_ grade: Grade?) -> String {
        switch grade {
        case .outstanding, .good: "band-good"
        case .adequate: "band-adequate"
        case .requiresImprovement: "band-requires-improvement"
        case .inadequate: "band-inadequate"
        case nil: "band-none"
        }
    }

    static func gradeBadge(_ grade: Grade?, empty: String = "Not graded") -> PageContent {
        .span(.class("badge \(gradeClass(grade))"), .text(grade?.label ?? empty))
    }

    static func ragBadge(_ status: RAGStatus) -> PageContent {
        .span(.class("badge rag-\(status.rawValue)"), .text(status.label))
    }

    static func statusBadge(_ status: FindingStatus) -> PageContent {
        let kind: String =
            switch status {
            case .open: "amber"
            case .inProgress: "amber"
            case .evidenceSubmitted: "blue"
            case .closed: "green"
            case .superseded: "muted"
            }
        return .span(.class("badge \(kind)"), .text(status.label))
    }

    static func reminderBadge(_ reminder: FindingReminder?) -> PageContent {
        guard let reminder else { return .empty }
        switch reminder.kind {
        case .overdue:
            return .span(.class("badge red"), .text("Overdue by \(reminder.days) day\(reminder.days == 1 ? "" : "s")"))
        case .dueSoon:
            return .span(
                .class("badge amber"),
                .text(reminder.days == 0 ? "Due today" : "Due in \(reminder.days) day\(reminder.days == 1 ? "" : "s")"))
        }
    }

    // MARK: - Dates

    static let dayFormatter: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "d MMMM yyyy"
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "UTC")
        return f
    }()

    static let timeFormatter: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "d MMM yyyy, HH:mm"
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "Europe/London")
        return f
    }()

    static func day(_ date: Date?) -> String { date.map { dayFormatter.string(from: $0) } ?? "—" }

    static func time(_ date: Date) -> String { timeFormatter.string(from: date) }

    /// A `YYYY-MM-DD` day as "3 March 2025".
    static func day(_ text: String) -> String { InspectionJSON.date(from: text).map { day($0) } ?? text }

    // MARK: - Form pieces

    /// A labelled text area.
    static func textArea(_ label: String, name: String, value: String = "", required: Bool = false, hint: String? = nil)
        -> PageContent
    {
        .div(
            .class("field"),
            .label(.for(name), .text(label)),
            .unwrap(hint) { .p(.class("hint"), .id("\(name)-hint"), .text($0)) },
            .textarea(
                .name(name), .id(name), .rows(3), .required(required),
                .if(hint != nil, .attribute(named: "aria-describedby", value: "\(name)-hint")), .text(value))
        )
    }

    /// Text cut at a word near `limit` characters, with an ellipsis.
    static func excerpt(_ text: String, limit: Int = 180) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]) + "…"
    }

    // MARK: - Sparkline

    /// A year's trend as an inline SVG: one line per unbroken run of daily values, a dot on the
    /// latest, coloured by the band through CSS classes (no inline style). The x axis is the 365 days
    /// to `today`; the y axis runs from the lowest to the highest value shown.
    static func sparkline(
        _ points: [IndicatorPoint], today: Date, band: IndicatorBand?, name: String, unit: IndicatorUnit
    )
        -> PageContent
    {
        let width = 160.0
        let height = 36.0
        let pad = 3.0
        let end = Calendar.bluelampUTC.startOfDay(for: today)
        let span = 364.0
        func x(_ day: String) -> Double? {
            guard let date = InspectionJSON.date(from: day) else { return nil }
            let offset = span - end.timeIntervalSince(date) / 86_400
            guard offset >= 0, offset <= span else { return nil }
            return pad + (width - 2 * pad) * offset / span
        }
        let values = points.compactMap(\.value)
        guard let low = values.min(), let high = values.max() else {
            return .p(.class("sparkline-empty muted"), "No trend yet: the daily snapshot has not recorded a figure.")
        }
        func y(_ value: Double) -> Double {
            high == low ? height / 2 : pad + (height - 2 * pad) * (1 - (value - low) / (high - low))
        }
        var runs: [[(Double, Double)]] = [[]]
        for point in points {
            guard let value = point.value, let px = x(point.day) else {
                if !(runs.last?.isEmpty ?? true) { runs.append([]) }
                continue
            }
            runs[runs.count - 1].append((px, y(value)))
        }
        runs = runs.filter { !$0.isEmpty }
        let first = points.first { $0.value != nil }
        let last = points.last { $0.value != nil }
        let summary =
            "\(name), last 12 months: "
            + (first.map { "\(value($0.value, unit: unit)) on \(day($0.day))" } ?? "")
            + (last.map { first?.day == $0.day ? "" : " to \(value($0.value, unit: unit)) on \(day($0.day))" } ?? "")
        var nodes: [PageContent] = [
            .attribute(named: "class", value: "sparkline \(bandClass(band))"),
            .attribute(named: "viewBox", value: "0 0 \(Int(width)) \(Int(height))"),
            .attribute(named: "width", value: "\(Int(width))"),
            .attribute(named: "height", value: "\(Int(height))"),
            .attribute(named: "role", value: "img"),
            .attribute(named: "aria-label", value: summary),
            .attribute(named: "focusable", value: "false"),
            .element(named: "title", text: summary),
            .selfClosedElement(
                named: "line",
                attributes: [
                    .attribute(named: "class", value: "axis"), .attribute(named: "x1", value: "0"),
                    .attribute(named: "x2", value: "\(Int(width))"),
                    .attribute(named: "y1", value: "\(Int(height - 1))"),
                    .attribute(named: "y2", value: "\(Int(height - 1))"),
                ]),
        ]
        for run in runs {
            if run.count == 1 { continue }
            nodes.append(
                .selfClosedElement(
                    named: "polyline",
                    attributes: [
                        .attribute(named: "class", value: "trend"),
                        .attribute(
                            named: "points",
                            value: run.map { "\(Chart.coordinate($0.0)),\(Chart.coordinate($0.1))" }.joined(
                                separator: " ")),
                    ]))
        }
        if let point = runs.last?.last {
            nodes.append(
                .selfClosedElement(
                    named: "circle",
                    attributes: [
                        .attribute(named: "class", value: "latest"),
                        .attribute(named: "cx", value: Chart.coordinate(point.0)),
                        .attribute(named: "cy", value: Chart.coordinate(point.1)),
                        .attribute(named: "r", value: "2.5"),
                    ]))
        }
        return .element(named: "svg", nodes: nodes)
    }
}
