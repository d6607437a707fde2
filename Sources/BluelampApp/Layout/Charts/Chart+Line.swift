import BluelampCore
import Foundation
import Plot

extension Chart {
    /// A figure on a day. Nil when there was no figure: the line breaks there.
    struct Point: Hashable, Sendable {
        var date: Date
        var value: Double?
    }

    /// Beyond this many points the table gives one row per month (the month's last figure), not one per point.
    static let mostTableRows = 62

    /// A time series as a line, full width: month labels along the bottom, 4–6 round values up the side, `zones`
    /// behind (e.g. `peelZones`), a dashed `target` line and a dot on the latest figure.
    ///
    /// - Parameters:
    ///   - id: unique on the page; the title and description take their ids from it.
    ///   - description: what the chart shows, in a sentence; the chart adds the dates, the latest, lowest and highest
    ///     figures, the target and the zones.
    ///   - points: in any order; drawn and tabled in date order. A nil value breaks the line.
    ///   - format: a figure as the page shows it, e.g. "42.0%" or "3.5 days"; used for the axis, the table and the text.
    ///   - valueHeading: the table's heading for the figures.
    ///   - covering: a range the value axis shows even if no figure reaches it, e.g. `0...100` for a percentage.
    /// - Returns: the chart, its key and its table, or a paragraph saying there are no figures yet.
    static func line(
        id: String, title: String, description: String, points: [Point], format: (Double) -> String,
        valueHeading: String = "Figure", zones: [Zone] = [], target: Reference? = nil,
        covering: ClosedRange<Double>? = nil
    ) -> PageContent {
        let points = points.map { Point(date: $0.date, value: $0.value.flatMap { $0.isFinite ? $0 : nil }) }
            .enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        let values = points.compactMap(\.value)
        guard let first = points.first, let last = points.last, let lowest = values.min(), let highest = values.max()
        else { return noFigures(id: id) }

        // Layout: value labels right-aligned against the plot, month labels under it.
        let height = 240.0
        let top = 14.0
        let plotBottom = height - 36
        let plotRight = width - 14
        let ticks = niceTicks(
            covering: values + extent(zones: zones, references: [target], covering: covering), format: format)
        let tickLabels = ticks.map(format)
        let left = min(width / 2, (tickLabels.map(textWidth).max() ?? 0) + 16)
        let low = ticks.first ?? lowest
        let high = ticks.last ?? highest
        func y(_ value: Double) -> Double {
            position(value, low: low, high: high, start: plotBottom, end: top)
        }
        let span = last.date.timeIntervalSince(first.date)
        func x(_ date: Date) -> Double {
            span > 0
                ? position(date.timeIntervalSince(first.date), low: 0, high: span, start: left, end: plotRight)
                : (left + plotRight) / 2
        }

        // Zones clipped to the axis, as (zone, top, bottom).
        let drawn = zones.compactMap { zone -> (Zone, Double, Double)? in
            guard zone.lower < zone.upper else { return nil }
            let upper = y(min(zone.upper, high))
            let lower = y(max(zone.lower, low))
            return lower - upper >= 0.5 ? (zone, upper, lower) : nil
        }
        var nodes = drawn.map { zone, upper, lower in
            rect(x: left, y: upper, width: plotRight - left, height: lower - upper, class: "zone \(zone.cssClass)")
        }
        for (tick, label) in zip(ticks, tickLabels) {
            nodes.append(segment(x1: left, y1: y(tick), x2: plotRight, y2: y(tick), class: "grid"))
            nodes.append(text(label, x: left - 8, y: y(tick), class: "tick-label", anchor: "end", middle: true))
        }
        nodes += monthAxis(
            from: first.date, to: last.date, left: left, right: plotRight, top: top, bottom: plotBottom, x: x)
        nodes.append(segment(x1: left, y1: plotBottom, x2: plotRight, y2: plotBottom, class: "axis"))
        let targetY = target.map { y($0.value) }
        if let targetY { nodes.append(segment(x1: left, y1: targetY, x2: plotRight, y2: targetY, class: "target")) }
        let pieces = runs(points, x: x, y: y)
        nodes += trend(pieces)

        // Labels go where they hide least of the line: the target's first, then each zone's name inside its zone.
        var placer = LabelPlacer(line: pieces, left: left, right: plotRight)
        if let target, let targetY {
            let gap = fontSize / 2 + 4
            let rows = [targetY - gap, targetY + gap].filter {
                $0 - fontSize / 2 >= top && $0 + fontSize / 2 <= plotBottom
            }
            if let spot = placer.place(target.label, rows: rows.isEmpty ? [targetY - gap] : rows, across: []) {
                nodes.append(
                    text(target.label, x: spot.x, y: spot.y, class: "target-label", anchor: spot.anchor, middle: true))
            }
        }
        for (zone, upper, lower) in drawn where lower - upper >= fontSize + 6 {
            let inset = fontSize / 2 + 3
            let rows = [(upper + lower) / 2, upper + inset, lower - inset]
            if let spot = placer.place(zone.label, rows: rows, across: targetY.map { [$0] } ?? []) {
                nodes.append(
                    text(zone.label, x: spot.x, y: spot.y, class: "zone-label", anchor: spot.anchor, middle: true))
            }
        }
        if let latest = pieces.last(where: { !$0.isEmpty })?.last {
            nodes.append(
                shape("circle", ["class": "latest", "cx": coordinate(latest.0), "cy": coordinate(latest.1), "r": "5"]))
        }

        let latest = points.last { $0.value != nil }
        let summary = lineSummary(
            points: points, lowest: lowest, highest: highest, latest: latest, format: format, zones: zones,
            target: target)
        var key = zones.map { KeyItem(swatch: "zone \($0.cssClass)", text: zoneDetail($0, format: format)) }
        if let target { key.append(KeyItem(swatch: "target", text: target.label)) }
        if let latest, let value = latest.value {
            key.append(KeyItem(swatch: "latest", text: "Latest: \(format(value)) on \(day(latest.date))"))
        }
        let monthly = points.count > mostTableRows
        return figure(
            id: id, kind: "chart-line",
            svg: svg(id: id, title: title, description: "\(description) \(summary)", height: height, nodes: nodes),
            key: key,
            caption: monthly
                ? "\(title): the last figure of each month (\(points.count) figures in all)" : title,
            headings: [monthly ? "Month" : "Date", valueHeading],
            rows: monthly
                ? monthlyRows(points, format: format)
                : points.map {
                    TableRow(heading: day($0.date), cells: [$0.value.map(format) ?? "No figure"])
                })
    }

