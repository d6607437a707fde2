import BluelampCore
import Foundation
import Plot

extension Chart {
    /// A row of a bar chart.
    struct Bar: Hashable, Sendable {
        var label: String
        /// Nil when there is no figure: the row reads "No figure".
        var value: Double?
        /// Where the row's heading in the table leads, e.g. the BCU's page.
        var href: String? = nil
        /// Added to `bar`, e.g. `band-good` or `over-cap`; the stylesheet colours each.
        var cssClass: String = ""
        /// What the colour means in words, for the table: "Requires improvement", "Over the cap".
        var note: String? = nil
    }

    /// A line between two rows, labelled, e.g. the caseload cap between "7–8 crimes" and "9–10 crimes".
    struct Divider: Hashable, Sendable {
        /// The index of the row the line falls after.
        var afterRow: Int
        var label: String
    }

    /// Horizontal bars in the order given, each with its figure at its end, over round values along the bottom;
    /// `zones` behind, a `marker` line across (e.g. the force average) and a `divider` between two rows.
    ///
    /// Links go in the table rather than on the bars: the SVG is one image to assistive technology, so a link inside
    /// it could be neither announced nor reached in a sensible order.
    ///
    /// - Parameters:
    ///   - id: unique on the page; the title and description take their ids from it.
    ///   - description: what the chart compares, in a sentence; the chart adds the highest and lowest rows and the
    ///     marker.
    ///   - format: a figure as the page shows it; used for the bars' labels, the axis, the table and the text.
    ///   - labelHeading, valueHeading, noteHeading: the table's headings; the notes' column is left out when no row
    ///     has a note.
    ///   - legend: what the bars' colours mean, for the key, e.g. `KeyItem(swatch: "bar over-cap", text: "Over the
    ///     cap")`. Zones, the marker and the divider are added to the key without asking.
    ///   - covering: a range the value axis shows even if no bar reaches it. The axis always includes 0.
    /// - Returns: the chart, its key and its table, or a paragraph saying there are no figures yet.
    static func bars(
        id: String, title: String, description: String, rows: [Bar], format: (Double) -> String,
        labelHeading: String = "Name", valueHeading: String = "Figure", noteHeading: String = "Note",
        zones: [Zone] = [], marker: Reference? = nil, divider: Divider? = nil, legend: [KeyItem] = [],
        covering: ClosedRange<Double>? = nil
    ) -> PageContent {
        let rows = rows.map { row in
            var row = row
            row.value = row.value.flatMap { $0.isFinite ? $0 : nil }
            return row
        }
        let values = rows.compactMap(\.value)
        guard !values.isEmpty else { return noFigures(id: id) }

        // Layout: labels right-aligned in a column on the left, figures after the bars, round values underneath.
        let rowHeight = 34.0
        let barHeight = 22.0
        let dividerGap = 32.0
        let top = marker == nil ? 8.0 : fontSize + 18
        let labelColumn = min(width * 0.4, (rows.map { textWidth($0.label) }.max() ?? 0) + 14)
        let valueLabels = rows.map { $0.value.map(format) ?? "No figure" }
        let valueRoom = min(width * 0.3, (valueLabels.map(textWidth).max() ?? 0) + 10)
        let extent = [0] + values + extent(zones: zones, references: [marker], covering: covering)
        let negative = (extent.min() ?? 0) < 0
        let plotLeft = labelColumn + (negative ? valueRoom : 6)
        let plotRight = width - valueRoom
        var ticks = niceTicks(covering: extent, format: format)
        // Fewer round values when their labels would touch.
        let widestTick = ticks.map { textWidth(format($0)) }.max() ?? 0
        let fit = Int((plotRight - plotLeft) / (widestTick + 16)) + 1
        if fit < ticks.count { ticks = niceTicks(covering: extent, maxCount: max(2, fit), format: format) }
        let low = ticks.first ?? 0
        let high = ticks.last ?? 1
        func x(_ value: Double) -> Double {
            position(value, low: low, high: high, start: plotLeft, end: plotRight)
        }
        let divided = divider.flatMap { (0..<(rows.count - 1)).contains($0.afterRow) ? $0 : nil }
        func rowTop(_ index: Int) -> Double {
            top + Double(index) * rowHeight + (divided.map { index > $0.afterRow } == true ? dividerGap : 0)
        }
        let plotBottom = rowTop(rows.count - 1) + rowHeight
        let height = plotBottom + fontSize + 16

        var nodes: [PageContent] = []
        for zone in zones where zone.lower < zone.upper {
            let start = x(max(zone.lower, low))
            let end = x(min(zone.upper, high))
            guard end - start >= 0.5 else { continue }
            nodes.append(
                rect(x: start, y: top, width: end - start, height: plotBottom - top, class: "zone \(zone.cssClass)"))
        }
        for (index, tick) in ticks.enumerated() {
            nodes.append(segment(x1: x(tick), y1: top, x2: x(tick), y2: plotBottom, class: "grid"))
            // The outer labels align with the ends of the axis so they stay inside the chart.
            let anchor = ticks.count > 1 && index == ticks.count - 1 ? "end" : index == 0 ? "start" : "middle"
            nodes.append(
                text(format(tick), x: x(tick), y: plotBottom + fontSize + 6, class: "tick-label", anchor: anchor))
        }
        nodes.append(segment(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, class: "axis"))
        // Bars first, then the lines across them, then every label, so no line runs through a figure.
        var labels: [PageContent] = []
        for (index, row) in rows.enumerated() {
            let middle = rowTop(index) + rowHeight / 2
            labels.append(
                text(
                    fitted(row.label, width: labelColumn - 14), x: labelColumn - 8, y: middle, class: "row-label",
                    anchor: "end", middle: true))
            guard let value = row.value else {
                labels.append(text("No figure", x: x(0) + 6, y: middle, class: "value-label", middle: true))
                continue
            }
            let start = min(x(0), x(value))
            let end = max(x(0), x(value))
            nodes.append(
                rect(
                    x: start, y: middle - barHeight / 2, width: end - start, height: barHeight,
                    class: "bar \(row.cssClass)".trimmingCharacters(in: .whitespaces)))
            labels.append(
                value < 0
                    ? text(
                        valueLabels[index], x: start - 6, y: middle, class: "value-label", anchor: "end", middle: true)
                    : text(valueLabels[index], x: end + 6, y: middle, class: "value-label", middle: true))
        }
        nodes.append(segment(x1: x(0), y1: top, x2: x(0), y2: plotBottom, class: "axis"))
        if let marker {
            let at = x(marker.value)
            nodes.append(segment(x1: at, y1: top - 6, x2: at, y2: plotBottom, class: "marker"))
            // Centred over the line, moved in from the edges.
            let half = textWidth(marker.label) / 2
            let centre = min(max(at, half + 2), width - half - 2)
            labels.append(text(marker.label, x: centre, y: top - 12, class: "marker-label", anchor: "middle"))
        }
        if let divided {
            let at = rowTop(divided.afterRow + 1) - dividerGap / 2
            nodes.append(segment(x1: textWidth(divided.label) + 12, y1: at, x2: width - 4, y2: at, class: "divider"))
            labels.append(text(divided.label, x: 4, y: at, class: "divider-label", middle: true))
        }
        nodes += labels

        var key = legend + zones.map { KeyItem(swatch: "zone \($0.cssClass)", text: zoneDetail($0, format: format)) }
        if let marker { key.append(KeyItem(swatch: "marker", text: marker.label)) }
        if let divided { key.append(KeyItem(swatch: "divider", text: divided.label)) }
        let noted = rows.contains { $0.note != nil }
        return figure(
            id: id, kind: "chart-bars",
            svg: svg(
                id: id, title: title,
                description: "\(description) \(barsSummary(rows, format: format, marker: marker, divider: divided))",
                height: height, nodes: nodes),
            key: key, caption: title, headings: [labelHeading, valueHeading] + (noted ? [noteHeading] : []),
            rows: zip(rows, valueLabels).map { row, value in
                TableRow(heading: row.label, href: row.href, cells: [value] + (noted ? [row.note ?? ""] : []))
            })
    }

