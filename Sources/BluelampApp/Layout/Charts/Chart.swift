import BluelampCore
import Foundation
import Plot

/// Charts drawn on the server as inline SVG (issue 22): no JavaScript, each with a title and a description that
/// assistive technology reads, a key in plain HTML and its figures as a table behind a disclosure.
///
/// A chart is 640 user units wide and scales with its container. The layout leaves room for text at the largest size
/// the stylesheet gives it (20 units, in the narrowest containers), and app.css steps the size down as the container
/// widens, so text stays at 11 px or more on a 390 px phone without growing too large on a desktop.
///
/// - `line(...)`: a time series with optional zones (the PEEL bands) and a target.
/// - `bars(...)`: horizontal bars for comparisons, with an optional marker and zones.
/// - `distribution(...)`: counts of whole numbers in ranges, with a cap marked between two ranges.
enum Chart {
    /// A band of values drawn lightly behind the figures, such as a PEEL band between two thresholds.
    struct Zone: Hashable, Sendable {
        /// Either bound may be infinite; the zone then runs to the edge of the chart.
        var lower: Double
        var upper: Double
        /// e.g. `band-good`: the stylesheet gives each band class a light fill.
        var cssClass: String
        /// Short, drawn inside the zone when it is tall enough: "Good".
        var label: String
        /// For the key and the description, e.g. "Good: 95.0% or more". Nil gives "Good: 90.0% to 95.0%".
        var detail: String? = nil
    }

    /// A value marked across the chart with a line: a target, a cap, the force average.
    struct Reference: Hashable, Sendable {
        var value: Double
        /// Shown as given, so it carries its own figure: "Target 90.0%", "Force average 41.2%".
        var label: String
    }

    /// The four PEEL bands as zones, from an indicator's thresholds and direction. Each threshold is the worst value
    /// still in its band (`IndicatorThresholds`), so with higher-is-better good runs from `good` upwards and inadequate
    /// lies below `requiresImprovement`; with lower-is-better the order turns round. A band whose edges are equal
    /// is empty and left out.
    static func peelZones(
        _ thresholds: IndicatorThresholds, direction: IndicatorDirection, format: (Double) -> String
    ) -> [Zone] {
        let t = thresholds
        let higher = direction == .higherIsBetter
        let edges: [(IndicatorBand, Double, Double)] =
            higher
            ? [
                (.good, t.good, .infinity), (.adequate, t.adequate, t.good),
                (.requiresImprovement, t.requiresImprovement, t.adequate),
                (.inadequate, -.infinity, t.requiresImprovement),
            ]
            : [
                (.good, -.infinity, t.good), (.adequate, t.good, t.adequate),
                (.requiresImprovement, t.adequate, t.requiresImprovement),
                (.inadequate, t.requiresImprovement, .infinity),
            ]
        return edges.compactMap { band, lower, upper in
            guard lower < upper else { return nil }
            let range: String
            switch (higher, lower.isFinite, upper.isFinite) {
            case (true, true, false): range = "\(format(lower)) or more"
            case (true, false, true): range = "under \(format(upper))"
            case (true, _, _): range = "\(format(lower)) to under \(format(upper))"
            case (false, false, true): range = "\(format(upper)) or less"
            case (false, true, false): range = "over \(format(lower))"
            case (false, _, _): range = "over \(format(lower)), up to \(format(upper))"
            }
            return Zone(
                lower: lower, upper: upper, cssClass: "band-\(band.rawValue)", label: band.label,
                detail: "\(band.label): \(range)")
        }
    }
}

// MARK: - Layout

extension Chart {
    /// The width of every chart in user units.
    static let width = 640.0
    /// The largest font size app.css gives chart text; layout leaves room for it.
    static let fontSize = 20.0
    /// A generous average advance of one character at `fontSize`, for estimating how wide a label is.
    static let characterWidth = 12.0

    static func textWidth(_ text: String) -> Double { Double(text.count) * characterWidth }

