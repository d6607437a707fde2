import Foundation

/// What was done to a record, for the append-only audit log (Data Protection Act 2018, s.62).
public enum AuditAction: String, CaseIterable, Codable, Sendable, Hashable {
    case read
    case create
    case update
    case export
    case signIn = "sign_in"
    case signInFailed = "sign_in_failed"
    case lockedOut = "locked_out"
    case signOut = "sign_out"
    case denied
    case admin

    /// The action in words, as the audit log page shows it.
    public var label: String {
        switch self {
        case .read: "Read"
        case .create: "Created"
        case .update: "Changed"
        case .export: "Exported"
        case .signIn: "Signed in"
        case .signInFailed: "Sign-in failed"
        case .lockedOut: "Locked out"
        case .signOut: "Signed out"
        case .denied: "Refused"
        case .admin: "Administration"
        }
    }
}

/// One audit log entry as it is hashed: every field that matters, in a fixed order.
///
/// The hash of entry n is SHA-256 over the previous entry's hash and this canonical text, so changing,
/// removing or reordering any stored entry breaks the chain from that entry on.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var sequence: Int
    public var at: Date
    public var actorUserID: Int?
    public var actorUsername: String
    public var role: String?
    public var action: AuditAction
    public var recordType: String
    public var recordID: String?
    /// The person the record is about (a person id), so a subject access report can find every look.
    public var subjectPersonID: String?
    public var reason: String?
    public var address: String?
    public var requestID: String?
    public var outcome: String

    public init(
        sequence: Int, at: Date, actorUserID: Int?, actorUsername: String, role: String?, action: AuditAction,
        recordType: String, recordID: String?, subjectPersonID: String?, reason: String?, address: String?,
        requestID: String?, outcome: String
    ) {
        self.sequence = sequence
        self.at = at
        self.actorUserID = actorUserID
        self.actorUsername = actorUsername
        self.role = role
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.subjectPersonID = subjectPersonID
        self.reason = reason
        self.address = address
        self.requestID = requestID
        self.outcome = outcome
    }

    /// The canonical text hashed into the chain. Milliseconds since 1970 keep the time exact on both databases.
    public var canonicalText: String {
        let millis = Int64((at.timeIntervalSince1970 * 1000).rounded())
        let fields: [String] = [
            String(sequence), String(millis), actorUserID.map(String.init) ?? "", actorUsername, role ?? "",
            action.rawValue, recordType, recordID ?? "", subjectPersonID ?? "", reason ?? "", address ?? "",
            requestID ?? "", outcome,
        ]
        return fields.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|") }
            .joined(separator: "|")
    }
}

/// The result of checking the audit chain.
public enum AuditChainVerdict: Sendable, Equatable {
    case intact(entries: Int)
    case broken(sequence: Int, reason: String)
}