    /// The figures as points in runs between missing figures.
    static func runs(_ points: [Point], x: (Date) -> Double, y: (Double) -> Double) -> [[(Double, Double)]] {
        var runs: [[(Double, Double)]] = [[]]
        for point in points {
            if let value = point.value {
                runs[runs.count - 1].append((x(point.date), y(value)))
            } else if !(runs.last?.isEmpty ?? true) {
                runs.append([])
            }
        }
        return runs.filter { !$0.isEmpty }
    }

    /// A polyline for each run; a run of one figure is a dot.
    static func trend(_ runs: [[(Double, Double)]]) -> [PageContent] {
        runs.map { run in
            run.count == 1
                ? shape("circle", ["class": "point", "cx": coordinate(run[0].0), "cy": coordinate(run[0].1), "r": "3"])
                : shape(
                    "polyline",
                    [
                        "class": "trend",
                        "points": run.map { "\(coordinate($0.0)),\(coordinate($0.1))" }.joined(separator: " "),
                    ])
        }
    }

    /// Chooses where labels go inside the plot: at its right or left edge, in one of the rows offered, wherever
    /// the fewest points of the line (and no horizontal line or earlier label) fall under the text.
    struct LabelPlacer {
        /// Where a label goes: its anchor point and which end of the text sits there.
        struct Spot {
            var x: Double
            var y: Double
            var anchor: String
        }

        /// The line, sampled every few units so a long segment counts where it crosses.
        var samples: [(Double, Double)] = []
        var left: Double
        var right: Double
        var taken: [(x0: Double, x1: Double, y0: Double, y1: Double)] = []

        init(line runs: [[(Double, Double)]], left: Double, right: Double) {
            self.left = left
            self.right = right
            for run in runs {
                samples.append(run[0])
                for (from, to) in zip(run, run.dropFirst()) {
                    let steps = max(1, Int(hypot(to.0 - from.0, to.1 - from.1) / 3))
                    for step in 1...steps {
                        let share = Double(step) / Double(steps)
                        samples.append((from.0 + (to.0 - from.0) * share, from.1 + (to.1 - from.1) * share))
                    }
                }
            }
        }

        /// The best spot for `label` centred on one of `rows`, or nil when it is wider than the plot. Crossing a
        /// line at one of the heights in `across` costs as much as hiding many points.
        mutating func place(_ label: String, rows: [Double], across: [Double]) -> Spot? {
            let width = Chart.textWidth(label)
            guard width + 12 <= right - left else { return nil }
            var best: (cost: Int, x: Double, y: Double, anchor: String, box: (Double, Double, Double, Double))?
            for row in rows {
                for (x, anchor) in [(right - 6, "end"), (left + 6, "start")] {
                    let x0 = anchor == "end" ? x - width : x
                    let box = (x0 - 3, x0 + width + 3, row - Chart.fontSize / 2 - 2, row + Chart.fontSize / 2 + 2)
                    var cost = samples.filter { box.0 <= $0.0 && $0.0 <= box.1 && box.2 <= $0.1 && $0.1 <= box.3 }.count
                    cost += across.filter { box.2 <= $0 && $0 <= box.3 }.count * 50
                    cost +=
                        taken.filter { box.0 < $0.x1 && $0.x0 < box.1 && box.2 < $0.y1 && $0.y0 < box.3 }.count * 1000
                    if best.map({ cost < $0.cost }) ?? true { best = (cost, x, row, anchor, box) }
                }
            }
            guard let best else { return nil }
            taken.append(best.box)
            return Spot(x: best.x, y: best.y, anchor: best.anchor)
        }
    }

