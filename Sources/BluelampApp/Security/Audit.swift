import BluelampCore
import BluelampPersistence
import FluentKit
import Vapor

/// Who acts, under which roles and from where, for the audit log (DPA 2018 s.62: who, under which role,
/// what record, what action, when, from where, why). Built from a request — a page or an API call — or for
/// a command run on the server, so every way into a use case is audited the same way.
struct AuditContext: Sendable {
    /// The signed-in person or token; nil for a command run by whoever has the server's shell.
    var principal: Principal?
    var username: String
    var address: String?
    var requestID: String?
    /// The application's group-commit writer, for entries outside a transaction; nil writes each entry at once.
    var writer: AuditWriter?

    init(principal: Principal?, username: String, address: String?, requestID: String?, writer: AuditWriter? = nil) {
        self.principal = principal
        self.username = username
        self.address = address
        self.requestID = requestID
        self.writer = writer
    }

    init(request: Request) {
        self.init(
            principal: request.principal, username: request.principal?.username ?? "anonymous",
            address: request.clientAddress, requestID: request.requestID, writer: request.application.auditWriter)
    }

    /// A command run on the server (`bluelamp import police-uk`, `bluelamp allocation rebalance`): the actor is
    /// the command line, and the address names the command and the operating-system account that ran it.
    static func command(_ name: String) -> AuditContext {
        AuditContext(principal: nil, username: "command-line", address: "\(name) (\(NSUserName()))", requestID: nil)
    }

    /// The role the action is taken under: the first role granting the permission over the record's BCU.
    func role(for permission: Permission?, in bcu: BCU?) -> String? {
        permission.flatMap { principal?.role(for: $0, in: bcu) }?.rawValue ?? principal?.roles.min()?.rawValue
    }

    func draft(
        action: AuditAction, recordType: AuditRecordType, recordID: String? = nil, subject: AuditSubject? = nil,
        permission: Permission? = nil, bcu: BCU? = nil, reason: String? = nil, outcome: String = "ok"
    ) -> AuditDraft {
        AuditDraft(
            actorUserID: principal?.userID, actorUsername: username, role: role(for: permission, in: bcu),
            action: action,
            recordType: recordType, recordID: recordID, subject: subject, reason: reason, address: address,
            requestID: requestID, outcome: outcome)
    }

    /// Appends one entry. On a database handle inside a transaction, it commits or rolls back with the change;
    /// outside one (a read, a refusal) it joins the group commit and returns once its transaction has committed.
    func append(
        on database: any Database, at now: Date, action: AuditAction, recordType: AuditRecordType,
        recordID: String? = nil,
        subject: AuditSubject? = nil, permission: Permission? = nil, bcu: BCU? = nil, reason: String? = nil,
        outcome: String = "ok"
    ) async throws {
        let entry = draft(
            action: action, recordType: recordType, recordID: recordID, subject: subject, permission: permission,
            bcu: bcu, reason: reason, outcome: outcome)
        try await append([entry], on: database, at: now)
    }

    /// Appends drafts, in the database's transaction when there is one, else through the group commit.
    func append(_ drafts: [AuditDraft], on database: any Database, at now: Date) async throws {
        if let writer, !database.inTransaction {
            try await writer.append(drafts, at: now)
        } else {
            try await AuditLog.append(drafts, at: now, on: database)
        }
    }
}

/// Writes audit entries for the request's signed-in person, outside any transaction: for reads and denials,
/// where there is no change to commit with. A change is audited by its use case, in the change's transaction.
enum Audit {
    static func record(
        _ request: Request, action: AuditAction, recordType: AuditRecordType, recordID: String? = nil,
        subject: AuditSubject? = nil, permission: Permission? = nil, bcu: BCU? = nil, reason: String? = nil,
        outcome: String = "ok"
    ) async throws {
        try await AuditContext(request: request).append(
            on: request.db, at: request.now, action: action, recordType: recordType, recordID: recordID,
            subject: subject,
            permission: permission, bcu: bcu, reason: reason, outcome: outcome)
    }
}
