import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The queue of reports awaiting their recording decision, and the crime page's account of the decision
/// (issue 15), signed in as the roles that can and cannot see them.
@Suite struct RecordingQueuePagesTests {
    @Test(arguments: [Role.investigator, .supervisor, .allocator, .offenderManager, .performanceLead])
    func `the queue lists the reports in scope oldest first, with the time left and the overdue in words`(role: Role)
        async throws
    {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            let overdue = try await makeReport(app, bcu: .centralEast, hoursAgo: 26.5)
            let due = try await makeReport(app, bcu: .centralEast, hoursAgo: 18.8)
            _ = try await makeReport(app, bcu: .southEast, hoursAgo: 1)
            let browser = try await signedIn(app, as: role, scope: .bcus([.centralEast]))

            let page = try await app.testing().sendRequest(
                .GET, "/crimes/awaiting-decision", headers: browser.headers())

            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains(#"<strong id="awaiting-count">2</strong>"#))
            #expect(html.contains("1 past the 24 hours allowed"))
            #expect(html.contains("Overdue by 2 h 30 min"))
            #expect(html.contains("5 h 12 min left"))
            #expect(html.contains(#"<tr class="overdue" role="row">"#))
            let first = try #require(html.range(of: "/crimes/\(overdue)#recording-decision"))
            let second = try #require(html.range(of: "/crimes/\(due)#recording-decision"))
            #expect(first.lowerBound < second.lowerBound)
            #expect(!html.contains("SE-"))
            #expect(html.contains(#"href="/crimes/awaiting-decision""#))  // in the menu
        }
    }

    @Test(arguments: [Role.inspector, .administrator])
    func `roles that may not read crimes are refused the queue`(role: Role) async throws {
        try await withTestApp { app in
            let browser = try await signedIn(app, as: role, scope: .force)
            let page = try await app.testing().sendRequest(
                .GET, "/crimes/awaiting-decision", headers: browser.headers())
            #expect(page.status == .forbidden)
        }
    }

    @Test func `a shorter allowance in the policy makes the same report overdue on the queue`() async throws {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            _ = try await makeReport(app, bcu: .centralEast, hoursAgo: 18.8)
            try await CrimeRecordingPolicyStore.save(
                CrimeRecordingPolicy(allowanceHours: 12), reason: "Force decision",
                actor: CrimeActor(userID: nil, name: "Admin"),
                now: recordingTestNow, on: app.db)
            let browser = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            let html = try await app.testing().sendRequest(
                .GET, "/crimes/awaiting-decision", headers: browser.headers()
            ).body.string
            #expect(html.contains("Overdue by 6 h 48 min"))
            #expect(html.contains("12 hours, policy version 1 set by Admin"))
        }
    }

    @Test func `the crime page says how long is left, and the decision made on it stops the clock`() async throws {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            let id = try await makeReport(app, bcu: .centralEast, hoursAgo: 21)
            let browser = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            let before = try await app.testing().sendRequest(.GET, "/crimes/\(id)", headers: browser.headers()).body
                .string
            #expect(before.contains("Awaiting recording decision — 3 h left"))
            #expect(before.contains(#"id="recording-decision""#))

            // No crime without a reason: refused beside its label, nothing changed.
            let refused = try await app.testing().sendRequest(
                .POST, "/crimes/\(id)/recording-decision", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    ["csrf": browser.csrf, "decision": "no_crime", "reason": ""], as: .urlEncodedForm)
            }
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Reason: say why no crime was committed"))

            let made = try await app.testing().sendRequest(
                .POST, "/crimes/\(id)/recording-decision", headers: browser.headers()
            ) { req in
                try req.content.encode(["csrf": browser.csrf, "decision": "crime"], as: .urlEncodedForm)
            }
            #expect(made.status == .seeOther)
            let after = try await app.testing().sendRequest(.GET, "/crimes/\(id)", headers: browser.headers()).body
                .string
            #expect(after.contains("Decided within 24 hours"))
            #expect(after.contains("Recorded as a crime by"))
            #expect(!after.contains(#"id="recording-decision""#))

            // A second decision is a conflict.
            let again = try await app.testing().sendRequest(
                .POST, "/crimes/\(id)/recording-decision", headers: browser.headers()
            ) { req in
                try req.content.encode(
                    ["csrf": browser.csrf, "decision": "incident", "reason": "x"], as: .urlEncodedForm)
            }
            #expect(again.status == .conflict)
        }
    }

    @Test func `a decision made late says how long it took, and an imported crime says its decision is unknown`()
        async throws
    {
        try await withTestApp { app in
            app.clock = { recordingTestNow }
            let id = try await makeReport(app, bcu: .centralEast, hoursAgo: 31.25)
            let browser = try await signedIn(app, as: .investigator, scope: .force)
            _ = try await app.testing().sendRequest(
                .POST, "/crimes/\(id)/recording-decision", headers: browser.headers()
            ) { req in
                try req.content.encode(["csrf": browser.csrf, "decision": "crime"], as: .urlEncodedForm)
            }
            let late = try await app.testing().sendRequest(.GET, "/crimes/\(id)", headers: browser.headers()).body
                .string
            #expect(late.contains("Decided after 31 h"))

            _ = try await PoliceUKImporter.importFile(
                path: RecordingDecisionTimePagesTests.sample.path,
                options: .init(importedBy: "test", now: recordingTestNow), on: app.db)
            let imported = try #require(
                try await CrimeRecord.query(on: app.db).filter(\.$importBatch.$id != nil).first())
            let page = try await app.testing().sendRequest(
                .GET, "/crimes/\(try imported.requireID())", headers: browser.headers())
            #expect(page.body.string.contains("Recording decision unknown (imported)"))
        }
    }

    @Test func `an administrator sets the allowance on the policy page; others are refused it`() async throws {
        try await withTestApp { app in
            let admin = try await signedIn(app, as: .administrator, scope: .force)
            let home = try await app.testing().sendRequest(.GET, "/crimes/recording-policy", headers: admin.headers())
            #expect(home.status == .ok)
            #expect(home.body.string.contains(#"href="/crimes/recording-policy""#))  // in the menu
            #expect(home.body.string.contains("24 hours"))
            let response = try await app.testing().sendRequest(
                .POST, "/crimes/recording-policy", headers: admin.headers()
            ) { req in
                try req.content.encode(
                    ["csrf": admin.csrf, "allowance_hours": "12", "reason": "Force decision"], as: .urlEncodedForm)
            }
            #expect(response.status == .seeOther)
            #expect(try await CrimeRecordingPolicyStore.current(on: app.db).policy.allowanceHours == 12)
            let investigator = try await signedIn(app, as: .investigator, scope: .force)
            #expect(
                try await app.testing().sendRequest(.GET, "/crimes/recording-policy", headers: investigator.headers())
                    .status == .forbidden)
        }
    }
}
