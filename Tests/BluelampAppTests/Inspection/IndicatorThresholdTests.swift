import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// A force sets its own band thresholds for an indicator; every banded figure then uses them.
@Suite struct IndicatorThresholdTests {
    static let unavailable = "workforce.officers-unavailable"

    /// The workforce card for CE with one officer in four on leave (25 %, inadequate by default).
    func card(_ app: Application, as browser: Browser) async throws -> String {
        let html = try await InspectionTesting.get(app, "/inspection?bcu=CE", as: browser).body.string
        let start = try #require(html.range(of: "id=\"area-building-supporting-and-protecting-the-workforce\""))
        return String(html[start.lowerBound...].prefix(4000))
    }

    func arrange(_ app: Application) async throws {
        var officers: [Int] = []
        for n in 1...4 { officers.append(try await makeOfficer(app, bcu: .centralEast, warrant: "81000\(n)")) }
        let officer = try #require(try await Officer.find(officers[0], on: app.db))
        officer.status = OfficerStatus.leave.rawValue
        try await officer.update(on: app.db)
    }

    @Test
    func `an administrator's thresholds re-band the figure on the dashboard, and clearing them restores the defaults`()
        async throws
    {
        try await withTestApp { app in
            try await arrange(app)
            let admin = try await signedIn(app, as: .administrator)
            #expect(try await card(app, as: admin).contains("badge band-inadequate"))

            let page = try await InspectionTesting.get(app, "/inspection/indicators", as: admin)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("/inspection/indicators/\(Self.unavailable)/thresholds"))

            let saved = try await InspectionTesting.post(
                app, "/inspection/indicators/\(Self.unavailable)/thresholds", as: admin,
                [
                    "good": "30", "adequate": "35", "requiresImprovement": "40",
                    "reason": "Force performance board, March 2025",
                ])
            #expect(saved.status == .seeOther)
            #expect(try await card(app, as: admin).contains("badge band-good"))
            let listed = try await InspectionTesting.get(app, "/inspection/indicators", as: admin).body.string
            #expect(listed.contains("Force policy, set by"))
            #expect(listed.contains("Force performance board, March 2025"))
            #expect(
                listed.contains("Return to Bluelamp&#x27;s defaults")
                    || listed.contains("Return to Bluelamp's defaults"))

            // The change is in the audit log with its reason.
            let audited = try await AuditLog.search(on: app.db, filter: .init(recordType: "indicator"), limit: 10)
            #expect(audited.map(\.recordID) == [Self.unavailable])
            #expect(audited.first?.reason == "Force performance board, March 2025")

            let cleared = try await InspectionTesting.post(
                app, "/inspection/indicators/\(Self.unavailable)/thresholds", as: admin, ["clear": "1"])
            #expect(cleared.status == .seeOther)
            #expect(try await card(app, as: admin).contains("badge band-inadequate"))
            #expect(try await IndicatorThresholdStore.all(on: app.db).isEmpty)
        }
    }

    @Test func `thresholds out of order, not numbers or without a reason are refused and nothing is saved`()
        async throws
    {
        try await withTestApp { app in
            let admin = try await signedIn(app, as: .administrator)
            let path = "/inspection/indicators/\(Self.unavailable)/thresholds"
            // Lower is better here: good must be the smallest edge.
            let backwards = try await InspectionTesting.post(
                app, path, as: admin, ["good": "10", "adequate": "5", "requiresImprovement": "1", "reason": "Board"])
            #expect(backwards.status == .unprocessableEntity)
            #expect(backwards.body.string.contains("thresholds must run good ≤ adequate ≤ requires improvement"))

            let words = try await InspectionTesting.post(
                app, path, as: admin, ["good": "ten", "adequate": "5", "requiresImprovement": "", "reason": "Board"])
            #expect(words.status == .unprocessableEntity)
            #expect(words.body.string.contains("Good from: enter a number."))
            #expect(words.body.string.contains("Requires improvement from: enter a number."))

            let noReason = try await InspectionTesting.post(
                app, path, as: admin, ["good": "1", "adequate": "3", "requiresImprovement": "6", "reason": "  "])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("Reason: say why"))

            let unknown = try await InspectionTesting.post(
                app, "/inspection/indicators/no.such.indicator/thresholds", as: admin,
                ["good": "1", "adequate": "3", "requiresImprovement": "6", "reason": "Board"])
            #expect(unknown.status == .notFound)
            #expect(try await IndicatorThresholdStore.all(on: app.db).isEmpty)
        }
    }

    @Test(arguments: [Role.performanceLead, .inspector, .supervisor])
    func `only those who set force policy may set thresholds`(role: Role) async throws {
        try await withTestApp { app in
            let browser = try await signedIn(app, as: role)
            let page = try await InspectionTesting.get(app, "/inspection/indicators", as: browser)
            if page.status == .ok { #expect(!page.body.string.contains("/thresholds\"")) }
            let refused = try await InspectionTesting.post(
                app, "/inspection/indicators/\(Self.unavailable)/thresholds", as: browser,
                ["good": "30", "adequate": "35", "requiresImprovement": "40", "reason": "Board"])
            #expect(refused.status == .forbidden)
            #expect(try await IndicatorThresholdStore.all(on: app.db).isEmpty)
        }
    }
}
