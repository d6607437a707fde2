import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// `/calls` over HTTP (issue 18): the figures of calls in the database for a period and a BCU, as charts with text
/// alternatives and tables, for roles holding `viewInspection`, scoped to their BCUs.
@Suite struct CallFiguresPageTests {
    /// Ten 999 calls in CE on 15 January 2025 answered in 1…10 seconds and one in CW in 30: 10 of 11 within 10 s.
    static func calls() -> [CallRecord] {
        let base = 1_736_931_600.0  // 2025-01-15T09:00:00Z
        var calls = (1...10).map { n in
            CallRecord(
                callID: "C\(n)", channel: .emergency, receivedAt: Date(timeIntervalSince1970: base + Double(n) * 60),
                answeredAfterSeconds: n, abandonedAfterSeconds: nil, grade: .immediate,
                attendedAt: Date(timeIntervalSince1970: base + Double(n) * 60 + 600), bcu: .centralEast,
                crimeReference: nil)
        }
        calls.append(
            CallRecord(
                callID: "W1", channel: .emergency, receivedAt: Date(timeIntervalSince1970: base + 7_200),
                answeredAfterSeconds: 30, abandonedAfterSeconds: nil, grade: nil, attendedAt: nil, bcu: .centralWest,
                crimeReference: nil))
        return calls
    }

    @Test func `a performance lead sees the force's figures, charts with text alternatives and tables`() async throws {
        try await withTestApp { app in
            try await CallStore.insert(Self.calls(), on: app.db)
            let lead = try await signedIn(app, as: .performanceLead)
            let page = try await app.testing().sendRequest(
                .GET, Paths.calls(from: "2025-01-01", to: "2025-01-31"), headers: lead.headers())
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("90.9% (10 of 11)"))
            #expect(html.contains("median 6 s, 90th percentile 10 s"))
            #expect(html.contains("Immediate (I) attended within 15 minutes"))
            #expect(html.contains("100.0% (10 of 10)"))
            #expect(html.contains("role=\"img\""))
            #expect(html.contains("below 90.0%: CW."))
            #expect(html.contains("<th scope=\"row\">CE</th>"))
            #expect(html.contains("<th scope=\"row\">09:00</th>"))
        }
    }

    @Test func `a supervisor in CE sees CE only, and is refused CW`() async throws {
        try await withTestApp { app in
            try await CallStore.insert(Self.calls(), on: app.db)
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let mine = try await app.testing().sendRequest(
                .GET, Paths.calls(from: "2025-01-01", to: "2025-01-31"), headers: supervisor.headers())
            #expect(mine.status == .ok)
            #expect(mine.body.string.contains("100.0% (10 of 10)"))
            let other = try await app.testing().sendRequest(
                .GET, Paths.calls(from: "2025-01-01", to: "2025-01-31", bcu: .centralWest),
                headers: supervisor.headers())
            #expect(other.status == .forbidden)
        }
    }

    @Test func `a bad period is refused with the field named, and roles without the permission are refused`()
        async throws
    {
        try await withTestApp { app in
            let lead = try await signedIn(app, as: .performanceLead)
            let bad = try await app.testing().sendRequest(
                .GET, Paths.calls(from: "2025-02-01", to: "2025-01-01"), headers: lead.headers())
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("From: must be on or before the To date"))
            let long = try await app.testing().sendRequest(
                .GET, Paths.calls(from: "2024-01-01", to: "2025-01-01"), headers: lead.headers())
            #expect(long.body.string.contains("at most 92 days"))
            let investigator = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            let refused = try await app.testing().sendRequest(.GET, Paths.calls(), headers: investigator.headers())
            #expect(refused.status == .forbidden)
        }
    }
}
