import Foundation

/// Random secrets for session cookies, CSRF tokens, API tokens and generated passwords.
public enum Secret {
    /// 32 random bytes from the system's secure generator, base64url without padding (43 characters).
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
