import BluelampCore
import Foundation
import Testing

@Suite struct ScopeTests {
    @Test func `FORCE covers every BCU`() {
        for bcu in BCU.allCases { #expect(Scope.force.covers(bcu)) }
    }

    @Test func `a BCU scope covers only its BCUs`() {
        let scope = Scope.bcus([.centralEast, .centralNorth])
        #expect(scope.covers(.centralEast))
        #expect(!scope.covers(.southEast))
        #expect(!scope.covers(.force))
    }

    @Test(arguments: [
        ("FORCE", Scope.force), ("CE", .bcus([.centralEast])), ("ce, cn", .bcus([.centralEast, .centralNorth])),
    ])
    func `scopes parse from codes`(text: String, scope: Scope) {
        #expect(Scope(codes: text) == scope)
    }

    @Test(arguments: ["", "XX", "FORCE, CE", "CE, ZZ"])
    func `bad scopes are refused`(text: String) {
        #expect(Scope(codes: text) == nil)
    }
}

@Suite struct AccessPolicyTests {
    @Test func `every permission is held by at least one role`() {
        for permission in Permission.allCases { #expect(!AccessPolicy.roles(for: permission).isEmpty, "\(permission)") }
    }

    @Test func `inspectors never hold a permission that reads a person's record`() {
        for permission in Permission.allCases where permission.touchesPersonalData {
            #expect(!AccessPolicy.allows(.inspector, permission), "\(permission)")
        }
        #expect(AccessPolicy.allows(.inspector, .viewInspection))
    }

    @Test func `only supervisors override allocations and decide escalations`() {
        #expect(AccessPolicy.roles(for: .overrideAllocation) == [.supervisor])
        #expect(AccessPolicy.roles(for: .decideEscalations) == [.supervisor])
    }

    @Test func `only administrators manage users and read the audit log`() {
        #expect(AccessPolicy.roles(for: .manageUsers) == [.administrator])
        #expect(AccessPolicy.roles(for: .viewAudit) == [.administrator])
    }

    @Test func `a principal holds a permission only within the scope of a role that grants it`() {
        let p = Principal(
            userID: 1, username: "a", displayName: "A",
            grants: [
                RoleGrant(role: .investigator, scope: .bcus([.centralEast])),
                RoleGrant(role: .performanceLead, scope: .force),
            ])
        #expect(p.can(.viewOfficers, in: .centralEast))
        #expect(p.can(.viewOfficers, in: .southEast))  // through the performance lead's force-wide scope
        #expect(p.can(.recordCrimes, in: .centralEast))
        #expect(!p.can(.recordCrimes, in: .southEast))
        #expect(p.scope(for: .recordCrimes) == .bcus([.centralEast]))
        #expect(p.role(for: .recordCrimes, in: .centralEast) == .investigator)
    }

    @Test func `a restricted principal never has more than its owner`() {
        let p = Principal(
            userID: 1, username: "a", displayName: "A", grants: [RoleGrant(role: .investigator, scope: .force)])
        let token = p.restricted(to: [.investigator, .administrator])
        #expect(token.roles == [.investigator])
        #expect(!token.can(.manageUsers))
    }
}

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy(commonPasswords: ["password123456", "qwertyuiop123"])

    @Test(arguments: [
        "short", "password123456", "PASSWORD123456", "aaaaaaaaaaaaaa", "abababababababab", "0123456789012",
        "asha-is-my-name-2026",
    ])
    func `weak passwords are refused`(password: String) {
        #expect(policy.problem(with: password, username: "asha") != nil)
    }

    @Test(arguments: ["correct-horse-battery-42", "Tower Bridge at dawn 9"])
    func `strong passwords are accepted`(password: String) {
        #expect(policy.problem(with: password, username: "asha") == nil)
    }
}

@Suite struct AuditEntryTests {
    func entry(reason: String? = nil) -> AuditEntry {
        AuditEntry(
            sequence: 1, at: Date(timeIntervalSince1970: 1_700_000_000.1234), actorUserID: 3, actorUsername: "asha",
            role: "investigator", action: .read, recordType: "officer", recordID: "12", subjectPersonID: "officer:12",
            reason: reason, address: "127.0.0.1", requestID: "r1", outcome: "ok")
    }

    @Test func `the canonical text keeps time to the millisecond`() {
        #expect(
            entry().canonicalText.hasPrefix(
                "1|1700000000123|3|asha|investigator|read|officer|12|officer:12||127.0.0.1|r1|ok"))
    }

    @Test func `a separator inside a field cannot forge another field`() {
        #expect(
            entry(reason: "a|b").canonicalText
                != entry(reason: "a").canonicalText.replacingOccurrences(of: "||127", with: "|a|b|127"))
        #expect(entry(reason: "a|b").canonicalText.contains("a\\|b"))
    }
}
