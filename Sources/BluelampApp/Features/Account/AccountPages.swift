import BluelampCore
import BluelampPersistence
import Foundation
import Plot

struct AccountPage {
    struct Model {
        var principal: Principal
        var tokens: [APITokenSummary]
        var newToken: String?
        var errors: [String]
        var notice: String?
        var csrf: String?
        var now: Date
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading("Your account", "\(model.principal.displayName) (\(model.principal.username))"),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .unwrap(model.newToken) { token in
                .div(
                    .class("flash"), .attribute(named: "role", value: "status"),
                    .h2("Your new API token"),
                    .p("Copy it now: it is shown only once and Bluelamp keeps only a hash of it."),
                    .p(.class("secret"), .text(token)))
            },
            .h2("Roles"),
            .ul(.forEach(model.principal.grants) { .li(.text("\($0.role.name): \($0.scope.label)")) }),
            .p(.a(.href(Paths.accountPassword), "Change your password")),
            .h2("API tokens"),
            .p(
                "Programs use a token as a bearer token on /api/v1. A token carries only the roles you choose, never more than yours, and expires."
            ),
            .p(
                .a(.href(Paths.apiReference), "Read the API reference"),
                .text(" (every operation, its fields and answers).")),
            .if(
                !model.tokens.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(
                            .tr(
                                .th("Name"), .th("Starts"), .th("Roles"), .th("Expires"), .th("Last used"), .th("State")
                            )),
                        .tbody(
                            .forEach(model.tokens) { t in
                                .tr(
                                    .td(.attribute(named: "data-label", value: "Name"), .text(t.name)),
                                    .td(.attribute(named: "data-label", value: "Starts"), .text(t.prefix + "…")),
                                    .td(
                                        .attribute(named: "data-label", value: "Roles"),
                                        .text(t.roles.map(\.name).joined(separator: ", "))),
                                    .td(
                                        .attribute(named: "data-label", value: "Expires"),
                                        .text(AuditCSV.timestamp(t.expiresAt).prefix(10).description)),
                                    .td(
                                        .attribute(named: "data-label", value: "Last used"),
                                        .text(t.lastUsedAt.map { AuditCSV.timestamp($0) } ?? "Never")),
                                    .td(
                                        .attribute(named: "data-label", value: "State"),
                                        t.revokedAt != nil
                                            ? .text("Revoked")
                                            : (t.expiresAt <= model.now
                                                ? .text("Expired")
                                                : .form(
                                                    .method(.post), .action(Paths.revokeToken(t.id)),
                                                    .component(Part.csrf(model.csrf)),
                                                    .button(.type(.submit), .class("danger"), "Revoke"))))
                                )
                            })
                    ))),
            .form(
                .class("stack"), .method(.post), .action(Paths.accountTokens),
                .h3("Create a token"),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.field(
                        "Name", name: "name", required: true, hint: "What the program is, e.g. \"analyst export\".")),
                .fieldset(
                    .class("checks"), .element(named: "legend", text: "Roles the token may use"),
                    .forEach(model.principal.roles.sorted()) { role in
                        .label(.input(.type(.checkbox), .name("roles[]"), .value(role.rawValue)), .text(role.name))
                    }),
                .component(
                    Part.select(
                        "Expires after", name: "days",
                        options: [("7", "7 days"), ("30", "30 days"), ("90", "90 days"), ("365", "1 year")],
                        selected: "30")),
                .button(.type(.submit), "Create token")
            )
        )
    }
}

struct PasswordPage {
    var errors: [String]
    var mustChange: Bool
    var csrf: String?

    func render() -> PageContent {
        .group(
            Part.heading(
                "Change your password",
                mustChange ? "An administrator set a temporary password: choose your own before you go on." : nil),
            Part.errors(errors),
            .form(
                .class("stack"), .method(.post), .action(Paths.accountPassword),
                .component(Part.csrf(csrf)),
                .component(
                    Part.field(
                        "Current password", name: "current", type: .password, required: true,
                        autocomplete: "current-password")),
                .component(
                    Part.field(
                        "New password", name: "new", type: .password, required: true,
                        hint:
                            "At least 12 characters; not a commonly used password. A short sentence is easy to remember.",
                        autocomplete: "new-password")),
                .component(
                    Part.field(
                        "New password again", name: "confirm", type: .password, required: true,
                        autocomplete: "new-password")),
                .button(.type(.submit), "Change password")
            )
        )
    }
}
