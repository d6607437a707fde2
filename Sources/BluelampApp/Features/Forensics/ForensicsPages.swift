import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// Shared pieces of the digital forensics pages.
enum ForensicsParts {
    /// `2025-04-17 14:00` in Europe/London.
    static func time(_ date: Date?) -> String {
        date.map { LocalTime.minuteText($0, in: .london).replacingOccurrences(of: "T", with: " ") } ?? "–"
    }

    static func policySummary(_ policy: ForensicsCapacityPolicy) -> String {
        let hours = policy.types.map { "\($0) \(String(format: "%g", policy.hoursByType[$0] ?? 0)) h" }
            .joined(separator: ", ")
        return "\(policy.slots) slot\(policy.slots == 1 ? "" : "s"); "
            + "\(ForensicsWorkingHours.clockText(policy.workingHours.startMinute))–"
            + "\(ForensicsWorkingHours.clockText(policy.workingHours.endMinute)) \(policy.workingHours.daysText)"
            + (policy.bankHolidaysOff ? ", bank holidays off" : ", bank holidays worked") + "; \(hours)"
    }

    static func col(_ text: String) -> Node<HTML.TableRowContext> {
        .th(.attribute(named: "scope", value: "col"), .text(text))
    }

    /// A bar chart of counts as inline SVG, one group of bars per row (one bar per series), with the summary as its
    /// text alternative; the table beside it gives every figure.
    static func countChart(title: String, series: [String], rows: [(String, [Int])]) -> PageContent {
        let barWidth = 14.0
        let gap = 10.0
        let height = 100.0
        let group = Double(series.count) * barWidth + gap
        let width = Double(rows.count) * group + gap
        let top = max(1, rows.flatMap { $0.1 }.max() ?? 1)
        let summary =
            "\(title): "
            + rows.map { row in
                "\(row.0) " + zip(series, row.1).map { "\($0) \($1)" }.joined(separator: ", ")
            }.joined(separator: "; ") + "."
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
            for (s, count) in row.1.enumerated() {
                let barHeight = count == 0 ? 0 : max(1, Double(count) / Double(top) * (height - 2))
                nodes.append(
                    .selfClosedElement(
                        named: "rect",
                        attributes: [
                            .attribute(named: "class", value: s == 0 ? "bar met" : "bar below"),
                            .attribute(
                                named: "x",
                                value: String(format: "%.1f", gap + Double(index) * group + Double(s) * barWidth)),
                            .attribute(named: "y", value: String(format: "%.1f", height - barHeight)),
                            .attribute(named: "width", value: String(format: "%.1f", barWidth - 1)),
                            .attribute(named: "height", value: String(format: "%.1f", barHeight)),
                        ]))
            }
        }
        return .element(named: "svg", nodes: nodes)
    }
}

/// `/forensics`: the unit's queue with each device's expected start and finish on the policy in force, and beside it
/// the same queue on a what-if policy (more slots, other hours or days) chosen with a GET form.
struct ForensicsQueuePage {
    struct Model {
        var queue: ForensicsService.Queue
        var query: ForensicsRoutes.WhatIfQuery
        var errors: [String]
        var now: Date
    }

    var model: Model

