import BluelampCore
import Foundation
import Testing

@testable import BluelampApp

/// The server-rendered charts (issue 22): text alternatives, zones, targets, gaps, tables, bars and the cases that
/// could put "nan" into an SVG.
@Suite struct ChartTests {
    static let percent: @Sendable (Double) -> String = { String(format: "%.1f%%", $0) }
    static let days: @Sendable (Double) -> String = { String(format: "%.1f days", $0) }

    /// Midnight UTC on a day of 2026, counted from 1 January.
    static func day(_ number: Int) -> Date {
        Date(timeIntervalSince1970: 1_767_225_600 + Double(number - 1) * 86_400)
    }

    static func series(_ values: [Double?]) -> [Chart.Point] {
        values.enumerated().map { Chart.Point(date: day($0.offset + 1), value: $0.element) }
    }

    static func line(
        _ values: [Double?], zones: [Chart.Zone] = [], target: Chart.Reference? = nil,
        format: (Double) -> String = percent
    ) -> String {
        Chart.line(
            id: "trend", title: "Recorded within 24 hours", description: "The share recorded within a day.",
            points: series(values), format: format, zones: zones, target: target
        ).render()
    }

    /// Each `<name …>` element's attributes, in document order.
    static func elements(_ name: String, in html: String) -> [[String: String]] {
        html.matches(of: try! Regex("<\(name) ([^>]*?)/?>")).map { match in
            let inside = String(html[match.range]).dropFirst(name.count + 2)
            var attributes: [String: String] = [:]
            for pair in inside.matches(of: try! Regex("([a-z-]+)=\"([^\"]*)\"")) {
                let text = String(inside[pair.range])
                let equals = text.firstIndex(of: "=")!
                attributes[String(text[..<equals])] = String(text[text.index(equals, offsetBy: 2)...].dropLast())
            }
            return attributes
        }
    }

    static func number(_ text: String?) -> Double { text.flatMap(Double.init) ?? .nan }

