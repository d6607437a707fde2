import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The administration and account use cases, called as the pages, the API and the commands call them.
@Suite struct AdministrationServiceTests {
    static func services(_ app: Application, as role: Role) async throws -> (
        AdministrationService, AccountService, Principal
    ) {
        let name = "svc-\(role.rawValue)"
        let grants = [RoleGrant(role: role, scope: .force)]
        let id = try await makeUser(app, name, grants: grants)
        let principal = Principal(userID: id, username: name, displayName: name, grants: grants)
        let context = ServiceContext(
            database: app.db, now: Date(),
            audit: AuditContext(principal: principal, username: name, address: "test", requestID: nil),
            forceName: "Metropolitan Police Service")
        let policy = app.bluelamp.passwordPolicy
        return (
            AdministrationService(context, passwords: app.password.async, policy: policy),
            AccountService(context, passwords: app.password.async, policy: policy), principal
        )
    }

    static func fields(_ work: () async throws -> Void) async -> [String] {
        do {
            try await work()
        } catch ServiceError.invalid(let problems) {
            return problems.errors.map(\.field)
        } catch {
            return ["unexpected: \(error)"]
        }
        return []
    }

    @Test
    func `a user is created once, audited with its roles, and a second with the same name is refused at the username`()
        async throws
    {
        try await withTestApp { app in
            let (admin, _, _) = try await Self.services(app, as: .administrator)
            let draft = UserDraft(
                username: "Asha.Khan", displayName: "Asha Khan", password: testPassword,
                grants: [RoleGrant(role: .investigator, scope: .bcus([.centralEast]))])
            let id = try await admin.createUser(draft)
            #expect(try await UserStore.account(id: id, on: app.db)?.username == "asha.khan")
            let entry = try #require(try await AuditEvent.query(on: app.db).filter(\.$recordType == "user").first())
            #expect(entry.outcome == "created with investigator@CE")
            #expect(await Self.fields { _ = try await admin.createUser(draft) } == ["username"])
            #expect(
                await Self.fields {
                    _ = try await admin.createUser(
                        UserDraft(username: "x", displayName: " ", password: "short", grants: []))
                }
                    == ["username", "display_name", "password"])
        }
    }

    @Test func `an administrator keeps their own administrator role and cannot disable themselves`() async throws {
        try await withTestApp { app in
            let (admin, _, principal) = try await Self.services(app, as: .administrator)
            #expect(
                await Self.fields {
                    try await admin.updateUser(
                        principal.userID, displayName: "Me", grants: [RoleGrant(role: .investigator, scope: .force)])
                } == ["roles"])
            await #expect(throws: ServiceError.self) { try await admin.setDisabled(principal.userID, true) }
            #expect(
                try await UserStore.account(id: principal.userID, on: app.db)?.grants.contains {
                    $0.role == .administrator
                } == true)
        }
    }

    @Test func `a token carries only roles its owner holds, and its creation and revocation are audited`() async throws
    {
        try await withTestApp { app in
            let (_, account, _) = try await Self.services(app, as: .investigator)
            #expect(
                await Self.fields { _ = try await account.createToken(name: "t", roles: ["administrator"], days: 30) }
                    == ["roles"])
            #expect(
                await Self.fields { _ = try await account.createToken(name: "", roles: ["investigator"], days: 8) } == [
                    "name", "days",
                ])
            let issued = try await account.createToken(name: "reports", roles: ["investigator"], days: 30)
            let revoked = try await account.revokeToken(issued.id)
            #expect(revoked.revokedAt != nil)
            let outcomes = try await AuditEvent.query(on: app.db).filter(\.$recordType == "api_token").sort(\.$id).all()
                .map(\.outcome)
            #expect(outcomes == ["roles investigator", "revoked"])
        }
    }
}
