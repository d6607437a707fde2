import BluelampCore
import BluelampPersistence
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// `/forensics` below the queue (issue 18): the waiting-time distribution and the backlog trend, each a chart with a
/// text alternative and a table, computed from the devices in the viewer's BCUs.
@Suite struct ForensicsTrendPageTests {
    @Test func `the queue page shows waits and the weekly backlog of the viewer's devices`() async throws {
        try await withTestApp { app in
            let crimeID = try await makeCrime(app, bcu: .centralEast)
            let investigator = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            for device in ["phone", "computer"] {
                _ = try await ForensicsFlowTests.post(
                    app, Paths.crimeForensics(crimeID), as: investigator,
                    [("device_type", device), ("reason", "Messages"), ("risk_to_children", "no"), ("priority", "2")])
            }
            // One device started three days after it was submitted: an actual wait in the 2–7 days band.
            let sql = app.db as! any SQLDatabase
            let now = Date()
            try await sql.raw(
                """
                UPDATE forensic_submissions SET submitted_at = \(bind: now.addingTimeInterval(-4 * 86_400)),
                  started_at = \(bind: now.addingTimeInterval(-86_400)) WHERE device_type = 'computer'
                """
            ).run()

            let page = try await app.testing().sendRequest(
                .GET, Paths.forensicsQueue(), headers: investigator.headers())
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("<h2>Waiting times</h2>"))
            // The expected waits depend on the day the test runs (a weekend pushes the start to Monday); the actual one
            // does not.
            #expect(html.contains(#/<th scope="row">2–7 days</th><td>\d</td><td>1</td>/#))
            #expect(html.contains("<h2>Backlog</h2>"))
            #expect(html.contains("aria-label=\"Devices by wait: under 1 day expected"))
            // Now only the phone is waiting (the computer has started).
            #expect(html.contains("<td>1</td></tr></tbody></table></section>"))

            let other = try await signedIn(app, as: .investigator, scope: .bcus([.southEast]))
            let theirs = try await app.testing().sendRequest(.GET, Paths.forensicsQueue(), headers: other.headers())
            #expect(theirs.body.string.contains("<th scope=\"row\">2–7 days</th><td>0</td><td>0</td>"))
        }
    }
}
