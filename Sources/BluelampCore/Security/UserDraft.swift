import Foundation

/// A user account as an administrator (or the command line) asks for it, before it is checked.
public struct UserDraft: Sendable, Hashable {
    public var username: String
    public var displayName: String
    public var password: String
    public var grants: [RoleGrant]

    public init(username: String, displayName: String, password: String, grants: [RoleGrant]) {
        self.username = username
        self.displayName = displayName
        self.password = password
        self.grants = grants
    }

    /// The rule for usernames: 2 to 64 lower-case letters, digits, dots, hyphens or underscores.
    public static func isValidUsername(_ username: String) -> Bool {
        username.range(of: "^[a-z0-9._-]{2,64}$", options: .regularExpression) != nil
    }

    /// Every problem with the draft, keyed by field (`username`, `display_name`, `password`, `roles`); empty when it
    /// may be created. Whether the username is taken is the store's to say.
    public func problems(policy: PasswordPolicy) -> [FieldError] {
        var errors: [FieldError] = []
        let username = username.trimmingCharacters(in: .whitespaces).lowercased()
        if !Self.isValidUsername(username) {
            errors.append(
                FieldError(
                    field: "username", label: "Username",
                    message: "use 2 to 64 lower-case letters, digits, dots, hyphens or underscores."))
        }
        if displayName.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "display_name", label: "Full name", message: "enter the person's name."))
        }
        if let problem = policy.problem(with: password, username: username) {
            errors.append(FieldError(field: "password", label: "Initial password", message: problem))
        }
        if grants.isEmpty && errors.isEmpty {
            errors.append(FieldError(field: "roles", label: "Roles", message: "grant at least one role."))
        }
        return errors
    }
}