    /// A label cut to fit `width`, ending in "…" when cut. The full text is in the table.
    static func fitted(_ text: String, width: Double) -> String {
        let room = max(1, Int(width / characterWidth))
        return text.count <= room ? text : String(text.prefix(max(1, room - 1))) + "…"
    }

    /// A coordinate with at most one decimal place, and never "nan", "inf" or "-0".
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "0" }
        let tenths = Int64((value * 10).rounded())
        guard tenths != 0 else { return "0" }
        let sign = tenths < 0 ? "-" : ""
        let size = abs(tenths)
        return size % 10 == 0 ? "\(sign)\(size / 10)" : "\(sign)\(size / 10).\(size % 10)"
    }

    /// Where `value` falls between `low` and `high` when they map to `start` and `end`, clamped to that span.
    static func position(_ value: Double, low: Double, high: Double, start: Double, end: Double) -> Double {
        guard high > low, value.isFinite else { return start }
        let share = min(1, max(0, (value - low) / (high - low)))
        return start + (end - start) * share
    }

    /// Evenly spaced round values covering every one of `values`, 1, 2 or 5 times a power of ten apart and never
    /// closer than the format's `resolution`, so each reads exactly; at most `maxCount` of them (fewer if the format
    /// would show two alike) and at least two. Equal values get five ticks around them; values closer together than
    /// the format can show are spread so the axis has a span.
    static func niceTicks(covering values: [Double], maxCount: Int = 6, format: (Double) -> String) -> [Double] {
        let finite = values.filter(\.isFinite).map { min(1e12, max(-1e12, $0)) }
        guard var low = finite.min(), var high = finite.max() else { return [0, 1] }
        let smallest = resolution(of: format)
        if low == high {
            // One value (or many equal): five ticks around it, about a twentieth of it apart.
            let wanted = max(abs(low) * 0.05, smallest)
            let magnitude = pow(10, log10(wanted).rounded(.down))
            let step = [1.0, 2, 5, 10].lazy.map { $0 * magnitude }.first { $0 >= wanted * 0.999 } ?? wanted
            let centre = (low / step).rounded()
            return (centre == 0 && low >= 0 ? 0...4 : -2...2).map { tidy((centre + Double($0)) * step) }
        }
        if high - low < smallest {
            // Too close for the format to tell apart: spread them, without crossing zero.
            let pad = max(abs(low) * 0.1, abs(high) * 0.1, 2 * smallest)
            low = low >= 0 ? max(0, low - pad) : low - pad
            high += pad
        }
        var most = max(2, maxCount)
        while true {
            let raw = (high - low) / Double(most - 1)
            let magnitude = pow(10, log10(raw).rounded(.down))
            var ticks = [low, high]
            for multiple in [1.0, 2, 5, 10, 20, 50, 100] where multiple * magnitude >= smallest * 0.999 {
                let step = multiple * magnitude
                let first = (low / step).rounded(.down)
                let count = Int((high / step).rounded(.up) - first) + 1
                if count <= most {
                    ticks = (0..<count).map { tidy((first + Double($0)) * step) }
                    break
                }
            }
            if most == 2 || Set(ticks.map(format)).count == ticks.count { return ticks }
            most -= 1
        }
    }

    /// The smallest power of ten the format tells apart from zero: 0.1 for "42.0%", 1 for "42".
    static func resolution(of format: (Double) -> String) -> Double {
        let zero = format(0)
        return (-6...9).lazy.map { pow(10, Double($0)) }.first { format($0) != zero } ?? 1e-6
    }

    /// A tick value without binary noise (0.30000000000000004 becomes 0.3) or a negative zero.
    static func tidy(_ value: Double) -> Double {
        (Double(String(format: "%.12g", value)) ?? value) + 0.0
    }

    /// Every finite value among the zones' edges, the references and the range the caller asks to show.
    static func extent(zones: [Zone], references: [Reference?], covering: ClosedRange<Double>?) -> [Double] {
        zones.flatMap { [$0.lower, $0.upper] }.filter(\.isFinite) + references.compactMap { $0?.value }
            + (covering.map { [$0.lowerBound, $0.upperBound] } ?? [])
    }
}

