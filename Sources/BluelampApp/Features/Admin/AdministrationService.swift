import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Vapor

/// Administration, every use case in one place: user accounts and their roles, the audit log and its export,
/// subject access reports. Each change is audited in its own transaction. The admin pages and the API's audit
/// handler are adapters over it; `bluelamp user create` calls `createUser` as the command line.
struct AdministrationService {
    var context: ServiceContext
    var passwords: AsyncPasswordHasher
    var policy: PasswordPolicy

    init(_ context: ServiceContext, passwords: AsyncPasswordHasher, policy: PasswordPolicy) {
        self.context = context
        self.passwords = passwords
        self.policy = policy
    }

    /// How a set of grants is written in the audit log: `investigator@CE+CN supervisor@FORCE`.
    static func grantsText(_ grants: [RoleGrant]) -> String {
        grants.map { "\($0.role.rawValue)@\($0.scope.codes.joined(separator: "+"))" }.joined(separator: " ")
    }

    // MARK: - Users

    func users() async throws -> [UserAccount] {
        try await UserStore.accounts(on: context.database)
    }

    func account(_ id: Int) async throws -> UserAccount {
        guard let account = try await UserStore.account(id: id, on: context.database) else {
            throw ServiceError.notFound("There is no such user.")
        }
        return account
    }

    /// Creates an account that must change its password at first sign-in unless `mustChangePassword` is false
    /// (the command line's chosen password). Returns its id.
    func createUser(_ draft: UserDraft, mustChangePassword: Bool = true) async throws -> Int {
        var problems = draft.problems(policy: policy)
        let username = draft.username.trimmingCharacters(in: .whitespaces).lowercased()
        if problems.isEmpty, try await UserStore.find(username: username, on: context.database) != nil {
            problems.append(FieldError(field: "username", label: "Username", message: "\(username) is already taken."))
        }
        guard problems.isEmpty else { throw ServiceError.invalid(FieldErrors(errors: problems)) }
        let hash = try await passwords.hash(draft.password)
        return try await context.transaction { tx in
            let id = try await UserStore.create(
                username: username, displayName: draft.displayName.trimmingCharacters(in: .whitespaces),
                passwordHash: hash,
                grants: draft.grants, mustChangePassword: mustChangePassword, on: tx.database)
            try await tx.audit(
                .admin, .user, id: String(id), permission: .manageUsers,
                outcome: "created with " + Self.grantsText(draft.grants))
            return id
        }
    }

    /// Renames an account and replaces its roles. An administrator cannot take away their own administrator role.
    func updateUser(_ id: Int, displayName: String, grants: [RoleGrant]) async throws {
        let account = try await account(id)
        let name = displayName.trimmingCharacters(in: .whitespaces)
        var problems: [FieldError] = []
        if name.isEmpty {
            problems.append(FieldError(field: "display_name", label: "Full name", message: "enter the person's name."))
        }
        if account.id == context.principal?.userID && !grants.contains(where: { $0.role == .administrator }) {
            problems.append(
                FieldError(
                    field: "roles", label: "Administrator", message: "you cannot remove your own administrator role."))
        }
        guard problems.isEmpty else { throw ServiceError.invalid(FieldErrors(errors: problems)) }
        try await context.transaction { tx in
            try await UserStore.rename(userID: id, displayName: name, on: tx.database)
            try await UserStore.replaceGrants(userID: id, grants: grants, on: tx.database)
            try await tx.audit(
                .admin, .user, id: String(id), permission: .manageUsers, outcome: "roles now " + Self.grantsText(grants)
            )
        }
    }

    /// Sets a temporary password the person must change at their next sign-in.
    func resetPassword(_ id: Int, to password: String) async throws {
        let account = try await account(id)
        if let problem = policy.problem(with: password, username: account.username) {
            throw ServiceError.invalid(field: "password", label: "New temporary password", problem)
        }
        let hash = try await passwords.hash(password)
        try await context.transaction { tx in
            try await UserStore.setPassword(userID: id, passwordHash: hash, mustChange: true, on: tx.database)
            try await tx.audit(.admin, .user, id: String(id), permission: .manageUsers, outcome: "password reset")
        }
    }

    /// Disables (signing the person out everywhere) or enables an account; nobody disables their own.
    func setDisabled(_ id: Int, _ disabled: Bool) async throws {
        _ = try await account(id)
        if disabled && id == context.principal?.userID {
            throw ServiceError.conflict("You cannot disable your own account.")
        }
        try await context.transaction { tx in
            try await UserStore.setDisabled(userID: id, disabled: disabled, on: tx.database)
            try await tx.audit(
                .admin, .user, id: String(id), permission: .manageUsers, outcome: disabled ? "disabled" : "enabled")
        }
    }

    // MARK: - The audit log

    /// A page of the log, newest first, with one entry more than `limit` when there is a next page; reading the log is
    /// itself audited (with the number of entries shown).
    func auditLog(_ filter: AuditLog.Filter, before: Int?, limit: Int) async throws -> [AuditEntry] {
        let entries = try await AuditLog.search(on: context.database, filter: filter, before: before, limit: limit + 1)
        try await context.audit(
            .read, .auditLog, permission: .viewAudit, outcome: "ok: \(min(entries.count, limit)) entries")
        return entries
    }

    /// Every entry the filter selects (at most a million), in pages of 5,000 to keep memory flat; audited as an export.
    func exportAuditLog(_ filter: AuditLog.Filter) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        var before: Int? = nil
        while entries.count < 1_000_000 {
            let page = try await AuditLog.search(on: context.database, filter: filter, before: before, limit: 5000)
            entries += page
            guard page.count == 5000, let last = page.last else { break }
            before = last.sequence
        }
        try await context.audit(.export, .auditLog, permission: .viewAudit, outcome: "ok: \(entries.count) entries")
        return entries
    }

    /// Everything held about a subject and every look at them, with the reason for the report; audited as an
    /// export of that person's records.
    func subjectAccessReport(_ text: String, reason: String) async throws -> SubjectAccessReport {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw ServiceError.invalid(field: "reason", label: "Reason", "give the reason for the report.")
        }
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let subject = AuditSubject(text: text),
            let report = try await SubjectAccessReport.build(subject, on: context.database, now: context.now)
        else {
            let kinds = AuditSubject.Kind.allCases.map { "\($0.rawValue):ID (\($0.label.lowercased()))" }.joined(
                separator: ", ")
            throw ServiceError.invalid(
                field: "person", label: "Person", "no person \"\(text)\" is held. Use a reference of the form \(kinds)."
            )
        }
        try await context.audit(
            .export, .subjectAccessReport, id: subject.text, subject: subject, permission: .viewAudit, reason: reason)
        return report
    }
}
