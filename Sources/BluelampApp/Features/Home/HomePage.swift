import BluelampCore
import Plot

/// The home page: what the signed-in person can do, by role.
struct HomePage {
    struct Model {
        var displayName: String
        var grants: [RoleGrant]
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
            Self.findingRemindersSection(model.findingReminders),
            .ul(
                .class("cards"),
                .forEach(model.tasks) { task in
                    .li(.class("card"), .h2(.a(.href(task.href), .text(task.title))), .p(.text(task.detail)))
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
}
