import BluelampCore
import Foundation
import Plot

/// `/calls`: how quickly the public's calls are answered and attended (issue 18), for a period and a BCU chosen with
/// a GET form. Each chart is an inline SVG drawn on the server, with a text alternative and the same figures in a
/// table beneath it, so the page works without JavaScript and with a screen reader.
struct CallFiguresPage {
    struct Model {
        var result: CallService.Figures?
        var from: String
        var to: String
        var bcu: String
        var errors: [String] = []
        var choices: [BCU]
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Calls from the public",
                "How quickly 999 and 101 calls are answered and incidents attended, against the national and the "
                    + "force's standards. Calls hold no personal data; every figure is counted from the call records."),
            Part.errors(model.errors),
            .form(
                .class("stack filters"), .method(.get), .action(Paths.calls()),
                .component(Part.field("From", name: "from", value: model.from, type: .date, hint: "YYYY-MM-DD")),
                .component(Part.field("To", name: "to", value: model.to, type: .date, hint: "YYYY-MM-DD")),
                .component(
                    Part.select(
                        "BCU", name: "bcu", options: model.choices.map { ($0.code, "\($0.code) \($0.name)") },
                        selected: model.bcu, includeAny: "Every BCU in my scope")),
                .button(.type(.submit), "Show")
            ),
            .unwrap(model.result) { figures($0) }
        )
    }

    private func figures(_ result: CallService.Figures) -> PageContent {
        let f = result.figures
        let s = result.standards
        let target = Self.percent(s.emergencyAnswerTarget)
        let period = "\(result.from.text) to \(result.to.text)"
        let scope = result.bcu.map { "\($0.code) \($0.name)" } ?? "every BCU in scope"
        return .group(
            .p(.text("\(f.calls) calls received \(period), \(scope).")),
            .h2("Summary"),
            .dl(
                .class("facts"),
                .dt(.text("999 answered within \(s.emergencyAnswerSeconds) seconds")),
                .dd(.text(Self.share(f.emergencyWithinStandard) + " (national standard \(target))")),
                .dt("999 answer time"),
                .dd(.text(Self.median(f.emergencyMedianSeconds, f.emergencyP90Seconds))),
                .dt("101 answer time"),
                .dd(.text(Self.median(f.nonEmergencyMedianSeconds, f.nonEmergencyP90Seconds))),
                .dt("101 calls abandoned"), .dd(.text(Self.share(f.nonEmergencyAbandoned))),
                .dt(.text("Immediate (I) attended within \(s.immediateAttendMinutes) minutes")),
                .dd(.text(Self.share(f.immediateAttended))),
                .dt(.text("Significant (S) attended within \(s.significantAttendMinutes) minutes")),
                .dd(.text(Self.share(f.significantAttended)))
            ),
            section(
                id: "by-hour", title: "999 answered within \(s.emergencyAnswerSeconds) seconds, by hour of the day",
                label: "Hour (Europe/London)",
                rows: (0..<24).compactMap { hour in
                    f.emergencyByHour[hour].map { ((hour < 10 ? "0" : "") + "\(hour):00", $0) }
                }, target: s.emergencyAnswerTarget),
            section(
                id: "by-bcu", title: "999 answered within \(s.emergencyAnswerSeconds) seconds, by BCU", label: "BCU",
                rows: f.emergencyByBCU.keys.sorted().map { ($0.code, f.emergencyByBCU[$0]!) },
                target: s.emergencyAnswerTarget),
            section(
                id: "by-month", title: "999 answered within \(s.emergencyAnswerSeconds) seconds, by month",
                label: "Month", rows: f.emergencyByMonth.keys.sorted().map { ($0, f.emergencyByMonth[$0]!) },
                target: s.emergencyAnswerTarget),
            section(
                id: "by-day", title: "999 answered within \(s.emergencyAnswerSeconds) seconds, by day", label: "Day",
                rows: f.emergencyByDay.keys.sorted().map { ($0.text, f.emergencyByDay[$0]!) },
                target: s.emergencyAnswerTarget)
        )
    }

    /// A chart and its table: one bar per row, the standard drawn as a line across.
    private func section(id: String, title: String, label: String, rows: [(String, CallShare)], target: Double)
        -> PageContent
    {
        .section(
            .id(id),
            .h2(.text(title)),
            rows.isEmpty
                ? .p(.class("muted"), "No 999 calls answered in the period.")
                : .group(
                    Self.chart(title: title, rows: rows, target: target),
                    .table(
                        .caption(.text(title)),
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), .text(label)),
                                .th(.attribute(named: "scope", value: "col"), "Answered"),
                                .th(.attribute(named: "scope", value: "col"), "Within the standard"),
                                .th(.attribute(named: "scope", value: "col"), "Share"))),
                        .tbody(
                            .forEach(rows) { row in
                                .tr(
                                    .th(.attribute(named: "scope", value: "row"), .text(row.0)),
                                    .td(.text(String(row.1.of))), .td(.text(String(row.1.met))),
                                    .td(.text(row.1.rate.map(Self.percent) ?? "–")))
                            }))
                ))
    }

    /// A bar chart of shares as inline SVG: bars 0–100%, the target as a line, the summary as its text alternative.
    static func chart(title: String, rows: [(String, CallShare)], target: Double) -> PageContent {
        let barWidth = 18.0
        let gap = 4.0
        let height = 120.0
        let width = Double(rows.count) * (barWidth + gap) + gap
        let below = rows.filter { ($0.1.rate ?? 1) < target }.map(\.0)
        let summary =
            "\(title): \(rows.count) bars; "
            + (below.isEmpty
                ? "every one meets \(percent(target))."
                : "below \(percent(target)): \(below.joined(separator: ", ")).") + " The table below gives each figure."
        var nodes: [PageContent] = [
            .attribute(named: "class", value: "bar-chart"),
            .attribute(named: "viewBox", value: "0 0 \(Int(width)) \(Int(height))"),
            .attribute(named: "width", value: "\(Int(width))"),
            .attribute(named: "height", value: "\(Int(height))"),
            .attribute(named: "role", value: "img"),
            .attribute(named: "aria-label", value: summary),
            .attribute(named: "focusable", value: "false"),
            .element(named: "title", text: summary),
        ]
        for (index, row) in rows.enumerated() {
            let rate = row.1.rate ?? 0
            let barHeight = max(1, rate * (height - 2))
            nodes.append(
                .selfClosedElement(
                    named: "rect",
                    attributes: [
                        .attribute(named: "class", value: rate >= target ? "bar met" : "bar below"),
                        .attribute(named: "x", value: String(format: "%.1f", gap + Double(index) * (barWidth + gap))),
                        .attribute(named: "y", value: String(format: "%.1f", height - barHeight)),
                        .attribute(named: "width", value: String(format: "%.1f", barWidth)),
                        .attribute(named: "height", value: String(format: "%.1f", barHeight)),
                    ]))
        }
        let y = height - target * (height - 2)
        nodes.append(
            .selfClosedElement(
                named: "line",
                attributes: [
                    .attribute(named: "class", value: "target"), .attribute(named: "x1", value: "0"),
                    .attribute(named: "x2", value: "\(Int(width))"),
                    .attribute(named: "y1", value: String(format: "%.1f", y)),
                    .attribute(named: "y2", value: String(format: "%.1f", y)),
                ]))
        return .element(named: "svg", nodes: nodes)
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    static func share(_ share: CallShare) -> String {
        guard let rate = share.rate else { return "no calls" }
        return "\(percent(rate)) (\(share.met) of \(share.of))"
    }

    static func median(_ median: Int?, _ p90: Int?) -> String {
        guard let median, let p90 else { return "no calls answered" }
        return "median \(median) s, 90th percentile \(p90) s"
    }
}
