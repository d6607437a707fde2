import BluelampCore
import BluelampPersistence
import Foundation
import Plot

struct UserListPage {
    struct Model {
        var users: [UserAccount]
        var csrf: String?
        var notice: String?
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading("Users", "Accounts, their roles and scopes."),
            Part.flash(model.notice),
            .p(.a(.class("button"), .href(Paths.newUser), "Create a user")),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    .thead(.tr(.th("Username"), .th("Name"), .th("Roles and scopes"), .th("State"))),
                    .tbody(
                        .forEach(model.users) { u in
                            .tr(
                                .td(
                                    .attribute(named: "data-label", value: "Username"),
                                    .a(.href(Paths.user(u.id)), .text(u.username))),
                                .td(.attribute(named: "data-label", value: "Name"), .text(u.displayName)),
                                .td(
                                    .attribute(named: "data-label", value: "Roles"),
                                    .text(
                                        u.grants.map { "\($0.role.name) (\($0.scope.label))" }.joined(separator: "; "))),
                                .td(
                                    .attribute(named: "data-label", value: "State"),
                                    .text(
                                        u.disabled
                                            ? "Disabled" : (u.mustChangePassword ? "Must change password" : "Active")))
                            )
                        })
                ))
        )
    }
}

/// The grant editor shared by the create and edit pages: one row per role with its scope.
enum GrantFields {
    static func render(_ grants: [RoleGrant]) -> PageContent {
        .fieldset(
            .element(named: "legend", text: "Roles and scopes"),
            .p(
                .class("hint"),
                "For each role the person holds, give its scope: FORCE, or BCU codes separated by commas (e.g. CE, CN). Leave empty for roles they do not hold."
            ),
            .forEach(Role.allCases) { role in
                let scope = grants.first { $0.role == role }?.scope
                return .component(
                    Part.field(
                        role.name, name: "scope_\(role.rawValue)",
                        value: scope.map { $0.codes.joined(separator: ", ") } ?? ""))
            }
        )
    }
}

struct UserFormPage {
    struct Model {
        var account: UserAccount?
        var username: String
        var displayName: String
        var grants: [RoleGrant]
        var errors: [String]
        var notice: String?
        var csrf: String?
    }

    var model: Model

    func render() -> PageContent {
        let editing = model.account != nil
        return .group(
            .p(.a(.href(Paths.users), "← Users")),
            Part.heading(editing ? "User \(model.username)" : "Create a user"),
            Part.errors(model.errors),
            Part.flash(model.notice),
            .form(
                .class("stack"), .method(.post), .action(model.account.map { Paths.user($0.id) } ?? Paths.users),
                .component(Part.csrf(model.csrf)),
                .if(
                    !editing,
                    .component(
                        Part.field(
                            "Username", name: "username", value: model.username, required: true, autocomplete: "off"))),
                .component(Part.field("Full name", name: "display_name", value: model.displayName, required: true)),
                .if(
                    !editing,
                    .component(
                        Part.field(
                            "Initial password", name: "password", type: .password, required: true,
                            hint: "At least 12 characters. The person must change it when they first sign in.",
                            autocomplete: "new-password"))),
                .component(GrantFields.render(model.grants)),
                .button(.type(.submit), .text(editing ? "Save roles" : "Create user"))
            ),
            .unwrap(model.account) { account in
                .group(
                    .h2("Account actions"),
                    .form(
                        .class("stack"), .method(.post), .action(Paths.userPassword(account.id)),
                        .component(Part.csrf(model.csrf)),
                        .component(
                            Part.field(
                                "New temporary password", name: "password", type: .password, required: true,
                                hint: "The person must change it when they next sign in.", autocomplete: "new-password")
                        ),
                        .button(.type(.submit), .class("secondary"), "Reset password")
                    ),
                    .form(
                        .method(.post),
                        .action(account.disabled ? Paths.enableUser(account.id) : Paths.disableUser(account.id)),
                        .component(Part.csrf(model.csrf)),
                        .button(
                            .type(.submit), .class(account.disabled ? "secondary" : "danger"),
                            .text(account.disabled ? "Enable account" : "Disable account"))
                    )
                )
            }
        )
    }
}

