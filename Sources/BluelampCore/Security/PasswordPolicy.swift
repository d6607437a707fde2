/// The rules a new password must meet (issue 3): at least 12 characters, not a commonly used password,
/// not the username, and not a single repeated character or keyboard run.
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int
    /// Lower-cased common passwords; the app loads the shipped list (Resources/common-passwords.txt).
    public var commonPasswords: Set<String>

    public init(minimumLength: Int = 12, commonPasswords: Set<String>) {
        self.minimumLength = minimumLength
        self.commonPasswords = Set(commonPasswords.map { $0.lowercased() })
    }

    /// The reason the password is refused, or nil when it is acceptable.
    public func problem(with password: String, username: String) -> String? {
        if password.count < minimumLength {
            return "The password must be at least \(minimumLength) characters long."
        }
        let lowered = password.lowercased()
        if commonPasswords.contains(lowered) {
            return "That password is in the list of commonly used passwords; choose another."
        }
        if !username.isEmpty && lowered.contains(username.lowercased()) {
            return "The password must not contain the username."
        }
        if Set(password).count <= 2 {
            return "The password must not be one or two characters repeated."
        }
        let runs = [
            "0123456789012345678901234567890", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
            "qwertyuiopasdfghjklzxcvbnmqwertyuiop",
        ]
        if runs.contains(where: { $0.contains(lowered) }) {
            return "The password must not be a run of keys or digits."
        }
        return nil
    }
}
