import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// `BLUELAMP_TRUST_FORWARDED_FOR` (issue 20, item 6: instances behind a load balancer). Off, `X-Forwarded-For` is
/// ignored (a client could forge it); on, the address the load balancer added, the header's last, is the client's.
@Suite struct ForwardedForTests {
    @Test func `behind a trusted load balancer the address it added is the client's; otherwise the header is ignored`()
        async throws
    {
        try await withTestApp { app in
            try await makeUser(app, "fwd", grants: [RoleGrant(role: .investigator, scope: .force)])
            func failOnce() async throws {
                let anonymous = "fwd-csrf"
                let response = try await app.testing().sendRequest(
                    .POST, "/sign-in",
                    headers: ["Cookie": "bluelamp_csrf=\(anonymous)", "X-Forwarded-For": "6.6.6.6, 10.1.2.3"]
                ) { req in
                    try req.content.encode(
                        ["username": "fwd", "password": "not-the-password-42", "csrf": anonymous, "next": "/"],
                        as: .urlEncodedForm)
                }
                #expect(response.status == .unauthorized || response.status == .ok)
            }
            try await failOnce()
            app.bluelamp.trustForwardedFor = true
            try await failOnce()
            let addresses = try await SignInFailure.query(on: app.db).sort(\.$id).all().map(\.address)
            #expect(addresses.count == 2)
            #expect(addresses.first != "6.6.6.6" && addresses.first != "10.1.2.3")
            #expect(addresses.last == "10.1.2.3")
        }
    }

    @Test func `the setting is read from BLUELAMP_TRUST_FORWARDED_FOR and is off unless set`() throws {
        #expect(try Settings(environment: ["BLUELAMP_TRUST_FORWARDED_FOR": "true"]).trustForwardedFor)
        #expect(try Settings(environment: [:]).trustForwardedFor == false)
        #expect(throws: Settings.Invalid.self) { try Settings(environment: ["BLUELAMP_TRUST_FORWARDED_FOR": "maybe"]) }
    }
}