// MARK: - SVG pieces

extension Chart {
    /// An empty SVG element with its attributes, e.g. a `line` or a `rect`.
    static func shape(_ name: String, _ attributes: KeyValuePairs<String, String>) -> PageContent {
        .selfClosedElement(
            named: name, attributes: attributes.map { Attribute<HTML.BodyContext>.attribute(named: $0, value: $1) })
    }

    static func segment(x1: Double, y1: Double, x2: Double, y2: Double, class className: String) -> PageContent {
        shape(
            "line",
            [
                "class": className, "x1": coordinate(x1), "y1": coordinate(y1), "x2": coordinate(x2),
                "y2": coordinate(y2),
            ])
    }

    static func rect(x: Double, y: Double, width: Double, height: Double, class className: String) -> PageContent {
        shape(
            "rect",
            [
                "class": className, "x": coordinate(x), "y": coordinate(y), "width": coordinate(max(0, width)),
                "height": coordinate(max(0, height)),
            ])
    }

    /// Text at a point. `middle` centres it on `y` rather than sitting it on `y` as a baseline.
    static func text(
        _ text: String, x: Double, y: Double, class className: String, anchor: String = "start", middle: Bool = false
    ) -> PageContent {
        .element(
            named: "text",
            nodes: [
                .attribute(named: "class", value: className), .attribute(named: "x", value: coordinate(x)),
                .attribute(named: "y", value: coordinate(y)), .attribute(named: "text-anchor", value: anchor),
                .if(middle, .attribute(named: "dominant-baseline", value: "central")), .text(text),
            ])
    }

    /// The `svg` element: its title and description first, linked by id, so a screen reader announces the chart by
    /// its title and reads the description, and nothing inside it (WCAG 1.1.1).
    static func svg(id: String, title: String, description: String, height: Double, nodes: [PageContent])
        -> PageContent
    {
        .element(
            named: "svg",
            nodes: [
                .attribute(named: "class", value: "chart-image"),
                .attribute(named: "viewBox", value: "0 0 \(coordinate(width)) \(coordinate(height))"),
                .attribute(named: "width", value: "100%"), .attribute(named: "role", value: "img"),
                .attribute(named: "aria-labelledby", value: "\(id)-title \(id)-desc"),
                .attribute(named: "focusable", value: "false"),
                .element(named: "title", nodes: [.attribute(named: "id", value: "\(id)-title"), .text(title)]),
                .element(
                    named: "desc",
                    nodes: [
                        .attribute(named: "id", value: "\(id)-desc"),
                        .text(description.trimmingCharacters(in: .whitespaces)),
                    ]),
            ] + nodes)
    }

    /// In place of a chart with nothing to draw.
    static func noFigures(id: String) -> PageContent {
        .p(.class("chart-empty muted"), .id(id), "No figures yet.")
    }
}

// MARK: - Dates

extension Chart {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// The year and month (1–12) of a date, in UTC like the rest of Bluelamp's dates.
    static func yearMonth(_ date: Date) -> (year: Int, month: Int) {
        let parts = Calendar.bluelampUTC.dateComponents([.year, .month], from: date)
        return (parts.year ?? 1970, parts.month ?? 1)
    }

    /// "Jan 2026", as a month tick reads.
    static func shortMonth(_ date: Date) -> String {
        let (year, month) = yearMonth(date)
        return "\(monthNames[month - 1].prefix(3)) \(year)"
    }

    /// "January 2026".
    static func longMonth(_ date: Date) -> String {
        let (year, month) = yearMonth(date)
        return "\(monthNames[month - 1]) \(year)"
    }

    /// "3 March 2026".
    static func day(_ date: Date) -> String {
        "\(Calendar.bluelampUTC.component(.day, from: date)) \(longMonth(date))"
    }
}