    /// A tick under every month that starts within the dates, and "Jan 2026" labels as often as they fit: every
    /// month, or every 2, 3, 4, 6 or 12 months, counted from January so quarters fall on Jan, Apr, Jul and Oct.
    static func monthAxis(
        from start: Date, to end: Date, left: Double, right: Double, top: Double, bottom: Double, x: (Date) -> Double
    ) -> [PageContent] {
        let calendar = Calendar.bluelampUTC
        let (year, month) = yearMonth(start)
        var starts: [Date] = []
        var next = calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? start
        if next < start { next = calendar.date(byAdding: .month, value: 1, to: next) ?? end }
        while next <= end, starts.count < 1200 {
            starts.append(next)
            next = calendar.date(byAdding: .month, value: 1, to: next) ?? end.addingTimeInterval(1)
        }
        let labelY = bottom + fontSize + 8
        guard !starts.isEmpty else {
            // Less than a month: name the month the figures start in.
            return [text(shortMonth(start), x: left, y: labelY, class: "tick-label")]
        }
        let monthWidth = (right - left) * 30.44 * 86_400 / max(end.timeIntervalSince(start), 86_400)
        let room = textWidth("Sep 2026") + 12
        let every = [1, 2, 3, 4, 6, 12, 24, 60, 120].first { Double($0) * monthWidth >= room } ?? 120
        var nodes: [PageContent] = []
        for date in starts {
            let at = x(date)
            let (year, month) = yearMonth(date)
            let labelled = (year * 12 + month - 1) % every == 0
            if labelled {
                nodes.append(segment(x1: at, y1: top, x2: at, y2: bottom, class: "grid"))
            }
            if labelled || monthWidth >= 6 {
                nodes.append(segment(x1: at, y1: bottom, x2: at, y2: bottom + (labelled ? 8 : 5), class: "tick"))
            }
            // Each label starts at its month's tick and is left out if it would run off the right-hand edge.
            if labelled, at + textWidth(shortMonth(date)) <= width {
                nodes.append(text(shortMonth(date), x: at + 3, y: labelY, class: "tick-label"))
            }
        }
        return nodes
    }

    /// One row per month, in order: the last figure recorded in it, or "No figure".
    static func monthlyRows(_ points: [Point], format: (Double) -> String) -> [TableRow] {
        var rows: [(month: String, value: Double?)] = []
        var current: (year: Int, month: Int)?
        for point in points {
            let month = yearMonth(point.date)
            if current.map({ $0 != month }) ?? true {
                rows.append((longMonth(point.date), nil))
                current = month
            }
            if let value = point.value { rows[rows.count - 1].value = value }
        }
        return rows.map { TableRow(heading: $0.month, cells: [$0.value.map(format) ?? "No figure"]) }
    }

    /// A zone as the key and the description give it: its own detail, or its label and range.
    static func zoneDetail(_ zone: Zone, format: (Double) -> String) -> String {
        if let detail = zone.detail { return detail }
        switch (zone.lower.isFinite, zone.upper.isFinite) {
        case (true, true): return "\(zone.label): \(format(zone.lower)) to \(format(zone.upper))"
        case (true, false): return "\(zone.label): \(format(zone.lower)) or more"
        case (false, true): return "\(zone.label): up to \(format(zone.upper))"
        case (false, false): return zone.label
        }
    }

    /// The sentences the chart adds to its description: the dates, the latest, lowest and highest figures, the
    /// target and the zones.
    static func lineSummary(
        points: [Point], lowest: Double, highest: Double, latest: Point?, format: (Double) -> String, zones: [Zone],
        target: Reference?
    ) -> String {
        var parts: [String] = []
        if let first = points.first, let last = points.last {
            parts.append(
                first.date == last.date
                    ? "Figures for \(day(first.date))." : "From \(day(first.date)) to \(day(last.date)).")
        }
        if let latest, let value = latest.value {
            parts.append(
                "Latest \(format(value)) on \(day(latest.date)); lowest \(format(lowest)), highest \(format(highest)).")
        }
        if let target { parts.append("\(target.label).") }
        if !zones.isEmpty {
            parts.append("Bands: " + zones.map { zoneDetail($0, format: format) }.joined(separator: "; ") + ".")
        }
        return parts.joined(separator: " ")
    }
}