    func render() -> PageContent {
        let current = model.queue.current
        let whatIf = model.queue.whatIf
        let whatIfByID = Dictionary(
            uniqueKeysWithValues: (whatIf?.places ?? []).map { ($0.submission.id, $0) })
        return .group(
            Part.heading(
                "Digital forensics queue",
                "Devices submitted for triage in the order the unit takes them: risk to children first, then "
                    + "priority, then submission time. Expected times are forecast on the unit's capacity."),
            Part.errors(model.errors),
            .p(.text("Policy in force: " + ForensicsParts.policySummary(current.policy) + ".")),
            .p(
                .text(
                    "\(current.unitDevices) devices unfinished in the unit; \(current.places.count) from crimes in "
                        + "your BCUs shown. The last is expected to finish \(ForensicsParts.time(current.lastFinish))"
                        + (whatIf.map { ", or \(ForensicsParts.time($0.lastFinish)) on the what-if" } ?? "") + ".")),
            .form(
                .class("stack filters"), .method(.get), .action(Paths.forensicsQueue()),
                .h2("What if"),
                .component(
                    Part.field(
                        "Slots", name: "slots", value: model.query.slots ?? "", type: .number,
                        hint: "Devices triaged at once; empty keeps \(current.policy.slots).")),
                .component(
                    Part.field(
                        "Start", name: "start", value: model.query.start ?? "",
                        hint: "HH:MM; empty keeps "
                            + ForensicsWorkingHours.clockText(current.policy.workingHours.startMinute) + ".")),
                .component(
                    Part.field(
                        "End", name: "end", value: model.query.end ?? "",
                        hint: "HH:MM, up to 24:00; empty keeps "
                            + ForensicsWorkingHours.clockText(current.policy.workingHours.endMinute) + ".")),
                .component(
                    Part.select(
                        "Days", name: "days", options: [("weekdays", "Monday to Friday"), ("every-day", "Every day")],
                        selected: model.query.days, includeAny: "As the policy says")),
                .button(.type(.submit), "Forecast")
            ),
            .if(
                current.places.isEmpty,
                .p(.class("muted"), "No devices from crimes in your BCUs are waiting or in triage.")),
            .if(
                !current.places.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .caption(.text("Devices and their expected start and finish")),
                        .thead(
                            .tr(
                                ForensicsParts.col("Place"), ForensicsParts.col("Crime"), ForensicsParts.col("BCU"),
                                ForensicsParts.col("Device"), ForensicsParts.col("Risk to children"),
                                ForensicsParts.col("Priority"), ForensicsParts.col("Submitted"),
                                ForensicsParts.col("Slot"), ForensicsParts.col("Expected start"),
                                ForensicsParts.col("Expected finish"),
                                .if(whatIf != nil, ForensicsParts.col("What-if start")),
                                .if(whatIf != nil, ForensicsParts.col("What-if finish")))),
                        .tbody(
                            .forEach(current.places) { place in
                                let other = whatIfByID[place.submission.id]
                                return .tr(
                                    .th(
                                        .attribute(named: "scope", value: "row"),
                                        .text(place.position.map(String.init) ?? "in triage")),
                                    .td(
                                        .a(
                                            .href(Paths.crimeForensics(place.submission.crimeID)),
                                            .text(place.submission.crimeReference))),
                                    .td(.text(place.submission.bcu?.code ?? "–")),
                                    .td(.text(place.submission.deviceType)),
                                    .td(.text(place.submission.riskToChildren ? "Yes" : "No")),
                                    .td(.text(String(place.submission.priority))),
                                    .td(.text(ForensicsParts.time(place.submission.submittedAt))),
                                    .td(.text(place.slot.map(String.init) ?? "–")),
                                    .td(.text(ForensicsParts.time(place.start))),
                                    .td(.text(ForensicsParts.time(place.finish))),
                                    .if(whatIf != nil, .td(.text(ForensicsParts.time(other?.start)))),
                                    .if(whatIf != nil, .td(.text(ForensicsParts.time(other?.finish)))))
                            })
                    ))),
            waits(),
            backlog()
        )
    }

    /// How long devices wait: expected waits of those in the queue, actual waits of those started in the last
    /// weeks, in bands of days.
    func waits() -> PageContent {
        let bands = model.queue.trend.waits
        let weeks = ForensicsService.trendWeeks
        return .section(
            .id("waits"),
            .h2("Waiting times"),
            .p(
                .text(
                    "From submission to the start of triage: expected for devices in the queue (on the policy in "
                        + "force), actual for devices the unit started in the last \(weeks) weeks.")),
            ForensicsParts.countChart(
                title: "Devices by wait", series: ["expected", "actual"],
                rows: bands.map { ($0.label, [$0.expected, $0.actual]) }),
            .table(
                .caption("Devices by wait"),
                .thead(.tr(ForensicsParts.col("Wait"), ForensicsParts.col("Expected"), ForensicsParts.col("Actual"))),
                .tbody(
                    .forEach(bands) { band in
                        .tr(
                            .th(.attribute(named: "scope", value: "row"), .text(band.label)),
                            .td(.text(String(band.expected))), .td(.text(String(band.actual))))
                    })))
    }

    /// The backlog: devices waiting (submitted, not started) at the end of each of the last weeks.
    func backlog() -> PageContent {
        let weeks = model.queue.trend.backlog
        func day(_ date: Date) -> String { CalendarDay(containing: date, in: .london).text }
        return .section(
            .id("backlog"),
            .h2("Backlog"),
            .p(
                .text(
                    "Devices from crimes in your BCUs waiting for triage at the end of each of the last \(weeks.count) weeks."
                )),
            ForensicsParts.countChart(
                title: "Devices waiting by week", series: ["waiting"], rows: weeks.map { (day($0.at), [$0.waiting]) }),
            .table(
                .caption("Devices waiting by week"),
                .thead(.tr(ForensicsParts.col("Week ending"), ForensicsParts.col("Devices waiting"))),
                .tbody(
                    .forEach(weeks) { week in
                        .tr(
                            .th(.attribute(named: "scope", value: "row"), .text(day(week.at))),
                            .td(.text(String(week.waiting))))
                    })))
    }
}