struct RolesPage {
    var permissions: [Permission]

    func render() -> PageContent {
        .group(
            Part.heading(
                "Roles and what they allow",
                "The access policy every page and API call consults. Scope (a BCU, several, or FORCE) then limits which records a role reaches."
            ),
            .ul(
                .class("cards"),
                .forEach(Role.allCases) { role in
                    .li(
                        .class("card"), .h2(.text(role.name)), .p(.text(role.summary)),
                        .if(
                            !role.notYet.isEmpty,
                            .p(
                                .class("muted"),
                                .text("Not yet in Bluelamp: " + role.notYet.joined(separator: "; ") + "."))))
                }),
            .div(
                .class("table-wrap"),
                .table(
                    .thead(.tr(.th("Permission"), .forEach(Role.allCases) { .th(.text($0.name)) })),
                    .tbody(
                        .forEach(permissions) { p in
                            .tr(
                                .td(.text(p.summary), .br(), .span(.class("muted"), .text(p.rawValue))),
                                .forEach(Role.allCases) { role in
                                    .td(
                                        AccessPolicy.allows(role, p)
                                            ? .span(
                                                .class("green"), .attribute(named: "aria-label", value: "allowed"), "✔")
                                            : .span(
                                                .class("muted"), .attribute(named: "aria-label", value: "not allowed"),
                                                "—"))
                                }
                            )
                        })
                ))
        )
    }
}

struct AuditPage {
    /// The roles an entry was made under, in words ("Offender manager"); a stored name no role has is shown as it is.
    static func roles(_ stored: String?) -> String {
        (stored ?? "").split(separator: ",").map { part in
            let name = part.trimmingCharacters(in: .whitespaces)
            return Role(rawValue: name)?.name ?? name
        }.joined(separator: ", ")
    }

    /// "Registered sex offender 26", "Crime list CE": the kind of record in words, then its id.
    static func record(_ type: String, _ id: String?) -> String {
        let kind = AuditRecordType(rawValue: type)?.label ?? type
        guard let id, !id.isEmpty else { return kind }
        // A list read for one officer, team or person is stored `officer:24`: "Investigation list, officer 24".
        let parts = id.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0].allSatisfy(\.isLetter) else { return "\(kind) \(id)" }
        let words = AuditSubject.Kind(rawValue: String(parts[0]))?.label.lowercased() ?? String(parts[0])
        return "\(kind), \(words) \(parts[1])"
    }

    /// "Registered sex offender 26" for the stored `rso:26`.
    static func subject(_ stored: String) -> String {
        AuditSubject(text: stored)?.label ?? stored
    }

    struct Model {
        var entries: [AuditEntry]
        var actor: String
        var subject: String
        var recordType: String
        var recordID: String
        var action: String
        var from: String
        var to: String
        var nextBefore: Int?
        /// False when the page starts before some entry (`before` given), so that "Newest" is offered.
        var isFirstPage = true
        var verdict: String?

        /// The filter form's fields, by name, for the export and the next page.
        var filter: [(String, String?)] {
            [
                ("actor", actor), ("subject", subject), ("record_type", recordType), ("record_id", recordID),
                ("action", action),
                ("from", from), ("to", to),
            ]
        }
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Audit log",
                "Every read and change of a person's record, every sign-in and denial. Append-only and hash-chained."),
            .form(
                .class("filters"), .method(.get), .action(Paths.auditLog()),
                .component(Part.field("User", name: "actor", value: model.actor)),
                .component(Part.field("Person", name: "subject", value: model.subject, hint: "e.g. `officer:42`")),
                .component(Part.field("Record type", name: "record_type", value: model.recordType)),
                .component(Part.field("Record id", name: "record_id", value: model.recordID)),
                .component(
                    Part.select(
                        "Action", name: "action", options: AuditAction.allCases.map { ($0.rawValue, $0.label) },
                        selected: model.action, includeAny: "Any action")),
                .component(Part.field("From", name: "from", value: model.from, type: .date)),
                .component(Part.field("To", name: "to", value: model.to, type: .date)),
                .div(.class("field"), .button(.type(.submit), "Filter"))
            ),
            .p(
                .a(.href(Paths.auditCSV(filter: model.filter)), "Export these entries as CSV"), " · ",
                .a(.href(Paths.subjectAccess), "Subject access report")),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    .thead(
                        .tr(
                            .th("#"), .th("When"), .th("User"), .th("Role"), .th("Action"), .th("Record"),
                            .th("Person"), .th("Reason"), .th("From"), .th("Outcome"))),
                    .tbody(
                        .forEach(model.entries) { e in
                            .tr(
                                .td(.attribute(named: "data-label", value: "#"), .text(String(e.sequence))),
                                .td(.attribute(named: "data-label", value: "When"), .text(UKDate.moment(e.at))),
                                .td(.attribute(named: "data-label", value: "User"), .text(e.actorUsername)),
                                .td(.attribute(named: "data-label", value: "Role"), .text(Self.roles(e.role))),
                                .td(.attribute(named: "data-label", value: "Action"), .text(e.action.label)),
                                .td(
                                    .attribute(named: "data-label", value: "Record"),
                                    .text(Self.record(e.recordType, e.recordID))),
                                .td(
                                    .attribute(named: "data-label", value: "Person"),
                                    .text(e.subjectPersonID.map(Self.subject) ?? "")),
                                .td(.attribute(named: "data-label", value: "Reason"), .text(e.reason ?? "")),
                                .td(.attribute(named: "data-label", value: "From"), .text(e.address ?? "")),
                                .td(.attribute(named: "data-label", value: "Outcome"), .text(e.outcome))
                            )
                        })
                )),
            Part.pager(
                Part.Pager(
                    summary: nil,
                    previous: model.isFirstPage ? nil : (Paths.auditLog(filter: model.filter), "← Newest"),
                    next: model.nextBefore.map { (Paths.auditLog(filter: model.filter, before: $0), "Older entries →") }
                ))
        )
    }
}

