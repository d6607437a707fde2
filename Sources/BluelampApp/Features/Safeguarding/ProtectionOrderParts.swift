import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// Pieces shared by the orders, Clare's Law and missing people pages (issue 17).
enum ProtectionOrderParts {
    /// A column header a screen reader ties to its column.
    static func header(_ text: String) -> Node<HTML.TableRowContext> {
        .th(.attribute(named: "scope", value: "col"), .text(text))
    }

    /// The three pages, linked from each other (the lead adds the one "Safeguarding" menu item).
    static func pagesNav(current: String, bcu: BCU) -> PageContent {
        let pages = [
            (Paths.protectionOrders(bcu: bcu), "DVPNs and DVPOs"),
            (Paths.disclosures(bcu: bcu), "Clare's Law"),
            (Paths.missingPeople(bcu: bcu), "Missing people"),
        ]
        return .nav(
            .class("subnav"), .ariaLabel("Protecting vulnerable people"),
            .ul(
                .forEach(pages) { page in
                    .li(
                        Layout.pathOnly(page.0) == current
                            ? .span(.attribute(named: "aria-current", value: "page"), .strong(.text(page.1)))
                            : .a(.href(page.0), .text(page.1)))
                }))
    }

    /// Links to the same page for each BCU the actor may see.
    static func bcuChooser(_ bcus: [BCU], current: BCU, path: (BCU) -> String) -> PageContent {
        .if(
            bcus.count > 1,
            .nav(
                .class("bcu-chooser"), .ariaLabel("BCU"),
                .ul(
                    .forEach(bcus) { bcu in
                        .li(
                            bcu == current
                                ? .span(.attribute(named: "aria-current", value: "page"), .strong(.text(bcu.code)))
                                : .a(.href(path(bcu)), .text(bcu.code)))
                    })))
    }

    /// "5 h 20 min left" or "overdue by 3 h 5 min".
    static func timeLeft(until due: Date, now: Date) -> String {
        let seconds = Int(due.timeIntervalSince(now))
        let text = duration(abs(seconds))
        return seconds >= 0 ? "\(text) left" : "overdue by \(text)"
    }

    /// Whole days, hours and minutes: "2 d 4 h", "3 h 5 min", "12 min".
    static func duration(_ seconds: Int) -> String {
        let days = seconds / 86_400
        let hours = (seconds % 86_400) / 3_600
        let minutes = (seconds % 3_600) / 60
        if days > 0 { return "\(days) d \(hours) h" }
        if hours > 0 { return "\(hours) h \(minutes) min" }
        return "\(minutes) min"
    }

    static func when(_ date: Date?) -> String { date.map { CrimeParts.dateTime.string(from: $0) } ?? "—" }

    static func name(_ id: Int, _ people: [Int: SafeguardingPerson]) -> String {
        "\(people[id]?.name ?? "Unknown") (\(id))"
    }

    /// A date-and-time field, London time.
    static func timeField(_ label: String, name: String, value: String?, hint: String? = nil) -> PageContent {
        Part.field(
            label, name: name, value: value ?? "", type: .datetimeLocal,
            hint: hint ?? "London time.")
    }

    static func submitButton(_ text: String) -> PageContent { .button(.type(.submit), .text(text)) }

    /// A table of notices or orders: the record, the person served and the person protected, then `columns`.
    static func ordersTable(
        _ orders: [ProtectionOrder], people: [Int: SafeguardingPerson], caption: String,
        columns: [(header: String, cell: (ProtectionOrder) -> PageContent)]
    ) -> PageContent {
        .div(
            .class("table-wrap"),
            .table(
                .class("responsive"),
                .caption(.text(caption)),
                .thead(
                    .tr(
                        header("Record"), header("Served on"), header("Protects"),
                        .forEach(columns) { header($0.header) })),
                .tbody(
                    .forEach(orders) { order in
                        .tr(
                            CrimeParts.cell(
                                "Record",
                                .a(
                                    .href(Paths.protectionOrder(order.id)),
                                    .text("\(order.stage == .orderMade ? "DVPO" : "DVPN") \(order.id)"))),
                            CrimeParts.cell("Served on", .text(name(order.perpetratorPersonID, people))),
                            CrimeParts.cell("Protects", .text(name(order.protectedPersonID, people))),
                            .forEach(columns) { CrimeParts.cell($0.header, $0.cell(order)) })
                    })))
    }
}

