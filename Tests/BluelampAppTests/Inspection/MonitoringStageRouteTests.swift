import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

private let stageChangeReason = "HM Chief Inspector moved the force to Engage over crime recording"

/// Recording a change of monitoring stage on the monitoring page. The Met's history ends in Scan
/// since 23 January 2025; "now" is 1 March 2025.
@Suite struct MonitoringStageRouteTests {
    static let reason = stageChangeReason
    static let source = "HMICFRS letter to the Commissioner, 20 February 2025"

    func setUp(_ app: Application) async throws {
        app.clock = { InspectionTesting.now }
        try await InspectionTesting.loadHistory(app)
    }

    func changeStage(_ app: Application, as browser: Browser, _ fields: [String: String]) async throws
        -> TestingHTTPResponse
    {
        try await InspectionTesting.post(app, "/inspection/monitoring/stage", as: browser, fields)
    }

    /// The periods as (stage, entered, exited) days, to compare before and after.
    func periods(_ app: Application) async throws -> [String] {
        try await MonitoringStore.periods(on: app.db).map {
            "\($0.period.stage.rawValue) \(InspectionJSON.dayString(of: $0.period.entered))–"
                + ($0.period.exited.map(InspectionJSON.dayString(of:)) ?? "open")
                + " \($0.period.exitReasons.count)"
        }
    }

    @Test func `a performance lead moves the force to Engage and the Scan period closes`() async throws {
        try await withTestApp { app in
            try await setUp(app)
            let lead = try await signedIn(app, as: .performanceLead, username: "lead")
            let form = try await InspectionTesting.get(app, "/inspection/monitoring", as: lead)
            #expect(form.body.string.contains("Record a change of stage"))

            let response = try await changeStage(
                app, as: lead, ["stage": "engage", "date": "2025-02-20", "reason": Self.reason, "source": Self.source])
            #expect(response.status == .seeOther)

            let stored = try await MonitoringStore.periods(on: app.db)
            #expect(stored.count == 3)
            let scan = try #require(stored.first { $0.period.stage == .scan })
            #expect(scan.period.exited == InspectionJSON.day(2025, 2, 20))
            #expect(scan.period.exitReasons == [Self.reason])
            let engage = try #require(stored.last)
            #expect(engage.period.stage == .engage)
            #expect(engage.period.entered == InspectionJSON.day(2025, 2, 20))
            #expect(engage.period.exited == nil)
            #expect(engage.period.entryReasons == [Self.reason])
            #expect(engage.period.sources.map(\.reference) == [Self.source])
            #expect(engage.forceName == "Metropolitan Police Service")
            #expect(MonitoringHistory.problems(in: stored.map(\.period)).isEmpty)
            #expect(MonitoringHistory.stage(at: InspectionTesting.now, in: stored.map(\.period)) == .engage)

            let page = try await InspectionTesting.get(app, "/inspection/monitoring?notice=stage", as: lead)
            let html = page.body.string
            #expect(html.contains("Change of stage recorded."))
            #expect(html.contains("20 February 2025 – now"))
            #expect(html.contains("23 January 2025 – 20 February 2025"))
            #expect(html.contains("Why it ended"))
            #expect(html.contains(Self.source))
        }
    }

    @Test func `an inspector cannot change the stage`() async throws {
        try await withTestApp { app in
            try await setUp(app)
            let inspector = try await signedIn(app, as: .inspector, username: "visiting-inspector")
            let before = try await periods(app)
            let page = try await InspectionTesting.get(app, "/inspection/monitoring", as: inspector)
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("Record a change of stage"))
            let response = try await changeStage(
                app, as: inspector, ["stage": "engage", "date": "2025-02-20", "reason": Self.reason])
            #expect(response.status == .forbidden)
            #expect(try await periods(app) == before)
        }
    }

    @Test(arguments: [
        (["stage": "engage", "date": "2025-01-22", "reason": stageChangeReason], "Date:"),
        (["stage": "engage", "date": "2025-01-23", "reason": stageChangeReason], "Date:"),
        (["stage": "engage", "date": "2025-03-02", "reason": stageChangeReason], "Date:"),
        (["stage": "engage", "date": "20/02/2025", "reason": stageChangeReason], "Date:"),
        (["stage": "scan", "date": "2025-02-20", "reason": stageChangeReason], "Stage:"),
        (["stage": "amber", "date": "2025-02-20", "reason": stageChangeReason], "Stage:"),
        (["stage": "engage", "date": "2025-02-20", "reason": "   "], "Reason:"),
        (["stage": "engage", "date": "2025-02-20"], "Reason:"),
    ])
    func `a bad change is refused naming the field and saves nothing`(fields: [String: String], field: String)
        async throws
    {
        try await withTestApp { app in
            try await setUp(app)
            let lead = try await signedIn(app, as: .performanceLead, username: "lead")
            let before = try await periods(app)
            let response = try await changeStage(app, as: lead, fields)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains(field))
            #expect(try await periods(app) == before)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$recordType == "monitoring").count() == 0)
        }
    }

    @Test func `the change is audited with who made it and why`() async throws {
        try await withTestApp { app in
            try await setUp(app)
            let lead = try await signedIn(app, as: .performanceLead, username: "lead")
            let response = try await changeStage(
                app, as: lead, ["stage": "engage", "date": "2025-02-20", "reason": Self.reason, "source": Self.source])
            #expect(response.status == .seeOther)
            let opened = try #require(try await MonitoringStore.periods(on: app.db).last)
            let events = try await AuditEvent.query(on: app.db).filter(\.$recordType == "monitoring").all()
            #expect(events.count == 1)
            let event = try #require(events.first)
            #expect(event.action == "update")
            #expect(event.actorUsername == "lead")
            #expect(event.recordID == String(opened.id))
            #expect(event.reason?.contains(Self.reason) == true)
            #expect(event.reason?.contains(Self.source) == true)
            #expect(event.outcome.contains("engage from 2025-02-20"))
        }
    }
}
