import BluelampCore
import Foundation
import Vapor

@testable import BluelampApp

/// The context a use case runs in when a test calls it directly, as `principal` (nil: the command line).
func serviceContext(_ app: Application, _ principal: Principal?, now: Date = Date()) -> ServiceContext {
    ServiceContext(
        database: app.db, now: now,
        audit: AuditContext(
            principal: principal, username: principal?.username ?? "command-line", address: "test", requestID: nil),
        forceName: "Metropolitan Police Service")
}

/// A user holding one role over `scope`, as the principal a use case is called for.
func servicePrincipal(_ app: Application, _ role: Role, _ scope: Scope, username: String? = nil) async throws
    -> Principal
{
    let name = username ?? "svc-\(role.rawValue)"
    let grants = [RoleGrant(role: role, scope: scope)]
    let id = try await makeUser(app, name, grants: grants)
    return Principal(userID: id, username: name, displayName: "Svc \(role.rawValue)", grants: grants)
}