/// `ProtectionHistory` drawn as sections for the person's safeguarding history page: orders, Clare's Law requests,
/// missing episodes, each linking to its record.
enum ProtectionHistorySections {
    static func render(_ history: ProtectionHistory, now: Date) -> PageContent {
        let people = history.people
        let h = ProtectionOrderParts.header
        return .group(
            .section(
                .id("protection-orders"),
                .h2("Protection notices and orders"),
                .if(history.orders.isEmpty, .p("No DVPN or DVPO names this person.")),
                .if(
                    !history.orders.isEmpty,
                    ProtectionOrderParts.ordersTable(
                        history.orders, people: people, caption: "DVPNs and DVPOs naming the person, newest first",
                        columns: [
                            ("Served", { .text(ProtectionOrderParts.when($0.noticeServedAt)) }),
                            ("Stage", { .text($0.stage.label) }),
                            ("Expires", { .text(ProtectionOrderParts.when($0.orderExpiresAt)) }),
                        ]))),
            .section(
                .id("disclosures"),
                .h2("Clare's Law requests"),
                .if(history.disclosures.isEmpty, .p("No Clare's Law request names this person.")),
                .if(
                    !history.disclosures.isEmpty,
                    .div(
                        .class("table-wrap"),
                        .table(
                            .class("responsive"),
                            .caption(.text("Clare's Law requests naming the person, newest first")),
                            .thead(.tr(h("Request"), h("Route"), h("Person at risk"), h("Asked about"), h("Decision"))),
                            .tbody(
                                .forEach(history.disclosures) { request in
                                    .tr(
                                        CrimeParts.cell(
                                            "Request",
                                            .a(.href(Paths.disclosure(request.id)), .text("Request \(request.id)"))),
                                        CrimeParts.cell("Route", .text(request.route.label)),
                                        CrimeParts.cell(
                                            "Person at risk",
                                            .text(ProtectionOrderParts.name(request.personAtRiskID, people))),
                                        CrimeParts.cell(
                                            "Asked about",
                                            .text(ProtectionOrderParts.name(request.subjectPersonID, people))),
                                        CrimeParts.cell(
                                            "Decision",
                                            .text(
                                                request.decision.map {
                                                    "\($0.label), \(ProtectionOrderParts.when(request.decidedAt))"
                                                } ?? "Due \(ProtectionOrderParts.when(request.decisionDueAt))")))
                                }))))),
            .section(
                .id("missing-episodes"),
                .h2("Missing episodes"),
                .if(history.missing.isEmpty, .p("This person has not been reported missing.")),
                .if(
                    !history.missing.isEmpty,
                    .div(
                        .class("table-wrap"),
                        .table(
                            .class("responsive"),
                            .caption(.text("Times the person went missing, newest first")),
                            .thead(.tr(h("Episode"), h("Reported"), h("Risk"), h("Returned"), h("Interview"))),
                            .tbody(
                                .forEach(history.missing) { episode in
                                    .tr(
                                        CrimeParts.cell(
                                            "Episode",
                                            .a(.href(Paths.missingEpisode(episode.id)), .text("Episode \(episode.id)"))),
                                        CrimeParts.cell(
                                            "Reported", .text(ProtectionOrderParts.when(episode.reportedAt))),
                                        CrimeParts.cell("Risk", .text(episode.riskGrade.label)),
                                        CrimeParts.cell(
                                            "Returned", .text(ProtectionOrderParts.when(episode.returnedAt))),
                                        CrimeParts.cell(
                                            "Interview",
                                            .text(
                                                episode.child
                                                    ? ProtectionOrderParts.when(episode.interviewAt) : "Not due (adult)"
                                            )))
                                }))))),
            .if(
                history.withheld > 0,
                .p(
                    .class("muted"),
                    .text(
                        "\(history.withheld) further record(s) are in BCUs outside your roles' scope and are not shown."
                    )))
        )
    }
}