/// `/crimes/:id/forensics`: a crime's devices with their places in the unit's queue, and the form submitting another.
struct ForensicsCrimePage {
    struct Model {
        var crimeID: Int
        var places: [ForensicsService.Place]
        var types: [String]
        var canSubmit: Bool
        var typed: [String: String]
        var errors: [String]
        var csrf: String?
        var notice: String?
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading("Digital forensics", "The devices submitted from this crime and their places in the queue."),
            .p(.a(.href(Paths.crime(model.crimeID)), "Back to the crime")),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .if(model.places.isEmpty, .p(.class("muted"), "No devices have been submitted from this crime.")),
            .if(
                !model.places.isEmpty,
                .table(
                    .caption(.text("Devices submitted from this crime")),
                    .thead(
                        .tr(
                            ForensicsParts.col("Device"), ForensicsParts.col("Risk to children"),
                            ForensicsParts.col("Priority"), ForensicsParts.col("Submitted"),
                            ForensicsParts.col("Place in queue"), ForensicsParts.col("Start"),
                            ForensicsParts.col("Finish"))),
                    .tbody(
                        .forEach(model.places) { place in
                            .tr(
                                .th(.attribute(named: "scope", value: "row"), .text(place.submission.deviceType)),
                                .td(.text(place.submission.riskToChildren ? "Yes" : "No")),
                                .td(.text(String(place.submission.priority))),
                                .td(.text(ForensicsParts.time(place.submission.submittedAt))),
                                .td(
                                    .text(
                                        place.position.map { "\($0)" }
                                            ?? (place.submission.finishedAt == nil ? "in triage" : "finished"))),
                                .td(.text(ForensicsParts.time(place.start))),
                                .td(.text(ForensicsParts.time(place.finish))))
                        }))),
            .if(
                model.canSubmit,
                .form(
                    .class("stack"), .method(.post), .action(Paths.crimeForensics(model.crimeID)),
                    .h2("Submit a device"),
                    .component(Part.csrf(model.csrf)),
                    .component(
                        Part.select(
                            "Device type", name: "device_type", options: model.types.map { ($0, $0) },
                            selected: model.typed["device_type"])),
                    .component(
                        CrimeParts.textarea(
                            "Reason", name: "reason", value: model.typed["reason"] ?? "",
                            hint: "What the triage should find; no names.")),
                    .component(
                        Part.select(
                            "Risk to children", name: "risk_to_children", options: [("no", "No"), ("yes", "Yes")],
                            selected: model.typed["risk_to_children"])),
                    .component(
                        Part.select(
                            "Priority", name: "priority",
                            options: [("1", "1 (highest)"), ("2", "2"), ("3", "3")],
                            selected: model.typed["priority"] ?? "2")),
                    .button(.type(.submit), "Submit to the unit")))
        )
    }
}

/// `/forensics/policy`: the unit's capacity policy in force, and the form putting a new version in force
/// (administrators; every version audited with its reason).
struct ForensicsPolicyPage {
    struct Model {
        var version: ForensicsStore.PolicyVersion
        var typed: [String: String]
        var errors: [String]
        var csrf: String?
        var notice: String?
    }

    var model: Model

    func render() -> PageContent {
        let policy = model.version.policy
        let hours = policy.types.map { "\($0) = \(String(format: "%g", policy.hoursByType[$0] ?? 0))" }
            .joined(separator: "\n")
        let days =
            model.typed["days"].map { Set($0.split(separator: ",").map(String.init)) }
            ?? Set(policy.workingHours.days.map(\.abbreviation))
        return .group(
            Part.heading(
                "Digital forensics capacity",
                "How many devices the unit triages at once, how long each type takes, and when it works."),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .dl(
                .class("facts"),
                .dt("In force"), .dd(.text(ForensicsParts.policySummary(policy))),
                .dt("Version"), .dd(.text(model.version.version == 0 ? "The default" : String(model.version.version))),
                .dt("Set by"),
                .dd(.text(model.version.createdBy + ": " + model.version.reason))),
            .form(
                .class("stack"), .method(.post), .action(Paths.forensicsPolicy()),
                .h2("Change the policy"),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.field(
                        "Slots", name: "slots", value: model.typed["slots"] ?? String(policy.slots), type: .number,
                        required: true)),
                .component(
                    CrimeParts.textarea(
                        "Hours by device type", name: "hours_by_type", value: model.typed["hours_by_type"] ?? hours,
                        hint: "One line per type: type = hours of slot time.")),
                .component(
                    Part.field(
                        "Start", name: "start",
                        value: model.typed["start"] ?? ForensicsWorkingHours.clockText(policy.workingHours.startMinute),
                        hint: "HH:MM, Europe/London")),
                .component(
                    Part.field(
                        "End", name: "end",
                        value: model.typed["end"] ?? ForensicsWorkingHours.clockText(policy.workingHours.endMinute),
                        hint: "HH:MM, up to 24:00")),
                .fieldset(
                    .element(named: "legend", text: "Working days"),
                    .forEach(Weekday.allCases) { day in
                        let attributes: [Attribute<HTML.InputContext>] = [
                            .type(.checkbox), .name("days[]"), .id("day-\(day.abbreviation)"),
                            .value(day.abbreviation), .checked(days.contains(day.abbreviation)),
                        ]
                        return .div(
                            .class("checkbox"),
                            .selfClosedElement(named: "input", attributes: attributes),
                            .label(.for("day-\(day.abbreviation)"), .text(day.abbreviation)))
                    }),
                .component(
                    Part.select(
                        "Bank holidays", name: "bank_holidays", options: [("off", "Days off"), ("worked", "Worked")],
                        selected: model.typed["bank_holidays"] ?? (policy.bankHolidaysOff ? "off" : "worked"))),
                .component(
                    CrimeParts.textarea(
                        "Reason", name: "reason", value: model.typed["reason"] ?? "",
                        hint: "Why the policy changes; kept with the version.")),
                .button(.type(.submit), "Put in force"))
        )
    }
}