    /// How many whole numbers fall in each range, as bars: "0 crimes", "1–2 crimes", "3–4 crimes"… in order, with
    /// the `cap` drawn as a line after the range it ends and the ranges above it marked `over-cap`. The ranges are
    /// `bucketWidth` wide, but the one the cap falls in ends at the cap, and one range above the cap is always
    /// shown so the line falls between two rows. Negative values are left out.
    ///
    /// For a caseload distribution per PIP level: `values` holds each officer's open crimes, `cap` the level's cap.
    static func distribution(
        id: String, title: String, description: String, values: [Int], cap: Int?, bucketWidth: Int = 2,
        unit: (one: String, many: String) = ("crime", "crimes"), countHeading: String = "Officers",
        rangeHeading: String = "Caseload"
    ) -> PageContent {
        let values = values.filter { $0 >= 0 }
        guard let most = values.max() else { return noFigures(id: id) }
        let step = max(1, bucketWidth)
        var ranges: [ClosedRange<Int>] = [0...0]
        let end = max(most, cap.map { $0 + 1 } ?? 0)
        var start = 1
        while start <= end, ranges.count < 200 {
            var upper = start + step - 1
            if let cap, start <= cap, upper > cap { upper = cap }
            ranges.append(start...upper)
            start = upper + 1
        }
        if ranges.count == 200, let last = ranges.last { ranges[199] = last.lowerBound...max(last.upperBound, most) }
        let rows = ranges.map { range in
            let over = cap.map { range.lowerBound > $0 } ?? false
            let label =
                range.count == 1
                ? "\(range.lowerBound) \(range.lowerBound == 1 ? unit.one : unit.many)"
                : "\(range.lowerBound)–\(range.upperBound) \(unit.many)"
            return Bar(
                label: label, value: Double(values.filter(range.contains).count), cssClass: over ? "over-cap" : "",
                note: cap == nil ? nil : over ? "Over the cap" : "Within the cap")
        }
        let divider = cap.flatMap { cap in
            ranges.firstIndex { $0.upperBound == cap }.map { Divider(afterRow: $0, label: "Cap \(cap)") }
        }
        return bars(
            id: id, title: title, description: description, rows: rows, format: { Int($0).formatted() },
            labelHeading: rangeHeading, valueHeading: countHeading, noteHeading: "Against the cap", divider: divider,
            legend: cap == nil
                ? []
                : [
                    KeyItem(swatch: "bar", text: "Within the cap"),
                    KeyItem(swatch: "bar over-cap", text: "Over the cap"),
                ])
    }

    /// The sentences the chart adds to its description: how many rows, the highest and lowest, the marker.
    static func barsSummary(_ rows: [Bar], format: (Double) -> String, marker: Reference?, divider: Divider?) -> String
    {
        let valued = rows.compactMap { row in row.value.map { (label: row.label, value: $0) } }
        var parts = ["\(rows.count) \(rows.count == 1 ? "row" : "rows")."]
        if valued.count > 1, let highest = valued.max(by: { $0.value < $1.value }),
            let lowest = valued.min(by: { $0.value < $1.value })
        {
            parts.append(
                "Highest \(highest.label), \(format(highest.value)); lowest \(lowest.label), \(format(lowest.value)).")
        }
        if let marker { parts.append("\(marker.label).") }
        if let divider, divider.afterRow < rows.count {
            parts.append("\(divider.label) after \(rows[divider.afterRow].label).")
        }
        return parts.joined(separator: " ")
    }
}
