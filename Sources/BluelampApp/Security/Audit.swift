import BluelampCore
import BluelampPersistence
import Vapor

/// Writes audit entries for the request's signed-in person (DPA 2018 s.62: who, under which role,
/// what record, what action, when, from where, why).
enum Audit {
    static func record(
        _ request: Request, action: AuditAction, recordType: String, recordID: String? = nil,
        subjectPersonID: String? = nil, permission: Permission? = nil, bcu: BCU? = nil, reason: String? = nil,
        outcome: String = "ok"
    ) async throws {
        let principal = request.principal
        let role = permission.flatMap { principal?.role(for: $0, in: bcu) }?.rawValue
            ?? principal?.roles.min()?.rawValue
        try await AuditLog.append(
            on: request.db, at: request.now, actorUserID: principal?.userID, actorUsername: principal?.username ?? "anonymous",
            role: role, action: action, recordType: recordType, recordID: recordID, subjectPersonID: subjectPersonID,
            reason: reason, address: request.clientAddress, requestID: request.requestID, outcome: outcome)
    }
}
