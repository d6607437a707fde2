import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/officers/:id/caseload`: an officer's open crimes against their cap, with the age of each.
struct OfficerCaseloadPage {
    struct Model {
        var officer: RosterOfficer
        var cap: Int
        /// The policy's `callOutAbove`: more open crimes than this and the page calls it out.
        var callOutAbove: Int = AllocationPolicy.standardCallOutAbove
        var crimes: [CaseloadCrime]
        var now: Date
        var canChangeStatus: Bool
        var csrf: String?
        var notice: String?
    }

    var model: Model

    func render() -> PageContent {
        let o = model.officer
        let load = model.crimes.count
        return .group(
            .p(
                .a(.href(Paths.officer(o.id)), .text("← \(o.name)")),
                .unwrap(o.teamID) { team in
                    .group(.text(" · "), .a(.href(Paths.teamCaseloads(team)), .text("Team caseloads")))
                }),
            Part.heading(
                "Caseload: \(o.name)", "\(o.teamName ?? "No team"), \(o.bcu.name). Warrant number \(o.warrantNumber)."),
            Part.flash(model.notice),
            .dl(
                .class("facts"),
                .dt("Open crimes"), .dd(AllocationPart.load(load, cap: model.cap)),
                .dt("Cap"),
                .dd(
                    .text(
                        o.level == nil
                            ? "Not an accredited investigator: takes no crimes"
                            : "\(model.cap) open crimes "
                                + (o.capOverride != nil
                                    ? "(set for this officer)" : "(the policy's cap for \(o.level!.label))"))),
                .dt("Skills"),
                .dd(
                    .text(
                        AllocationPart.skills(level: o.level, specialisms: o.specialisms.map(\.code).sorted(), bcu: nil)
                    )),
                .dt("Status"), .dd(.text(o.status.label + (o.status.takesNewWork ? "" : ": takes no new work")))
            ),
            .if(load > model.cap, .p(.class("flash error"), .text("Over the cap by \(load - model.cap)."))),
            .if(
                load > model.callOutAbove,
                .p(
                    .class("flash error"),
                    .text("Holds more than \(model.callOutAbove) open crimes (\(Citations.novicesOver25Crimes.short)).")
                )),
            .if(model.crimes.isEmpty, .p(.class("muted"), "No open crimes.")),
            .if(!model.crimes.isEmpty, table()),
            .if(model.canChangeStatus, statusForm())
        )
    }

    private func table() -> PageContent {
        .div(
            .class("table-wrap"),
            .table(
                .class("responsive"),
                .caption(.text("Open crimes, oldest allocation first")),
                .thead(
                    .tr(
                        .th("Crime"), .th("Type"), .th("Priority"), .th("Status"), .th("Allocated"), .th("Age"),
                        .th("How"))),
                .tbody(
                    .forEach(model.crimes) { crime in
                        .tr(
                            AllocationPart.cell("Crime", .a(.href(Paths.crime(crime.crimeID)), .text(crime.reference))),
                            AllocationPart.cell("Type", crime.category?.name ?? crime.offenceDescription),
                            AllocationPart.cell("Priority", "P\(crime.priority)"),
                            AllocationPart.cell("Status", crime.status.label),
                            AllocationPart.cell(
                                "Allocated",
                                "\(AllocationPart.dateTime(crime.allocatedAt)) (\(AllocationPart.days(from: crime.allocatedAt, to: model.now)) days ago)"
                            ),
                            AllocationPart.cell(
                                "Age",
                                "\(AllocationPart.days(from: crime.recordedAt, to: model.now)) days since recorded"),
                            AllocationPart.cell(
                                "How",
                                .group(
                                    .text(crime.kind.label),
                                    .if(
                                        crime.flagged,
                                        .group(.text(" "), .span(.class("badge red"), "Flagged override"))),
                                    .unwrap(crime.overrideReason) { .group(.br(), .span(.class("muted"), .text($0))) }))
                        )
                    })
            ))
    }

    private func statusForm() -> PageContent {
        .details(
            .summary("Change the officer's status"),
            .form(
                .class("stack"), .method(.post), .action(Paths.officerStatus(model.officer.id)),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "Status", name: "status", options: OfficerStatus.allCases.map { ($0.rawValue, $0.label) },
                        selected: model.officer.status.rawValue)),
                .p(
                    .class("hint"),
                    .text(
                        "An officer going on leave or onto restricted duties takes no new work: their crimes that are "
                            + "allocated or under investigation go back through the allocator to the other investigators."
                    )),
                .button(.type(.submit), "Save status")
            )
        )
    }
}

/// `/teams/:id/caseloads`: every member's open crimes against their cap, and how caseloads spread at each PIP level.
struct TeamCaseloadsPage {
    struct Model {
        var team: TeamSummary
        var members: [MemberCaseload]
        var now: Date
        /// The policy's `callOutAbove`: members holding more open crimes than this are named.
        var callOutAbove: Int = AllocationPolicy.standardCallOutAbove
    }

    var model: Model

    /// One chart per PIP level in the team (issue 22): how many investigators hold how many open crimes, with the
    /// level's cap marked (the cap most of them work to; an officer's own override is in the table below).
    func distributions(_ investigators: [MemberCaseload]) -> PageContent {
        let levels = PIPLevel.allCases.filter { level in investigators.contains { $0.officer.level == level } }
        guard !levels.isEmpty else { return .empty }
        return .group(
            .h2("Caseloads by PIP level"),
            .forEach(levels) { level in
                let members = investigators.filter { $0.officer.level == level }
                let caps = Dictionary(grouping: members.map(\.cap), by: { $0 })
                let cap = caps.max { ($0.value.count, -$0.key) < ($1.value.count, -$1.key) }?.key
                return Chart.distribution(
                    id: "caseloads-pip\(level.rawValue)",
                    title: "\(level.label) (\(level.description.lowercased())): open crimes per investigator",
                    description:
                        "\(members.count) \(members.count == 1 ? "investigator" : "investigators") at \(level.label)"
                        + (cap.map { ", against a cap of \($0) open crimes" } ?? "") + ".",
                    values: members.map(\.load), cap: cap)
            })
    }

    func render() -> PageContent {
        let investigators = model.members.filter { $0.officer.level != nil }
        let over = investigators.filter(\.isOverCap)
        let heavy = model.members.filter { $0.load > model.callOutAbove }
        let flagged = model.members.reduce(0) { $0 + $1.flagged }
        let distribution = CaseloadDistribution(loads: investigators.map(\.load))
        return .group(
            .p(.a(.href(Paths.team(model.team.id)), .text("← \(model.team.name)"))),
            Part.heading("Caseloads: \(model.team.name)", "\(model.team.bcu.name). \(model.members.count) members."),
            .ul(
                .class("cards"),
                .li(
                    .class("card"), .h2("Open crimes"),
                    .p(.class("figure"), .text(String(model.members.reduce(0) { $0 + $1.load })))),
                .li(
                    .class("card"), .h2("Over their cap"),
                    .p(.class(over.isEmpty ? "figure" : "figure red"), .text(String(over.count)))),
                .li(
                    .class("card"), .h2("Median · largest"),
                    .p(.class("figure"), .text(distribution.map { "\(Self.number($0.median)) · \($0.maximum)" } ?? "—"))
                ),
                .li(
                    .class("card"), .h2("Flagged overrides held"),
                    .p(.class(flagged == 0 ? "figure" : "figure red"), .text(String(flagged))))
            ),
            distributions(investigators),
            .if(
                !heavy.isEmpty,
                .div(
                    .class("flash error"), .attribute(named: "role", value: "alert"),
                    .h2(.text("Holding more than \(model.callOutAbove) open crimes")),
                    .p(
                        .text(
                            "\(Citations.novicesOver25Crimes.short) (\(Citations.novicesOver25Crimes.source?.reference ?? ""))."
                        )),
                    .ul(
                        .forEach(heavy) { member in
                            .li(
                                .a(.href(Paths.officerCaseload(member.officer.id)), .text(member.officer.label)),
                                .text(": \(member.load) open crimes, cap \(member.cap)"))
                        }))),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    .caption(.text("Members, heaviest caseload first")),
                    .thead(
                        .tr(.th("Officer"), .th("PIP"), .th("Status"), .th("Open crimes"), .th("Cap"), .th("Flagged"))),
                    .tbody(
                        .forEach(model.members) { member in
                            let o = member.officer
                            return .tr(
                                .if(member.isOverCap, .class("overdue")),
                                AllocationPart.cell("Officer", .a(.href(Paths.officerCaseload(o.id)), .text(o.label))),
                                AllocationPart.cell(
                                    "PIP",
                                    AllocationPart.skills(
                                        level: o.level, specialisms: o.specialisms.map(\.code).sorted(), bcu: nil)),
                                AllocationPart.cell("Status", o.status.label),
                                AllocationPart.cell(
                                    "Open crimes",
                                    .group(
                                        AllocationPart.load(member.load, cap: member.cap),
                                        .if(member.isOverCap, .span(.class("red"), .text(" over cap"))))),
                                AllocationPart.cell(
                                    "Cap",
                                    o.level == nil ? "—" : "\(member.cap)" + (o.capOverride != nil ? " (own)" : "")),
                                AllocationPart.cell("Flagged", member.flagged == 0 ? "—" : "\(member.flagged)")
                            )
                        })
                ))
        )
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
