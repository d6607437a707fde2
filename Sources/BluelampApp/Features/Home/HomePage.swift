import BluelampCore
import Plot

/// The home page: first the signed-in person's task inbox, one part per kind of work they do (issue 22), then where
/// else they can start.
struct HomePage {
    struct Model {
        var displayName: String
        var grants: [RoleGrant]
        /// What needs doing now, by kind of work (`HomeService.inbox`).
        var inbox: [HomeService.Section] = []
        var tasks: [Task]
        var officers: Int
        var teams: Int
        /// Inspection findings the person owns that are due within 14 days or overdue.
        var findingReminders: [FindingReminderItem] = []
    }

    struct Task: Hashable {
        var title: String
        var detail: String
        var href: String
    }

    var model: Model

    /// The tasks a principal may start from the home page, in the order a working day needs them.
    static func tasks(for principal: Principal) -> [Task] {
        var tasks: [Task] = []
        if principal.can(.viewOrganisation) {
            tasks.append(
                Task(
                    title: "BCUs and teams", detail: "The force's 12 BCUs, force-wide units, their boroughs and teams.",
                    href: Paths.bcus))
        }
        if principal.can(.viewOfficers) {
            tasks.append(
                Task(
                    title: "Officers", detail: "Find an officer by name, warrant number, BCU, team, rank or PIP level.",
                    href: Paths.officers()))
        }
        if principal.can(.viewInspection) {
            tasks.append(
                Task(
                    title: "PEEL readiness",
                    detail: "Indicators, findings, the milestone plan and the readiness report.",
                    href: Paths.inspectionDashboard))
        }
        if principal.can(.manageUsers) {
            tasks.append(
                Task(
                    title: "Users and roles",
                    detail: "Create and disable accounts, grant roles and scopes, reset passwords.", href: Paths.users))
        }
        if principal.can(.viewAudit) {
            tasks.append(
                Task(
                    title: "Audit log", detail: "Who read or changed what, and subject access reports.",
                    href: Paths.auditLog()))
        }
        tasks.append(
            Task(
                title: "Your account", detail: "Change your password; create API tokens for programs.",
                href: Paths.account()))
        return tasks
    }

    func render() -> PageContent {
        .group(
            Part.heading(
                "Welcome, \(model.displayName)",
                "You are signed in as "
                    + model.grants.map { "\($0.role.name) (\($0.scope.label))" }.joined(separator: "; ") + "."),
            .if(!model.inbox.isEmpty, .div(.class("inbox-grid"), .forEach(model.inbox) { Self.section($0) })),
            Self.findingRemindersSection(model.findingReminders),
            .h2(.id("start"), model.inbox.isEmpty ? "Start here" : "Everything else"),
            .ul(
                .class("cards"),
                .forEach(model.tasks) { task in
                    .li(.class("card"), .h3(.a(.href(task.href), .text(task.title))), .p(.text(task.detail)))
                }),
            .h2("The force at a glance"),
            .ul(
                .class("cards"),
                .li(
                    .class("card"), .p(.class("figure"), .text(model.officers.formatted())),
                    .p("officers and staff investigators")),
                .li(.class("card"), .p(.class("figure"), .text(model.teams.formatted())), .p("teams and units")))
        )
    }

    /// One part of the inbox: its counts as a summary list (an urgent count above zero in red, said in words too),
    /// then its most pressing items, or a line saying there is nothing to do.
    static func section(_ section: HomeService.Section) -> PageContent {
        let headingID = section.id + "-heading"
        let pressing = section.counts.contains { $0.urgent && $0.value > 0 }
        return .section(
            .id(section.id), .class("card inbox"), .attribute(named: "aria-labelledby", value: headingID),
            .h2(.id(headingID), .text(section.title)),
            .dl(
                .class("summary"),
                .forEach(section.counts) { count in
                    let alert = count.urgent && count.value > 0
                    let figure = count.value.formatted()
                    let style = alert ? "count red" : "count"
                    return .div(
                        .class(alert ? "row alert" : "row"),
                        .dt(.text(count.label)),
                        .dd(
                            .unwrap(
                                count.href, { .a(.class(style), .href($0), .text(figure)) },
                                else: .span(.class(style), .text(figure)))))
                }),
            .if(
                section.items.isEmpty,
                .p(.class(pressing ? "" : "all-clear"), .text(pressing ? "" : section.allClear))),
            .if(
                !section.items.isEmpty,
                .group(
                    .h3(.text(section.itemsCaption)),
                    .ul(
                        .class("inbox-items"),
                        .forEach(section.items) { item in
                            .li(
                                .unwrap(item.tag) { tag in
                                    .strong(.class(item.urgent ? "tag red" : "tag"), .text(tag))
                                },
                                .text(" "), .a(.href(item.href), .text(item.text)),
                                .if(!item.detail.isEmpty, .span(.class("muted"), .text(" · " + item.detail))))
                        }))),
            .p(.a(.href(section.more.href), .text(section.more.label)))
        )
    }
}
