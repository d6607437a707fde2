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
                    )))
        )
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