    /// Every coordinate and size in the SVG is a plain number with at most one decimal place.
    static func expectTidyCoordinates(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let names = ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"]
        for element in ["rect", "line", "circle", "text"] {
            for attributes in elements(element, in: html) {
                for name in names {
                    guard let value = attributes[name], value != "100%" else { continue }
                    #expect(
                        value.wholeMatch(of: try! Regex("-?[0-9]+(\\.[0-9])?")) != nil, "\(element) \(name)=\(value)",
                        sourceLocation: sourceLocation)
                }
            }
        }
        for polyline in elements("polyline", in: html) {
            #expect(
                polyline["points"]?.wholeMatch(of: try! Regex("(-?[0-9]+(\\.[0-9])?,-?[0-9]+(\\.[0-9])? ?)+")) != nil,
                sourceLocation: sourceLocation)
        }
        #expect(
            !html.lowercased().contains("\"nan") && !html.lowercased().contains("inf\""), sourceLocation: sourceLocation
        )
    }

    // MARK: - Line

    @Test func `the title and the description are present and linked from the svg by their ids`() {
        let html = Self.line([40, 42, 45])
        #expect(html.contains("<title id=\"trend-title\">Recorded within 24 hours</title>"))
        #expect(html.contains("<desc id=\"trend-desc\">The share recorded within a day."))
        #expect(html.contains("role=\"img\""))
        #expect(html.contains("aria-labelledby=\"trend-title trend-desc\""))
        #expect(html.contains("<summary>Data as a table</summary>"))
    }

    @Test func `a zone is drawn for each band, good at the top when higher is better`() {
        let zones = Chart.peelZones(
            IndicatorThresholds(good: 90, adequate: 80, requiresImprovement: 70), direction: .higherIsBetter,
            format: Self.percent)
        let html = Self.line([60, 75, 85, 95], zones: zones)
        let drawn = Self.elements("rect", in: html).filter { $0["class"]?.hasPrefix("zone ") == true }
        #expect(
            drawn.map { $0["class"] } == [
                "zone band-good", "zone band-adequate", "zone band-requires-improvement", "zone band-inadequate",
            ])
        let tops = drawn.map { Self.number($0["y"]) }
        #expect(tops == tops.sorted() && Set(tops).count == 4)
        #expect(html.contains("Good: 90.0% or more"))
        #expect(html.contains("Inadequate: under 70.0%"))
    }

    @Test func `with lower is better, good is the zone at the bottom`() {
        let zones = Chart.peelZones(
            IndicatorThresholds(good: 2, adequate: 4, requiresImprovement: 7), direction: .lowerIsBetter,
            format: Self.days)
        let html = Self.line([1, 3, 5, 9], zones: zones, format: Self.days)
        let drawn = Self.elements("rect", in: html).filter { $0["class"]?.hasPrefix("zone ") == true }
        let top = Dictionary(uniqueKeysWithValues: drawn.map { ($0["class"] ?? "", Self.number($0["y"])) })
        #expect(top.count == 4)
        #expect(top["zone band-inadequate"]! < top["zone band-requires-improvement"]!)
        #expect(top["zone band-requires-improvement"]! < top["zone band-adequate"]!)
        #expect(top["zone band-adequate"]! < top["zone band-good"]!)
        #expect(html.contains("Good: 2.0 days or less"))
    }

    @Test func `zones wider than the figures are clipped to the chart`() {
        let zones = [Chart.Zone(lower: -.infinity, upper: .infinity, cssClass: "band-good", label: "Good")]
        let html = Self.line([41, 43], zones: zones)
        let zone = Self.elements("rect", in: html).first { $0["class"] == "zone band-good" }
        #expect(zone != nil)
        #expect(Self.number(zone?["height"]) <= 240)
        Self.expectTidyCoordinates(html)
    }

    @Test func `the target line is drawn when one is set, and not otherwise`() {
        let target = Chart.Reference(value: 85, label: "Target 85.0%")
        let html = Self.line([70, 80, 90], target: target)
        let lines = Self.elements("line", in: html).filter { $0["class"] == "target" }
        #expect(lines.count == 1)
        #expect(lines.first?["y1"] == lines.first?["y2"])
        #expect(html.contains(">Target 85.0%</text>"))
        #expect(!Self.line([70, 80, 90]).contains("class=\"target\""))
    }

    @Test func `a missing figure breaks the line into separate runs`() {
        let html = Self.line([40, 41, nil, 43, 44, nil, 46])
        #expect(Self.elements("polyline", in: html).count == 2)
        // The lone figure at the end is a dot of its own, and the latest.
        #expect(Self.elements("circle", in: html).filter { $0["class"] == "point" }.count == 1)
        #expect(Self.elements("circle", in: html).filter { $0["class"] == "latest" }.count == 1)
    }

    @Test func `a single figure, equal figures and negative figures give finite coordinates`() {
        for values: [Double?] in [[42], [5, 5, 5, 5], [nil, 7, nil], [-12, -3, 4], [0, 0], [1e9, 1e9 + 1]] {
            let html = Self.line(values)
            #expect(html.contains("<svg"), "\(values)")
            Self.expectTidyCoordinates(html)
        }
    }

    @Test func `the table has a row per figure in date order, with the figures formatted`() {
        var points = Self.series([40, nil, 45.25])
        points.reverse()
        let html = Chart.line(
            id: "t", title: "Shares", description: "", points: points, format: Self.percent, valueHeading: "Share"
        ).render()
        #expect(html.contains("<th scope=\"col\">Date</th><th scope=\"col\" class=\"num\">Share</th>"))
        let rows = html.components(separatedBy: "<th scope=\"row\">").dropFirst()
        #expect(rows.count == 3)
        #expect(rows.map { String($0.prefix { $0 != "<" }) } == ["1 January 2026", "2 January 2026", "3 January 2026"])
        #expect(rows.map { $0.contains("40.0%") } == [true, false, false])
        #expect(rows.map { $0.contains("No figure") } == [false, true, false])
        #expect(rows.map { $0.contains("45.3%") || $0.contains("45.2%") } == [false, false, true])
    }

    @Test func `a long daily series is tabled as the last figure of each month, and says so`() {
        let values: [Double?] = (1...90).map { Double($0) }
        let html = Self.line(values)
        #expect(html.contains("the last figure of each month (90 figures in all)"))
        #expect(html.contains("<th scope=\"col\">Month</th>"))
        let rows = html.components(separatedBy: "<th scope=\"row\">").dropFirst()
        #expect(rows.map { String($0.prefix { $0 != "<" }) } == ["January 2026", "February 2026", "March 2026"])
        // 31 January is day 31, 28 February day 59, 31 March day 90.
        #expect(rows.map { $0.contains(">31.0%<") && !$0.contains(">30.0%<") } == [true, false, false])
        #expect(rows.map { $0.contains(">59.0%<") } == [false, true, false])
        #expect(rows.map { $0.contains(">90.0%<") } == [false, false, true])
    }

    @Test func `month labels read like "Jan 2026"`() {
        let html = Self.line((1...120).map { Double($0) })
        #expect(html.contains(">Feb 2026</text>") || html.contains(">Apr 2026</text>"))
    }

    // MARK: - Bars

    static let bcus = [
        Chart.Bar(label: "North", value: 10, href: "/bcus/n", cssClass: "band-inadequate", note: "Inadequate"),
        Chart.Bar(label: "South", value: 20, cssClass: "band-adequate", note: "Adequate"),
        Chart.Bar(label: "East", value: 40, cssClass: "band-good", note: "Good"),
        Chart.Bar(label: "West", value: nil),
    ]

    @Test func `bars: one bar per row with a figure, widths in proportion to the figures`() {
        let html = Chart.bars(
            id: "bcus", title: "By BCU", description: "Each BCU.", rows: Self.bcus, format: Self.percent,
            labelHeading: "BCU"
        ).render()
        let bars = Self.elements("rect", in: html).filter { $0["class"]?.hasPrefix("bar") == true }
        #expect(bars.map { $0["class"] } == ["bar band-inadequate", "bar band-adequate", "bar band-good"])
        let widths = bars.map { Self.number($0["width"]) }
        #expect(abs(widths[1] / widths[0] - 2) < 0.05)
        #expect(abs(widths[2] / widths[0] - 4) < 0.05)
        #expect(html.contains(">40.0%</text>"))
        #expect(html.contains("No figure"))
        // The table carries the links, the figures and the notes.
        #expect(html.contains("<th scope=\"row\"><a href=\"/bcus/n\">North</a></th>"))
        #expect(html.contains("<th scope=\"col\">Note</th>"))
        #expect(html.components(separatedBy: "<th scope=\"row\">").count - 1 == 4)
        Self.expectTidyCoordinates(html)
    }

    @Test func `the marker is drawn with its label`() {
        let html = Chart.bars(
            id: "bcus", title: "By BCU", description: "", rows: Self.bcus, format: Self.percent,
            marker: Chart.Reference(value: 23.3, label: "Force average 23.3%")
        ).render()
        #expect(Self.elements("line", in: html).filter { $0["class"] == "marker" }.count == 1)
        #expect(html.contains(">Force average 23.3%</text>"))
    }

    @Test func `a caseload distribution marks the cap between two ranges and the ranges over it`() {
        let html = Chart.distribution(
            id: "pip1", title: "PIP 1 caseloads", description: "", values: [0, 1, 2, 3, 8, 8, 9, 12], cap: 8
        ).render()
        for label in ["0 crimes", "1–2 crimes", "7–8 crimes", "9–10 crimes", "11–12 crimes"] {
            #expect(html.contains(">\(label)</text>"), "\(label)")
        }
        #expect(Self.elements("line", in: html).filter { $0["class"] == "divider" }.count == 1)
        #expect(html.contains(">Cap 8</text>"))
        let bars = Self.elements("rect", in: html).filter { $0["class"]?.hasPrefix("bar") == true }
        // Ranges with nobody in them have a bar of no width.
        #expect(bars.filter { $0["class"] == "bar over-cap" }.count == 2)
        #expect(html.contains("<td class=\"num\">2</td><td>Within the cap</td>"))
        #expect(html.contains("Over the cap"))
    }

    @Test func `the cap falls on a range's end even when the ranges are wider`() {
        let html = Chart.distribution(
            id: "pip2", title: "PIP 2", description: "", values: [4, 6, 7], cap: 6, bucketWidth: 4
        ).render()
        #expect(html.contains(">1–4 crimes</text>"))
        #expect(html.contains(">5–6 crimes</text>"))
        #expect(html.contains(">7–10 crimes</text>"))
    }

    // MARK: - Every chart

    @Test func `no figures gives a paragraph instead of a chart`() {
        let empty = [
            Chart.line(id: "a", title: "A", description: "", points: [], format: Self.percent),
            Chart.line(id: "b", title: "B", description: "", points: Self.series([nil, nil]), format: Self.percent),
            Chart.bars(id: "c", title: "C", description: "", rows: [], format: Self.percent),
            Chart.bars(
                id: "d", title: "D", description: "", rows: [Chart.Bar(label: "North", value: nil)],
                format: Self.percent),
            Chart.distribution(id: "e", title: "E", description: "", values: [], cap: 8),
        ]
        for node in empty {
            let html = node.render()
            #expect(html.contains("No figures yet"))
            #expect(!html.contains("<svg"))
        }
    }

    @Test func `no chart carries a style attribute`() {
        let charts = [
            Self.line([40, nil, 45], target: Chart.Reference(value: 42, label: "Target 42.0%")),
            Chart.bars(
                id: "b", title: "B", description: "", rows: Self.bcus, format: Self.percent,
                marker: Chart.Reference(value: 20, label: "Average")
            ).render(),
            Chart.distribution(id: "d", title: "D", description: "", values: [1, 9], cap: 8).render(),
        ]
        for html in charts {
            #expect(!html.contains("style="))
        }
    }

    @Test func `axis values are round, four to six of them, and read exactly in the format`() {
        #expect(Chart.niceTicks(covering: [0, 100], format: Self.percent) == [0, 20, 40, 60, 80, 100])
        let ticks = Chart.niceTicks(covering: [3.2, 7.9], format: Self.days)
        #expect((4...6).contains(ticks.count))
        #expect(ticks.first! <= 3.2 && ticks.last! >= 7.9)
        // Equal figures: ticks around them that the format shows as they are.
        let equal = Chart.niceTicks(covering: [5, 5], format: Self.days)
        #expect(equal.map(Self.days) == ["4.0 days", "4.5 days", "5.0 days", "5.5 days", "6.0 days"])
        // Whole numbers never get a tick between two of them.
        #expect(Chart.niceTicks(covering: [0, 2], format: { String(Int($0)) }) == [0, 1, 2])
    }
}
