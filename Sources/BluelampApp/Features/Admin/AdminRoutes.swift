import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

struct AdminRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin")
        admin.get("users", use: users).requires(.manageUsers)
        admin.get("users", "new", use: newUser).requires(.manageUsers)
        admin.post("users", use: createUser).requires(.manageUsers)
        admin.get("users", ":id", use: showUser).requires(.manageUsers)
        admin.post("users", ":id", use: updateUser).requires(.manageUsers)
        admin.post("users", ":id", "password", use: resetPassword).requires(.manageUsers)
        admin.post("users", ":id", "disable", use: disable).requires(.manageUsers)
        admin.post("users", ":id", "enable", use: enable).requires(.manageUsers)
        admin.get("roles", use: roles).requires(.viewAudit)
        admin.get("audit", use: audit).requires(.viewAudit)
        admin.get("audit.csv", use: auditCSV).requires(.viewAudit)
        admin.get("subject-access", use: subjectAccess).requires(.viewAudit)
        admin.get("subject-access", "export", use: subjectAccessExport).requires(.viewAudit)
    }

    // MARK: - Users

    func service(_ req: Request) -> AdministrationService {
        AdministrationService(
            req.service, passwords: req.password.async, policy: req.application.settings.passwordPolicy)
    }

    @Sendable func users(_ req: Request) async throws -> Response {
        let model = UserListPage.Model(
            users: try await service(req).users(), csrf: req.session?.csrfToken,
            notice: try? req.query.get(String.self, at: "notice"))
        return Layout.response(UserListPage(model: model).render(), title: "Users", request: req)
    }

    @Sendable func newUser(_ req: Request) async throws -> Response {
        form(req, account: nil, username: "", displayName: "", grants: [], errors: [])
    }

    func form(
        _ req: Request, account: UserAccount?, username: String, displayName: String, grants: [RoleGrant],
        errors: [String], notice: String? = nil
    ) -> Response {
        let model = UserFormPage.Model(
            account: account, username: username, displayName: displayName, grants: grants,
            errors: errors, notice: notice, csrf: req.session?.csrfToken)
        return Layout.response(
            UserFormPage(model: model).render(), title: account == nil ? "Create a user" : username,
            request: req, status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// Reads the per-role scope fields; each bad one becomes a problem naming the role.
    static func grants(from req: Request) -> (grants: [RoleGrant], errors: [String]) {
        var grants: [RoleGrant] = []
        var errors: [String] = []
        for role in Role.allCases {
            let raw = ((try? req.content.get(String.self, at: "scope_\(role.rawValue)")) ?? "").trimmingCharacters(
                in: .whitespaces)
            guard !raw.isEmpty else { continue }
            if let scope = Scope(codes: raw) {
                grants.append(RoleGrant(role: role, scope: scope))
            } else {
                errors.append("\(role.name): \"\(raw)\" is not a scope. Write FORCE, or BCU codes such as CE, CN.")
            }
        }
        return (grants, errors)
    }

    @Sendable func createUser(_ req: Request) async throws -> Response {
        let username = ((try? req.content.get(String.self, at: "username")) ?? "").trimmingCharacters(in: .whitespaces)
            .lowercased()
        let displayName = ((try? req.content.get(String.self, at: "display_name")) ?? "").trimmingCharacters(
            in: .whitespaces)
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let (grants, grantErrors) = Self.grants(from: req)
        func again(_ errors: [String]) -> Response {
            form(req, account: nil, username: username, displayName: displayName, grants: grants, errors: errors)
        }
        guard grantErrors.isEmpty else { return again(grantErrors) }
        do {
            let id = try await service(req).createUser(
                UserDraft(username: username, displayName: displayName, password: password, grants: grants))
            return req.redirect(to: Paths.user(id, notice: "created"))
        } catch ServiceError.invalid(let problems) {
            return again(problems.errors.map(\.description))
        }
    }

    func account(_ req: Request) async throws -> UserAccount {
        guard let id = req.parameters.get("id", as: Int.self) else {
            throw Abort(.notFound, reason: "There is no such user.")
        }
        return try await run { try await service(req).account(id) }
    }

    @Sendable func showUser(_ req: Request) async throws -> Response {
        let account = try await account(req)
        let notice: String? =
            switch try? req.query.get(String.self, at: "notice") {
            case "created": "User created. Give them their temporary password through a secure channel."
            case "saved": "Roles saved."
            case "password": "Password reset. They must change it at their next sign-in."
            case "disabled": "Account disabled and signed out everywhere."
            case "enabled": "Account enabled."
            default: nil
            }
        return form(
            req, account: account, username: account.username, displayName: account.displayName, grants: account.grants,
            errors: [], notice: notice)
    }

    @Sendable func updateUser(_ req: Request) async throws -> Response {
        let account = try await account(req)
        let displayName = ((try? req.content.get(String.self, at: "display_name")) ?? "").trimmingCharacters(
            in: .whitespaces)
        let (grants, grantErrors) = Self.grants(from: req)
        func again(_ errors: [String]) -> Response {
            form(
                req, account: account, username: account.username, displayName: displayName, grants: grants,
                errors: errors)
        }
        guard grantErrors.isEmpty else { return again(grantErrors) }
        do {
            try await service(req).updateUser(account.id, displayName: displayName, grants: grants)
        } catch ServiceError.invalid(let problems) {
            return again(problems.errors.map(\.description))
        }
        return req.redirect(to: Paths.user(account.id, notice: "saved"))
    }

    @Sendable func resetPassword(_ req: Request) async throws -> Response {
        let account = try await account(req)
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        do {
            try await service(req).resetPassword(account.id, to: password)
        } catch ServiceError.invalid(let problems) {
            return form(
                req, account: account, username: account.username, displayName: account.displayName,
                grants: account.grants,
                errors: problems.errors.map(\.description))
        }
        return req.redirect(to: Paths.user(account.id, notice: "password"))
    }

    @Sendable func disable(_ req: Request) async throws -> Response {
        let account = try await account(req)
        do {
            try await service(req).setDisabled(account.id, true)
        } catch ServiceError.conflict(let text) {
            throw Abort(.unprocessableEntity, reason: text)
        }
        return req.redirect(to: Paths.user(account.id, notice: "disabled"))
    }

    @Sendable func enable(_ req: Request) async throws -> Response {
        let account = try await account(req)
        try await run { try await service(req).setDisabled(account.id, false) }
        return req.redirect(to: Paths.user(account.id, notice: "enabled"))
    }

    // MARK: - Roles and audit

    @Sendable func roles(_ req: Request) async throws -> Response {
        Layout.response(RolesPage(permissions: Permission.allCases).render(), title: "Roles", request: req)
    }

    struct AuditQuery: Content {
        var actor: String?
        var subject: String?
        var record_type: String?
        var record_id: String?
        var action: String?
        var from: String?
        var to: String?
        var before: Int?
    }

    static func filter(_ q: AuditQuery) throws -> AuditLog.Filter {
        func day(_ s: String?, field: String) throws -> Date? {
            guard let s, !s.isEmpty else { return nil }
            let f = DateFormatter()
            f.dateFormat = "yyyy-MM-dd"
            f.timeZone = TimeZone(identifier: "UTC")
            guard let d = f.date(from: s) else {
                throw Abort(.badRequest, reason: "\(field): \"\(s)\" is not a date (YYYY-MM-DD).")
            }
            return d
        }
        var action: AuditAction?
        if let a = q.action, !a.isEmpty {
            guard let parsed = AuditAction(rawValue: a) else {
                throw Abort(.badRequest, reason: "Action: \"\(a)\" is not an audit action.")
            }
            action = parsed
        }
        return AuditLog.Filter(
            actorUsername: q.actor?.lowercased(), subjectPersonID: q.subject, recordType: q.record_type,
            recordID: q.record_id,
            action: action, from: try day(q.from, field: "From"),
            to: try day(q.to, field: "To").map { $0.addingTimeInterval(86_400) })
    }

    @Sendable func audit(_ req: Request) async throws -> Response {
        let q = try req.query.decode(AuditQuery.self)
        let limit = 100
        let entries = try await service(req).auditLog(try Self.filter(q), before: q.before, limit: limit)
        let model = AuditPage.Model(
            entries: Array(entries.prefix(limit)), actor: q.actor ?? "", subject: q.subject ?? "",
            recordType: q.record_type ?? "",
            recordID: q.record_id ?? "", action: q.action ?? "", from: q.from ?? "", to: q.to ?? "",
            nextBefore: entries.count > limit ? entries[limit - 1].sequence : nil, isFirstPage: q.before == nil,
            verdict: nil)
        return Layout.response(AuditPage(model: model).render(), title: "Audit log", request: req)
    }

    @Sendable func auditCSV(_ req: Request) async throws -> Response {
        let q = try req.query.decode(AuditQuery.self)
        let filter = try Self.filter(q)
        let lines = [AuditCSV.header] + (try await service(req).exportAuditLog(filter)).map(AuditCSV.row)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "bluelamp-audit.csv")
        return Response(status: .ok, headers: headers, body: .init(string: lines.joined(separator: "\n") + "\n"))
    }

    @Sendable func subjectAccess(_ req: Request) async throws -> Response {
        let person = (try? req.query.get(String.self, at: "person")) ?? ""
        return Layout.response(
            SubjectAccessPage(csrf: req.session?.csrfToken, person: person, error: nil).render(),
            title: "Subject access report", request: req)
    }

    @Sendable func subjectAccessExport(_ req: Request) async throws -> Response {
        let person = ((try? req.query.get(String.self, at: "person")) ?? "").trimmingCharacters(in: .whitespaces)
        let reason = ((try? req.query.get(String.self, at: "reason")) ?? "").trimmingCharacters(in: .whitespaces)
        func refuse(_ message: String) -> Response {
            Layout.response(
                SubjectAccessPage(csrf: req.session?.csrfToken, person: person, error: message).render(),
                title: "Subject access report", request: req, status: .unprocessableEntity)
        }
        let report: SubjectAccessReport
        do {
            report = try await service(req).subjectAccessReport(person, reason: reason)
        } catch ServiceError.invalid(let problems) {
            let message = problems.errors.map(\.message).joined(separator: " ")
            return refuse(message.prefix(1).uppercased() + message.dropFirst())
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.contentDisposition = .init(
            .attachment, filename: "subject-access-\(person.replacingOccurrences(of: ":", with: "-")).json")
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(report)))
    }
}