struct SubjectAccessPage {
    var csrf: String?
    var person: String
    var error: String?

    func render() -> PageContent {
        .group(
            .p(.a(.href(Paths.auditLog()), "← Audit log")),
            Part.heading(
                "Subject access report",
                "Everything Bluelamp holds about one person, and everyone who has looked at it (Data Protection Act 2018, right of access). The export is itself audited."
            ),
            .unwrap(error) { .div(.class("flash error"), .attribute(named: "role", value: "alert"), .text($0)) },
            .form(
                .class("stack"), .method(.get), .action(Paths.subjectAccessExport),
                .component(
                    Part.field(
                        "Person", name: "person", value: person, required: true,
                        hint:
                            "The person's reference: `officer:42` (an officer), `person:40` (a victim, witness or suspect), `rso:26` (a registered offender), `wanted:3` (a wanted suspect) or `iom:5` (an IOM cohort member)."
                    )),
                .component(
                    Part.field(
                        "Reason", name: "reason", required: true,
                        hint: "Why the report is made, e.g. the request reference.")),
                .button(.type(.submit), "Download the report (JSON)")
            )
        )
    }
}

/// CSV for the audit export.
enum AuditCSV {
    static let header = "sequence,at,user,role,action,record_type,record_id,person,reason,address,request_id,outcome"

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    static func field(_ value: String) -> String {
        var v = value
        // A leading =, +, - or @ would be run as a formula by spreadsheet programs.
        if let first = v.first, "=+-@".contains(first) { v = "'" + v }
        if v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }

    static func row(_ e: AuditEntry) -> String {
        [
            String(e.sequence), timestamp(e.at), e.actorUsername, e.role ?? "", e.action.rawValue, e.recordType,
            e.recordID ?? "",
            e.subjectPersonID ?? "", e.reason ?? "", e.address ?? "", e.requestID ?? "", e.outcome,
        ].map(field).joined(separator: ",")
    }
}
